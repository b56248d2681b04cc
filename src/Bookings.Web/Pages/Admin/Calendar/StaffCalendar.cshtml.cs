using System.Globalization;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// The staff calendar: a day (rows per time, a column per staff member), a week (a row per staff member, a column per day) or a
/// month (a grid of weeks), for everyone or one staff member, with time off and closures, in the business zone.
/// </summary>
public sealed class StaffCalendarModel(IMailboxStore mailboxStore, IAuditStore auditStore, IAppointmentStore appointmentStore, ITimeOffStore timeOffStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "calendar";

    /// <summary>The dates the calendar shows (as the API's): a date outside them is a 400 that shows today instead.</summary>
    public static readonly DateOnly FirstDate = new(2000, 1, 1);
    public static readonly DateOnly LastDate = new(2200, 12, 31);

    public string View { get; private set; } = "week";

    /// <summary>Why the date asked for is not shown (it is outside <see cref="FirstDate"/>…<see cref="LastDate"/>).</summary>
    public string? DateProblem { get; private set; }
    public DateOnly Date { get; private set; }
    public DateOnly Today { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public string? StaffId { get; private set; }
    public IReadOnlyList<BookingStaffMember> Staff { get; private set; } = [];
    public IReadOnlyList<Appointment> Appointments { get; private set; } = [];
    public IReadOnlyList<TimeOff> TimeOff { get; private set; } = [];

    /// <summary>The rows of the day view: wall-clock times of the business zone.</summary>
    public IReadOnlyList<TimeOnly> Rows { get; private set; } = [];
    public TimeSpan Step { get; private set; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether the user may book for this staff member (anyone with ManageAppointments; a team member for themselves).</summary>
    public bool CanCreateFor(string staffId) =>
        Can(AdminAction.ManageAppointments) || (Can(AdminAction.ManageOwnAppointments) && Me is { } me && me.Id == staffId);

    public bool CanCreate => Can(AdminAction.ManageAppointments) || (Can(AdminAction.ManageOwnAppointments) && Me is not null);

    public async Task<IActionResult> OnGetAsync(string slug, string? view, string? date, string? staff, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.View, ct)) return Missing();
        View = view is "day" or "week" or "month" ? view : "week";
        Today = CalendarPage.LocalDate(Time.GetUtcNow(), Zone);
        Date = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : Today;
        if (Date < FirstDate || Date > LastDate)
        {
            DateProblem = Text.Agenda.NoSuchDate(Agenda.Iso(Date), Agenda.Iso(FirstDate), Agenda.Iso(LastDate));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Date = Today;
        }
        var everyone = Doc.StaffMembers.Where(s => s.MembershipStatus == MembershipStatus.Active || s.MembershipStatus == MembershipStatus.PendingAcceptance).ToList();
        if (!string.IsNullOrEmpty(staff))
        {
            if (Doc.FindStaff(staff) is not { } one) return Missing();
            StaffId = one.Id;
            Staff = [one];
        }
        else Staff = everyone;

        (From, To) = View switch
        {
            "day" => (Date, Date.AddDays(1)),
            "week" => (Agenda.Monday(Date), Agenda.Monday(Date).AddDays(7)),
            _ => (Agenda.Monday(new DateOnly(Date.Year, Date.Month, 1)),
                Agenda.Monday(new DateOnly(Date.Year, Date.Month, 1).AddMonths(1).AddDays(-1)).AddDays(7)),
        };
        var ids = Staff.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        Appointments = [.. (await Agenda.BookedAsync(appointmentStore, Mailbox.Id, Zone, From, To, ct)).Where(a => ids.Contains(a.StaffId))];
        TimeOff = [.. (await timeOffStore.ListTimeOffAsync(Mailbox.Id, Agenda.StartOf(From, Zone), Agenda.StartOf(To, Zone), ct))
            .Where(t => t.StaffId is null || ids.Contains(t.StaffId)).OrderBy(t => t.Start)];

        if (View == "day") BuildRows();
        return Page();
    }

    private void BuildRows()
    {
        var interval = Doc.SchedulingPolicy.TimeSlotInterval;
        Step = interval >= TimeSpan.FromMinutes(15) && interval <= TimeSpan.FromHours(2) ? interval : TimeSpan.FromMinutes(30);
        var hours = Doc.BusinessHours.Where(h => h.Day == Date.DayOfWeek).SelectMany(h => h.TimeSlots).ToList();
        var first = hours.Count > 0 ? hours.Min(h => h.StartTime) : TimeSpan.FromHours(8);
        var last = hours.Count > 0 ? hours.Max(h => h.EndTime) : TimeSpan.FromHours(18);
        foreach (var a in Appointments)
        {
            var s = Local(a.Start).TimeOfDay;
            var e = Local(a.End);
            if (s < first) first = s;
            var end = CalendarPage.LocalDate(a.End, Zone) > Date ? TimeSpan.FromDays(1) : e.TimeOfDay;
            if (end > last) last = end;
        }
        first = TimeSpan.FromTicks(first.Ticks - first.Ticks % Step.Ticks);
        var rows = new List<TimeOnly>();
        for (var t = first; t < last && t < TimeSpan.FromDays(1); t += Step) rows.Add(TimeOnly.FromTimeSpan(t));
        Rows = rows;
    }

    /// <summary>Whether the row of the day view starts now or later (a new appointment can go there).</summary>
    public bool IsAhead(TimeOnly row) => Core.Time.TimeZones.StartOfWallClock(Zone, Date.ToDateTime(row)) >= Time.GetUtcNow();

    public DateTime Local(DateTimeOffset instant) => Core.Time.TimeZones.InZone(instant, Zone).DateTime;

    /// <summary>The appointments of the staff member that start in the row [time, time + step) of the day.</summary>
    public IEnumerable<Appointment> InRow(string staffId, TimeOnly row)
    {
        var from = Date.ToDateTime(row);
        var to = from + Step;
        return Appointments.Where(a => a.StaffId == staffId && Local(a.Start) >= from && Local(a.Start) < to);
    }

    /// <summary>The time off (or closure) of the staff member that covers part of the row or day [from, to) of wall-clock time.</summary>
    public TimeOff? OffDuring(string? staffId, DateTime from, DateTime to) =>
        TimeOff.FirstOrDefault(t => (t.StaffId is null || t.StaffId == staffId) && Local(t.Start) < to && Local(t.End) > from);

    public IEnumerable<Appointment> AppointmentsOn(string? staffId, DateOnly day) =>
        Appointments.Where(a => (staffId is null || a.StaffId == staffId) && CalendarPage.LocalDate(a.Start, Zone) == day);

    public IEnumerable<TimeOff> OffOnDay(string? staffId, DateOnly day)
    {
        var (from, to) = (day.ToDateTime(TimeOnly.MinValue), day.AddDays(1).ToDateTime(TimeOnly.MinValue));
        return TimeOff.Where(t => (staffId is null ? true : t.StaffId is null || t.StaffId == staffId) && Local(t.Start) < to && Local(t.End) > from);
    }

    public string OffLabel(TimeOff t) => t.StaffId is null
        ? Text.Agenda.Closed
        : Text.Agenda.TimeOffOf(Agenda.StaffName(Doc, t.StaffId));

    /// <summary>A link to this page with the view, date and staff filter given (the current ones otherwise).</summary>
    public string Link(string? view = null, DateOnly? date = null, string? staff = "")
    {
        var s = staff == "" ? StaffId : staff;
        var url = $"/admin/{Mailbox.Slug}/calendar?view={view ?? View}&date={Agenda.Iso(date ?? Date)}";
        if (s is not null) url += "&staff=" + Uri.EscapeDataString(s);
        return url;
    }

    public DateOnly Previous => View switch { "day" => Date.AddDays(-1), "week" => Date.AddDays(-7), _ => Date.AddMonths(-1) };
    public DateOnly Next => View switch { "day" => Date.AddDays(1), "week" => Date.AddDays(7), _ => Date.AddMonths(1) };

    public string Title => View switch
    {
        "day" => Agenda.Day(Date, IsPolish),
        "week" => $"{Agenda.ShortDay(From, IsPolish)} – {Agenda.ShortDay(To.AddDays(-1), IsPolish)}",
        _ => Date.ToString("MMMM yyyy", Agenda.Culture(IsPolish)),
    };
}
