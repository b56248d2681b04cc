using Bookings.Core.Admin;
using Bookings.Core.Store;
using Bookings.Web.Admin;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Admin.Calendar;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin;

/// <summary>
/// /admin/audit: every calendar's admin changes and those of local accounts, newest first, with the calendar's name, for tenant
/// admins only (anyone else: the not-found page). Times and the date filter in UTC (the calendars' zones differ); with
/// format=tsv|csv the range as a download.
/// </summary>
[Authorize(Policy = AdminAuth.Policy)]
public sealed class AuditLogModel(IMailboxStore mailboxStore, IAuditStore auditStore, TimeProvider time) : PageModel, IText
{
    public sealed record Row(AuditEntry Entry, Mailbox? Calendar);

    public AdminText Text => field ??= AdminText.For(Request);

    public bool IsPolish => Text.IsPolish;

    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool Truncated { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? from, string? to, string? format, CancellationToken ct)
    {
        AdminPage.Protect(this);
        if (!CalendarAccess.IsTenantAdmin(User)) return this.NotFoundPage(t => t.NotFoundHint);
        ViewData["Title"] = Text.Home.AuditLogOfEvery;
        var query = AuditView.Read(this, time.GetUtcNow(), TimeZoneInfo.Utc, from, to, format);
        (From, To) = (query.From, query.To);
        if (query.Error is { } error)
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var calendars = (await mailboxStore.ListMailboxesAsync(ct)).ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
        var max = query.Format is null ? AuditView.PageMax + 1 : AuditView.ExportMax;
        var rows = (await auditStore.ListAuditAsync(null, query.Start, query.End, max, ct))
            .Select(e => new Row(e, e.MailboxId is null ? null : calendars.GetValueOrDefault(e.MailboxId))).ToList();
        if (query.Format is { } kind)
            return AuditView.Download(this, $"audit-all-{From}-{To}",
                rows.Select(r => AuditView.Row(r.Entry, r.Calendar?.Slug ?? r.Entry.MailboxId, TimeZoneInfo.Utc)), kind);
        Truncated = rows.Count > AuditView.PageMax;
        Rows = [.. rows.Take(AuditView.PageMax)];
        return Page();
    }

    public static string When(DateTimeOffset at) => AuditView.When(at, TimeZoneInfo.Utc);
}
