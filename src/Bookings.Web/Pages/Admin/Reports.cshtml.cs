using Bookings.Core.Admin;
using Bookings.Core.Reports;
using Bookings.Core.Store;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin;

/// <summary>
/// The bookings report of a calendar for its administrators, schedulers and viewers (<see cref="AdminAction.ViewReports"/>): a form
/// (dates, format) whose GET downloads TSV or CSV (<see cref="BookingReport"/>). Anyone else gets the not-found page, whether the
/// calendar exists or not.
/// </summary>
public sealed class ReportsModel(IMailboxStore mailboxStore, IAuditStore auditStore, IAppointmentStore appointmentStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "reports";

    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public ReportFormat Format { get; private set; } = ReportFormat.Tsv;

    /// <summary>Without a format: the form (default range). With one (the form's submit): the download, or the form with the error (400).</summary>
    public async Task<IActionResult> OnGetAsync(string slug, string? from, string? to, string? format, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewReports, ct)) return Missing();
        var (defaultFrom, defaultTo) = BookingReport.DefaultRange(Time.GetUtcNow(), Zone);
        From = from ?? BookingReport.FormatDate(defaultFrom);
        To = to ?? BookingReport.FormatDate(defaultTo);
        if (format is null) return Page();

        var kind = BookingReport.ParseFormat(format);
        var first = BookingReport.ParseDate(From);
        var last = BookingReport.ParseDate(To);
        var error = kind is null ? Text.Settings.ChooseTSVOrCSV
            : first is null || last is null ? Text.Settings.EnterDatesAsYyyyMM
            : RangeProblem(first.Value, last.Value);
        if (error is not null)
        {
            Errors.Add(error);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Format = kind!.Value;

        var rows = await BookingReport.ReadAsync(appointmentStore, Mailbox, first!.Value, last!.Value, ct);
        var fileName = $"bookings-{Mailbox.Slug}-{BookingReport.FormatDate(first.Value)}-{BookingReport.FormatDate(last.Value)}.{BookingReport.Extension(Format)}";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return Content(BookingReport.ToText(rows, Format), BookingReport.ContentType(Format));
    }

    /// <summary><see cref="BookingReport.Validate"/> in the page's language.</summary>
    private string? RangeProblem(DateOnly from, DateOnly to)
    {
        if (BookingReport.Validate(from, to) is null) return null;
        if (from.Year is < 2000 or > 2200 || to.Year is < 2000 or > 2200) return Text.Settings.ReportYears;
        if (from > to) return Text.Settings.ReportStartAfterEnd;
        return Text.Settings.ReportTooLong(BookingReport.MaxDays);
    }
}
