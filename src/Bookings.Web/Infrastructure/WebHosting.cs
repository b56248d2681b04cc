using System.Text.Json.Serialization;
using Bookings.Core.Booking;
using Bookings.Core.Notifications;
using Bookings.Hosting;
using Bookings.Web.Admin;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bookings.Web.Infrastructure;

public static class WebHosting
{
    public static IServiceCollection AddBookingsWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WebOptions, AnnotatedOptionsValidator<WebOptions>>(configuration);
        // Request paths hold secrets (/manage/{token}, invitation links): logs name route templates instead, at any level an
        // operator runs with. (Debug and Trace of Microsoft.AspNetCore.Routing and .Mvc still name paths: they are for a
        // developer's machine.)
        services.AddRequestLogScope();
        services.AddProblemDetails();
        // Core's refusals leaving an API endpoint: ProblemDetails, decided in one place (UseExceptionHandler below runs it).
        services.AddExceptionHandler<Bookings.Web.Api.BookingExceptionHandler>();
        services.AddBookingsRateLimiting(configuration);
        services.AddBookingsAdminAuth(configuration);
        var health = services.AddHealthChecks().AddCheck<StoreHealthCheck>("store").AddCheck<StaffSyncHealthCheck>("staff-calendar-sync");
        services.TryAddSingleton<StaffSyncHealthCheck>();
        if (StoreHosting.IsMicrosoft365(configuration))
        {
            // Mailboxes the app may not read (Bookings.Hosting registers IMailboxReachability for this store).
            health.AddCheck<CalendarsHealthCheck>("calendars");
            services.TryAddSingleton<CalendarsHealthCheck>();
        }
        services.AddOpenApi();
        services.AddRazorPages();
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All)); // pages write ą, ł, ’ as text, not &#x…; (<>&"' still encoded)
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddBookingsDataProtection();
        services.AddSingleton<IMessageTemplates>(_ => new Bookings.Core.Notifications.Templates.ScribanMessageTemplates());
        services.AddSingleton<INotificationComposer>(sp => new NotificationComposer(sp.GetRequiredService<IMessageTemplates>()));
        services.AddSingleton<Links>();
        services.AddSingleton<Bookings.Web.Api.AvailabilityResponseCache>();
        services.AddSingleton<BookingHandler>();
        services.AddSingleton<ManageHandler>();
        services.AddSingleton<AdminAppointments>();
        services.AddSingleton<StaffInvitations>();
        return services;
    }

    public static WebApplication UseBookingsWeb(this WebApplication app)
    {
        app.UseRequestLogScope();
        app.UseExceptionHandler();
        app.Use(static (context, next) =>
        {
            EveryAnswer(context.Response);
            return next(context);
        });
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseBookingsRateLimiting();
        app.UseBookingsAdminAuth();
        app.MapBookingsAdminAuth();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
                Console.WriteLine($"Bookings is serving {url}/book/contoso (admin app at {url}/admin, API at {url}/api/v1)");
        });
        return app;
    }

    /// <summary>
    /// The headers of every answer: no MIME sniffing, and no full URLs (which may hold a manage token) leak as referrers.
    /// Also set by the exception handler, whose answer starts from a cleared response.
    /// </summary>
    public static void EveryAnswer(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}

/// <summary>Top-level web settings.</summary>
public sealed class WebOptions
{
    /// <summary>Absolute base URL for links in answers and emails (e.g. https://book.contoso.com). Empty: the request's scheme and host.</summary>
    public string? PublicBaseUrl { get; set; }
}
