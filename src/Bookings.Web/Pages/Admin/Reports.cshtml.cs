using Bookings.Core.Calendars;
using Bookings.Core.Reports;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Bookings.Web.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin;

/// <summary>
/// The bookings report of a calendar for its administrators, schedulers and viewers: a form (dates, format) whose GET downloads
/// TSV or CSV (<see cref="BookingReport"/>). Anyone else gets the not-found page, whether the calendar exists or not.
/// </summary>
[Authorize(Policy = "Admin")]
public sealed class ReportsModel(IBookingStore store, TimeProvider time) : PageModel
{
    public Mailbox Mailbox { get; private set; } = null!;
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public ReportFormat Format { get; private set; } = ReportFormat.Tsv;
    public string? Error { get; private set; }

    /// <summary>Without a format: the form (default range). With one (the form's submit): the download, or the form with the error (400).</summary>
    public async Task<IActionResult> OnGetAsync(string slug, string? from, string? to, string? format, CancellationToken ct)
    {
        AdminPage.Protect(this);
        if (await store.GetMailboxBySlugAsync(slug, ct) is not { } mailbox || !CalendarAccess.CanSeeReports(User, mailbox.Document)) return NotFound();
        Mailbox = mailbox;
        var zone = TimeZones.Resolve(mailbox.Document.BusinessTimeZone);
        var (defaultFrom, defaultTo) = BookingReport.DefaultRange(time.GetUtcNow(), zone);
        From = from ?? BookingReport.FormatDate(defaultFrom);
        To = to ?? BookingReport.FormatDate(defaultTo);
        if (format is null) return Page();

        var kind = BookingReport.ParseFormat(format);
        var first = BookingReport.ParseDate(From);
        var last = BookingReport.ParseDate(To);
        Error = kind is null ? "Choose TSV or CSV."
            : first is null || last is null ? "Enter dates as yyyy-MM-dd."
            : BookingReport.Validate(first.Value, last.Value);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Format = kind!.Value;

        var rows = await BookingReport.ReadAsync(store, mailbox, first!.Value, last!.Value, ct);
        var fileName = $"bookings-{mailbox.Slug}-{BookingReport.FormatDate(first.Value)}-{BookingReport.FormatDate(last.Value)}.{BookingReport.Extension(Format)}";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return Content(BookingReport.ToText(rows, Format), BookingReport.ContentType(Format));
    }
}
