using System.Globalization;
using Bookings.Core.Availability;
using Bookings.Core.Calendars;

namespace Bookings.Store.Tests.Properties;

/// <summary>
/// The rules a slot must keep, recomputed from the scenario's own data (the document, what was
/// booked and the time off) with TimeZoneInfo alone: none of the engine's helpers judge the engine.
/// </summary>
public sealed class Oracle(World world)
{
    private readonly Scenario _s = world.Scenario;
    private readonly CalendarDocument _doc = world.Calendar;
    private readonly TimeSpan _duration = TimeSpan.FromMinutes(world.Scenario.Service.Minutes);
    private readonly TimeSpan _pre = TimeSpan.FromMinutes(world.Scenario.Service.PreMinutes);
    private readonly TimeSpan _post = TimeSpan.FromMinutes(world.Scenario.Service.PostMinutes);
    private readonly int _seats = world.Scenario.Service.Seats;
    private readonly TimeSpan _interval = TimeSpan.FromMinutes(world.Scenario.Policy.IntervalMinutes);

    /// <summary>Everything wrong with one offered slot; empty when it keeps every rule.</summary>
    public List<string> Problems(Slot slot)
    {
        var p = new List<string>();
        var c = CultureInfo.InvariantCulture;
        var start = slot.Start;
        var end = slot.End;
        if (end - start != _duration) p.Add($"lasts {end - start}, not the service's {_duration}");
        if (start < _s.From || start >= _s.To) p.Add("starts outside the window asked for");
        if (start < _s.Now.AddMinutes(_s.Policy.LeadMinutes)) p.Add($"starts inside the minimum lead time ({_s.Policy.LeadMinutes} min)");
        if (start > _s.Now.AddDays(_s.Policy.AdvanceDays)) p.Add($"starts beyond the maximum advance ({_s.Policy.AdvanceDays} d)");
        if (slot.StaffIds is not { Length: > 0 } staffIds)
        {
            p.Add("names no staff");
            return p;
        }
        if (staffIds.Distinct().Count() != staffIds.Length) p.Add("names a staff member twice");

        var seatsLeft = 0;
        foreach (var id in staffIds)
        {
            var staff = _doc.FindStaff(id);
            if (staff is null)
            {
                p.Add($"{id}: no such staff member");
                continue;
            }
            if (!IsEligible(staff)) p.Add($"{id}: not eligible for the service");
            if (!InsideWorkingHours(staff, start, end)) p.Add($"{id}: not inside a working block on the grid");

            var joinable = _seats > 1
                ? world.Appointments.Find(a => a.IsActive && a.StaffId == id && a.ServiceId == Scenario.ServiceId
                    && a.Start == start && a.End == end && a.Attendees.Count < a.Seats)
                : null;
            foreach (var a in world.Appointments)
                if (a.IsActive && a.StaffId == id && a != joinable && Overlaps(a.BlockedStart, a.BlockedEnd, start - _pre, end + _post))
                    p.Add($"{id}: overlaps appointment {a.Id} {a.Start:O}-{a.End:O} (buffers {a.PreBuffer}/{a.PostBuffer}, {a.Attendees.Count}/{a.Seats} seats)");
            foreach (var t in world.TimeOff)
                if ((t.StaffId is null || t.StaffId == id) && Overlaps(t.Start, t.End, start - _pre, end + _post))
                    p.Add($"{id}: overlaps {(t.StaffId is null ? "closure" : "time off")} {t.Start:O}-{t.End:O}");
            if (joinable is null) p.AddRange(CapProblems(staff, start));
            seatsLeft += joinable is null ? _seats : joinable.Seats - joinable.Attendees.Count;
        }
        var expectedSeats = _seats > 1 ? seatsLeft : 1;
        if (slot.SeatsLeft != expectedSeats) p.Add(string.Create(c, $"{slot.SeatsLeft} seats left, expected {expectedSeats}"));
        return p;
    }

    public bool IsEligible(BookingStaffMember staff)
    {
        var service = _doc.FindService(Scenario.ServiceId)!;
        return staff.Role != StaffRole.Viewer && staff.MembershipStatus == MembershipStatus.Active
            && (service.StaffMemberIds.Count == 0 || service.StaffMemberIds.Contains(staff.Id));
    }

