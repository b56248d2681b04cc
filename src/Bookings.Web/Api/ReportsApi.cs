using System.Security.Claims;
using Bookings.Core.Reports;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Bookings.Web.Admin;

namespace Bookings.Web.Api;

/// <summary>
/// <c>GET /api/v1/calendars/{slug}/report?from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;format=tsv|csv</c>: the bookings report
/// (<see cref="BookingReport"/>) for a signed-in administrator, scheduler or viewer of the calendar (the admin cookie; anyone
/// else 404, whether the calendar exists or not). Default: the last 120 days up to today in the business zone, TSV.
/// </summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/calendars/{slug}/report", Report)
            .WithName("GetReport")
            .WithTags("Reports")
            .RequireAuthorization("Admin");
        return app;
    }

    private static async Task<IResult> Report(string slug, string? from, string? to, string? format, ClaimsPrincipal user, HttpContext http,
        IMailboxStore mailboxStore, IAppointmentStore appointmentStore, TimeProvider time, CancellationToken ct)
    {
        // Customers' details: never cached, framed, indexed or sniffed into something runnable.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        if (await mailboxStore.GetMailboxBySlugAsync(slug, ct) is not { } mailbox || !CalendarAccess.CanSeeReports(user, mailbox.Document))
            return Problems.NotFound("calendar_not_found", "There is no such calendar.");

        var kind = BookingReport.ParseFormat(format ?? "tsv");
        if (kind is null) return Problems.BadRequest("invalid_format", "Unknown report format.", "format", "Use tsv or csv.");
        var zone = TimeZones.Resolve(mailbox.Document.BusinessTimeZone);
        var (defaultFrom, defaultTo) = BookingReport.DefaultRange(time.GetUtcNow(), zone);
        var last = to is null ? defaultTo : BookingReport.ParseDate(to);
        if (last is null) return Problems.BadRequest("invalid_range", "The date range is not valid.", "to", "Use yyyy-MM-dd.");
        var first = from is null ? (to is null ? defaultFrom : last.Value.AddDays(-(BookingReport.DefaultDays - 1))) : BookingReport.ParseDate(from);
        if (first is null) return Problems.BadRequest("invalid_range", "The date range is not valid.", "from", "Use yyyy-MM-dd.");
        if (BookingReport.Validate(first.Value, last.Value) is { } error)
            return Problems.BadRequest("invalid_range", "The date range is not valid.", "from", error);

        var rows = await BookingReport.ReadAsync(appointmentStore, mailbox, first.Value, last.Value, ct);
        var fileName = $"bookings-{mailbox.Slug}-{BookingReport.FormatDate(first.Value)}-{BookingReport.FormatDate(last.Value)}.{BookingReport.Extension(kind.Value)}";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return Results.Text(BookingReport.ToText(rows, kind.Value), BookingReport.ContentType(kind.Value));
    }
}
