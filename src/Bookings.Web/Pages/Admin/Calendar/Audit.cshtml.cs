using System.Globalization;
using Bookings.Core.Admin;
using Bookings.Core.Reports;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Bookings.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// /admin/{slug}/audit: the calendar's admin changes (who, when, what), newest first, for its administrators
/// (<see cref="AdminAction.ViewAudit"/>), filtered by a date range in the business zone; with format=tsv|csv the range as a download.
/// </summary>
public sealed class AuditModel(IMailboxStore mailboxStore, IAuditStore auditStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time), IText
{
    public override string Section => "audit";

    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>Whether more entries than the page shows fall in the range (the export has them all).</summary>
    public bool Truncated { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? from, string? to, string? format, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewAudit, ct)) return Missing();
        var query = AuditView.Read(this, Time.GetUtcNow(), Zone, from, to, format);
        (From, To) = (query.From, query.To);
        if (query.Error is { } error)
        {
            Errors.Add(error);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var max = query.Format is null ? AuditView.PageMax + 1 : AuditView.ExportMax;
        var entries = await AuditStore.ListAuditAsync(Mailbox.Id, query.Start, query.End, max, ct);
        if (query.Format is { } kind)
        {
            var rows = entries.Select(e => AuditView.Row(e, Mailbox.Slug, Zone));
            return AuditView.Download(this, $"audit-{Mailbox.Slug}-{From}-{To}", rows, kind);
        }
        Truncated = entries.Count > AuditView.PageMax;
        Entries = [.. entries.Take(AuditView.PageMax)];
        return Page();
    }

    public string When(DateTimeOffset at) => AuditView.When(at, Zone);
}

/// <summary>What the calendar's and the tenant's audit log pages share: the date filter, the rows of an export, the download.</summary>
public static class AuditView
{
    /// <summary>The most entries a page shows; the export holds up to <see cref="ExportMax"/>.</summary>
    public const int PageMax = 500;
    public const int ExportMax = 100_000;

    public static readonly IReadOnlyList<string> Header = ["At", "Calendar", "Actor", "Action", "Target", "Details"];

    public sealed record Query(string From, string To, DateTimeOffset Start, DateTimeOffset End, ReportFormat? Format, string? Error);

    /// <summary>
    /// The range (yyyy-MM-dd, both days included, in <paramref name="zone"/>; default: the last 120 days) and the export format
    /// (tsv|csv, or none: the page), or the error in the page's language.
    /// </summary>
    public static Query Read(IText page, DateTimeOffset now, TimeZoneInfo zone, string? from, string? to, string? format)
    {
        var (defaultFrom, defaultTo) = BookingReport.DefaultRange(now, zone);
        var fromText = string.IsNullOrWhiteSpace(from) ? BookingReport.FormatDate(defaultFrom) : from.Trim();
        var toText = string.IsNullOrWhiteSpace(to) ? BookingReport.FormatDate(defaultTo) : to.Trim();
        ReportFormat? kind = null;
        string? error = null;
        if (format is not null && (kind = BookingReport.ParseFormat(format)) is null)
            error = page.Text.Settings.ChooseTSVOrCSV;
        var first = BookingReport.ParseDate(fromText);
        var last = BookingReport.ParseDate(toText);
        if (error is null && (first is null || last is null))
            error = page.Text.Settings.EnterDatesAsYyyy;
        if (error is null && first is { } f && last is { } l)
        {
            if (f.Year is < 2000 or > 2200 || l.Year is < 2000 or > 2200) error = page.Text.Settings.DatesMustBeIn;
            else if (f > l) error = page.Text.Settings.TheStartDateMust;
        }
        if (error is not null) return new Query(fromText, toText, default, default, null, error);
        var (start, end) = BookingReport.Instants(first!.Value, last!.Value, zone);
        return new Query(fromText, toText, start, end, kind, null);
    }

    /// <summary>One export row: when (ISO 8601 with the zone's offset), the calendar's slug (empty for local accounts), who, what.</summary>
    public static IReadOnlyList<string?> Row(AuditEntry e, string? calendar, TimeZoneInfo zone) =>
        [TimeZones.InZone(e.At, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), calendar ?? "", e.Actor, e.Action, e.Target, e.Details];

    public static string When(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZones.InZone(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The rows as an attachment: cells neutralised against formula injection, never a tab or line break inside one.</summary>
    public static IActionResult Download(Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, string name, IEnumerable<IReadOnlyList<string?>> rows, ReportFormat format)
    {
        page.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.{BookingReport.Extension(format)}\"";
        return page.Content(DelimitedText.ToText(Header, rows, format), BookingReport.ContentType(format));
    }
}

/// <summary>A page that speaks English or Polish.</summary>
public interface IText
{
    AdminText Text { get; }
}