    private static bool Overlaps(DateTimeOffset aStart, DateTimeOffset aEnd, DateTimeOffset bStart, DateTimeOffset bEnd) =>
        aStart < bEnd && bStart < aEnd;

    // [start, end] inside one working block of the start's local day, the start on the block's
    // wall-clock grid. The block runs from the first instant of its start to the last instant of its
    // end (the first after a skipped end; midnight at 24:00): the lenient reading, so that only a
    // slot outside every reading fails.
    private bool InsideWorkingHours(BookingStaffMember staff, DateTimeOffset start, DateTimeOffset end)
    {
        var zone = Zone(staff.UseBusinessHours || staff.TimeZone is null ? _doc.BusinessTimeZone : staff.TimeZone);
        var hours = staff.UseBusinessHours ? _doc.BusinessHours : staff.WorkingHours;
        var local = TimeZoneInfo.ConvertTime(start, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var timeOfDay = local.TimeOfDay;
        foreach (var day in hours.Where(h => h.Day == date.DayOfWeek))
            foreach (var block in day.TimeSlots)
            {
                if (timeOfDay < block.StartTime || timeOfDay >= block.EndTime) continue;
                if ((timeOfDay - block.StartTime).Ticks % _interval.Ticks != 0) continue;
                var blockStart = Instants(zone, date, block.StartTime)[0];
                var blockEnd = block.EndTime == TimeSpan.FromDays(1)
                    ? Instants(zone, date.AddDays(1), TimeSpan.Zero)[0]
                    : Instants(zone, date, block.EndTime)[^1];
                if (blockStart <= start && end <= blockEnd) return true;
            }
        return false;
    }

    // Caps count the staff member's booked appointments by the day and the Monday-to-Sunday week they start in, in the staff member's own zone.
    private IEnumerable<string> CapProblems(BookingStaffMember staff, DateTimeOffset start)
    {
        if (staff.MaxBookingsPerDay is null && staff.MaxBookingsPerWeek is null) yield break;
        var zone = Zone(staff.TimeZone ?? _doc.BusinessTimeZone);
        var day = LocalDate(start, zone);
        var mine = world.Appointments.Where(a => a.IsActive && a.StaffId == staff.Id).Select(a => LocalDate(a.Start, zone)).ToList();
        var onDay = mine.Count(d => d == day);
        var inWeek = mine.Count(d => Monday(d) == Monday(day));
        if (staff.MaxBookingsPerDay is int perDay && onDay >= perDay) yield return $"{staff.Id}: already {onDay} bookings on {day}, cap {perDay}";
        if (staff.MaxBookingsPerWeek is int perWeek && inWeek >= perWeek) yield return $"{staff.Id}: already {inWeek} bookings in the week of {day}, cap {perWeek}";
    }

    private static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    private static DateOnly Monday(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    /// <summary>
    /// The instants at which a wall-clock time of a day occurs, earliest first, found by trying every
    /// offset the zone has around it and keeping those that convert back to the same wall clock; a
    /// time in a gap answers the first instant after the gap.
    /// </summary>
    public static List<DateTimeOffset> Instants(TimeZoneInfo zone, DateOnly date, TimeSpan timeOfDay)
    {
        for (var minutes = 0; minutes <= 180; minutes++)
        {
            var wall = date.ToDateTime(TimeOnly.MinValue) + timeOfDay + TimeSpan.FromMinutes(minutes);
            var probe = new DateTimeOffset(wall, TimeSpan.Zero);
            var found = Enumerable.Range(-8, 17)
                .Select(h => zone.GetUtcOffset(probe.AddHours(3 * h)))
                .Distinct()
                .Select(offset => new DateTimeOffset(wall, offset))
                .Where(t => TimeZoneInfo.ConvertTime(t, zone).DateTime == wall)
                .Select(t => t.ToUniversalTime())
                .Distinct()
                .Order()
                .ToList();
            if (found.Count > 0) return found;
        }
        throw new InvalidOperationException($"No instant at or after {date} {timeOfDay} in {zone.Id}.");
    }
}
