using System.Globalization;
using Bookings.Core.Admin;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Microsoft.AspNetCore.Mvc;
using StoreTimeOff = Bookings.Core.Store.TimeOff;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// Time off and closures (/admin/{slug}/timeoff): the upcoming ones; add (a staff member, or the whole business) for a range of
/// date and time in the business zone or for whole days; remove. Administrators and schedulers manage anyone's; a team member only
/// their own. Adding queues the staff member's notice, as `bookings timeoff add` does.
/// </summary>
public sealed class TimeOffModel(IMailboxStore mailboxStore, IAuditStore auditStore, ITimeOffStore timeOffStore, IOutboxStore outboxStore, TimeProvider time, INotificationComposer composer) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public const string WholeBusiness = "*";

    public override string Section => "timeoff";

    public IReadOnlyList<StoreTimeOff> Upcoming { get; private set; } = [];

    [BindProperty] public string? StaffId { get; set; }
    [BindProperty] public bool AllDay { get; set; }
    [BindProperty] public string? FromDate { get; set; }
    [BindProperty] public string? FromTime { get; set; }
    [BindProperty] public string? ToDate { get; set; }
    [BindProperty] public string? ToTime { get; set; }
    [BindProperty] public string? Reason { get; set; }

    /// <summary>Whether the user may add and remove anyone's time off (else only their own, when they are staff).</summary>
    public bool ManagesAll => Can(AdminAction.ManageAppointments);

    /// <summary>The staff the user may add time off for (null entry: the whole business).</summary>
    public IEnumerable<BookingStaffMember?> Choices => ManagesAll
        ? Doc.StaffMembers.Prepend(null)
        : Can(AdminAction.ManageOwnAppointments) && Me is { } me ? [me] : [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.View, ct)) return Missing();
        var today = TimeZones.InZone(Time.GetUtcNow(), Zone).Date;
        FromDate = ToDate = today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        FromTime = "09:00";
        ToTime = "17:00";
        await BuildAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ManageOwnAppointments, ct)) return Missing();
        string? staffId = StaffId is null or "" or WholeBusiness ? null : StaffId;
        if (!MayManage(staffId)) return Missing();
        if (staffId is not null && Doc.FindStaff(staffId) is null) return Missing();

        var (start, end) = Range();
        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        if (start is { } s && end is { } e)
        {
            switch (StaffAdministration.Check(s, e, reason))
            {
                case TimeOffProblem.EndNotAfterStart: Errors.Add(Text.Agenda.EndAfterStart); break;
                case TimeOffProblem.TooLong:
                    Errors.Add(Text.Agenda.TimeOffTooLong((int)StaffAdministration.LongestTimeOff.TotalDays)); break;
                case TimeOffProblem.ReasonTooLong:
                    Errors.Add(Text.Agenda.TimeOffNoteTooLong(StaffAdministration.MaxReasonLength)); break;
            }
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await BuildAsync(ct);
            return Page();
        }
        var now = Time.GetUtcNow();
        var stored = await StaffAdministration.AddTimeOffAsync(timeOffStore, outboxStore, composer, Mailbox, staffId, start!.Value, end!.Value, reason, now,
            HttpContext.RequestServices.GetService<IOutboxSignal>(), ct);
        await AuditAsync("timeoff.add", stored.Id, Describe(stored), ct);
        return SeeOther($"/admin/{slug}/timeoff", saved: true);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string slug, string id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ManageOwnAppointments, ct)) return Missing();
        var all = await timeOffStore.ListTimeOffAsync(Mailbox.Id, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), ct);
        if (all.FirstOrDefault(t => t.Id == id) is not { } found || !MayManage(found.StaffId)) return Missing();
        if (!await timeOffStore.DeleteTimeOffAsync(Mailbox.Id, id, ct)) return Missing();
        await AuditAsync("timeoff.remove", id, Describe(found), ct);
        return SeeOther($"/admin/{slug}/timeoff", saved: true);
    }

    /// <summary>Anyone's (and closures) with ManageAppointments; only one's own with ManageOwnAppointments.</summary>
    private bool MayManage(string? staffId) =>
        ManagesAll || (staffId is not null && Can(AdminAction.ManageOwnAppointments) && Me is { } me && me.Id == staffId);

    private (DateTimeOffset? Start, DateTimeOffset? End) Range()
    {
        var fromDate = Date(FromDate, Text.Agenda.StartDate);
        var toDate = Date(ToDate, Text.Agenda.EndDate);
        if (AllDay)
        {
            if (fromDate is null || toDate is null) return (null, null);
            return (TimeZones.StartOfWallClock(Zone, fromDate.Value.ToDateTime(TimeOnly.MinValue)),
                TimeZones.StartOfWallClock(Zone, toDate.Value.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        }
        var fromTime = Clock(FromTime, Text.Agenda.StartTime);
        var toTime = Clock(ToTime, Text.Agenda.EndTime);
        if (fromDate is null || toDate is null || fromTime is null || toTime is null) return (null, null);
        return (TimeZones.StartOfWallClock(Zone, fromDate.Value.ToDateTime(fromTime.Value)),
            TimeZones.StartOfWallClock(Zone, toDate.Value.ToDateTime(toTime.Value)));
    }

    private DateOnly? Date(string? value, string what)
    {
        if (DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        Errors.Add(Text.Agenda.EnterDateAs(what));
        return null;
    }

    private TimeOnly? Clock(string? value, string what)
    {
        if (TimeOnly.TryParseExact(value?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        Errors.Add(Text.Agenda.EnterTimeAs(what));
        return null;
    }

    private async Task BuildAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        Upcoming = [.. (await timeOffStore.ListTimeOffAsync(Mailbox.Id, now, DateTimeOffset.MaxValue.AddYears(-1), ct)).Where(t => t.End > now).OrderBy(t => t.Start)];
    }

    private string Describe(StoreTimeOff t) =>
        $"{(t.StaffId is null ? "whole business" : "staff " + t.StaffId)}: {TimeZones.FormatInstant(t.Start, Zone)} – {TimeZones.FormatInstant(t.End, Zone)}";

    public string Who(StoreTimeOff t) => t.StaffId is null ? Text.Agenda.WholeBusiness : Doc.FindStaff(t.StaffId)?.DisplayName ?? t.StaffId;

    public bool CanRemove(StoreTimeOff t) => MayManage(t.StaffId);

    public string At(DateTimeOffset instant) => TimeZones.InZone(instant, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
