using System.Globalization;
using Bookings.Core.Admin;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>One calendar at a glance: today and this week (ISO week, Monday first, in the business zone), counts, publish state, links.</summary>
public sealed class OverviewModel(IMailboxStore mailboxStore, IAuditStore auditStore, IAppointmentStore appointmentStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "overview";

    public DateOnly Today { get; private set; }
    public DateOnly WeekStart { get; private set; }
    public IReadOnlyList<Appointment> Week { get; private set; } = [];
    public IEnumerable<Appointment> TodayAppointments => Week.Where(a => CalendarPage.LocalDate(a.Start, Zone) == Today);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.View, ct)) return Missing();
        Today = CalendarPage.LocalDate(Time.GetUtcNow(), Zone);
        WeekStart = Agenda.Monday(Today);
        Week = await Agenda.BookedAsync(appointmentStore, Mailbox.Id, Zone, WeekStart, WeekStart.AddDays(7), ct);
        return Page();
    }
}

/// <summary>What the calendar pages share: days and weeks in a zone, the booked appointments of a range, names and messages.</summary>
public static class Agenda
{

    /// <summary>The Monday of the ISO week of <paramref name="day"/>.</summary>
    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) => TimeZones.StartOfWallClock(zone, day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The booked appointments (with a seat taken) that start on the days [from, to) of the zone, in order of start.</summary>
    public static async Task<IReadOnlyList<Appointment>> BookedAsync(IAppointmentStore store, string mailboxId, TimeZoneInfo zone, DateOnly from, DateOnly to,
        CancellationToken ct)
    {
        var (start, end) = (StartOf(from, zone), StartOf(to, zone));
        var list = await store.ListAppointmentsAsync(mailboxId, start, end, ct);
        return [.. list.Where(a => a.Status == AppointmentStatus.Booked && a.SeatsTaken > 0 && a.Start >= start && a.Start < end)
            .OrderBy(a => a.Start).ThenBy(a => a.StaffId, StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    public static CultureInfo Culture(bool polish) => CultureInfo.GetCultureInfo(polish ? "pl-PL" : "en-GB");

    public static string Time(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZones.InZone(instant, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day, bool polish) => day.ToString("dddd, d MMMM yyyy", Culture(polish));

    public static string ShortDay(DateOnly day, bool polish) => day.ToString("ddd d MMM", Culture(polish));

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string ServiceName(CalendarDocument doc, string id) => doc.FindService(id)?.DisplayName ?? id;

    public static string StaffName(CalendarDocument doc, string id) => doc.FindStaff(id)?.DisplayName ?? id;

    public static string Names(Appointment a) => string.Join(", ", a.ActiveAttendees.Select(t => t.Name));

    /// <summary>The role's name as it reads inside a sentence or a table cell ("team member").</summary>
    public static string Role(StaffRole role, AdminText text) => text.Common.Role(role).ToLower(Culture(text.IsPolish));

    /// <summary>The zone's name as shown beside times ("Europe/Warsaw").</summary>
    public static string ZoneName(TimeZoneInfo zone) => TimeZones.ToIana(zone.Id) ?? zone.Id;

    /// <summary>A refused change in the page's language.</summary>
    public static string Problem(BookingError error, AdminText text) => error.Code switch
    {
        ConflictCodes.SlotTaken => text.Agenda.TimeHasAnotherAppointment,
        ConflictCodes.SeatsFull => text.Agenda.EverySeatTaken,
        ConflictCodes.StaffCapReached => text.Agenda.StaffLimitReached,
        "time_off" => text.Agenda.StaffOffOrClosed,
        "in_the_past" => text.Agenda.ThisTimeHasAlready,
        "staff_not_eligible" => text.Agenda.ThisStaffMemberDoes,
        "group_move_unsupported" => text.Agenda.GroupCannotBeMoved,
        "nothing_to_change" => text.Agenda.TheAppointmentIsAlready,
        "already_cancelled" => text.Agenda.ThisAppointmentIsAlready,
        "validation_failed" => text.Agenda.SomeDetailsNeedAttention,
        _ => text.Agenda.ChangeNotMade,
    };
}
