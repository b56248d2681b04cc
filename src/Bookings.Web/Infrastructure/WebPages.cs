using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bookings.Web.Infrastructure;

/// <summary>
/// Razor Pages and views with this assembly's pages, for everything that renders one: the app itself, and the sign-in pages
/// (<see cref="Admin.AdminAuth"/>) and overload pages (<see cref="RateLimiting"/>) also in a host whose application is another
/// assembly (a test host).
/// </summary>
public static class WebPages
{
    public static IServiceCollection AddBookingsPages(this IServiceCollection services)
    {
        // Pages write ą, ł, ’ as text, not &#x…; (<>&"' are still encoded).
        services.Replace(ServiceDescriptor.Singleton(HtmlEncoder.Create(UnicodeRanges.All)));
        services.AddRazorPages().ConfigureApplicationPartManager(parts =>
        {
            var assembly = typeof(WebPages).Assembly;
            if (parts.ApplicationParts.Any(p => p.Name == assembly.GetName().Name)) return;
            foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                parts.ApplicationParts.Add(part);
        });
        return services;
    }
}
