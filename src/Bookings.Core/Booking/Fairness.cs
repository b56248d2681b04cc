using Bookings.Core.Availability;
using Bookings.Core.Store;
using Bookings.Core.Time;

namespace Bookings.Core.Booking;

/// <summary>
/// "Anyone" assignment: fewest bookings in the slot's ISO week (business time zone), then on the
/// slot's day, then in the 28 days before the slot, then the staff id (ordinal).
/// </summary>
public static class Fairness
{
    public static IReadOnlyList<string> Order(IEnumerable<string> staffIds, IReadOnlyList<BusyAppointment> appointments, DateTimeOffset slotStart, TimeZoneInfo businessZone)
    {
        var local = TimeZones.InZone(slotStart, businessZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var week = AvailabilityEngine.IsoWeekKey(date);
        var from28 = slotStart.AddDays(-28);
        var counts = new Dictionary<string, (int Week, int Day, int Recent)>(StringComparer.Ordinal);
        foreach (var id in staffIds) counts[id] = (0, 0, 0);
        foreach (var a in appointments)
        {
            if (!counts.TryGetValue(a.StaffId, out var c)) continue;
            var aDate = DateOnly.FromDateTime(TimeZones.InZone(a.Start, businessZone).DateTime);
            if (AvailabilityEngine.IsoWeekKey(aDate) == week) c.Week++;
            if (aDate == date) c.Day++;
            if (a.Start >= from28 && a.Start < slotStart) c.Recent++;
            counts[a.StaffId] = c;
        }
        return counts
            .OrderBy(kv => kv.Value.Week)
            .ThenBy(kv => kv.Value.Day)
            .ThenBy(kv => kv.Value.Recent)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key)
            .ToList();
    }
}
