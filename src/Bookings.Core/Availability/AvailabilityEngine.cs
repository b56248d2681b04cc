using System.Buffers;
using System.Globalization;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Time;

namespace Bookings.Core.Availability;

/// <summary>
/// The availability function: calendar + service + staff + busy time + window + now → slots.
/// Instants are UTC ticks inside; wall-clock rules (working hours, the slot grid) are applied in the
/// zone they are written in. DST: a grid time that does not exist is skipped, one that occurs twice
/// yields both instants. Slot starts are whole minutes, which lets the "anyone" union be a counting
/// pass over a pooled per-minute array instead of a sort.
/// </summary>
public static partial class AvailabilityEngine
{
    private const long Minute = TimeSpan.TicksPerMinute;
    private const long Day = TimeSpan.TicksPerDay;

    // Starts stay two weeks inside DateTimeOffset's range, so the zone tables (a week either side,
    // plus any offset) and every end and buffer computed from a start remain representable.
    private static readonly long EarliestStart = DateTimeOffset.MinValue.UtcTicks + 16 * Day;
    private static readonly long LatestStart = DateTimeOffset.MaxValue.UtcTicks - 16 * Day;

    // The longest window a valid policy allows (maximumAdvance at most P730D) with room to spare;
    // the per-minute array is sized by it.
    internal const long MaxWindowTicks = 800 * Day;

    // A working block lasts at most 25 hours (a whole day that gains an hour).
    private const long LongestBlock = 25 * TimeSpan.TicksPerHour;

    public static BookingSchedulingPolicy PolicyFor(CalendarDocument calendar, BookingService service) =>
        service.SchedulingPolicy ?? calendar.SchedulingPolicy;

    /// <summary>The staff who may be offered for a service: active, bookable, listed on the service (empty list: all).</summary>
    public static List<BookingStaffMember> EligibleStaff(CalendarDocument calendar, BookingService service, string? staffId = null)
    {
        var list = new List<BookingStaffMember>();
        foreach (var s in calendar.StaffMembers)
        {
            if (!s.IsBookable) continue;
            if (service.StaffMemberIds.Count > 0 && !service.StaffMemberIds.Contains(s.Id)) continue;
            if (staffId is not null && s.Id != staffId) continue;
            list.Add(s);
        }
        return list;
    }

    /// <summary>The first start the minimum lead time allows, in whole minutes (the grid's resolution).</summary>
    public static long EarliestStartTicks(DateTimeOffset now, BookingSchedulingPolicy policy)
    {
        var t = Math.Clamp(AddSaturating(now.UtcTicks, policy.MinimumLeadTime.Ticks), EarliestStart, LatestStart);
        return (t + Minute - 1) / Minute * Minute;
    }

    public static List<Slot> Compute(AvailabilityQuery q)
    {
        if (!Shape.TryCreate(q, out var shape)) return [];
        var pass = new Pass(q, shape);
        try
        {
            for (var si = 0; si < q.Staff.Count; si++) pass.AddStaff(si);
            return pass.Slots();
        }
        finally
        {
            pass.ReturnArrays();
        }
    }

    /// <summary>The query in ticks: the service's length and buffers, the grid, the seats, and the window of starts.</summary>
    private readonly record struct Shape(long Duration, long Pre, long Post, long Interval, int Seats, long From, long To, int Minutes)
    {
        /// <summary>False when no slot can come out (an empty window, no staff, a duration out of range).</summary>
        public static bool TryCreate(AvailabilityQuery q, out Shape shape)
        {
            shape = default;
            var policy = PolicyFor(q.Calendar, q.Service);
            // Validation keeps these in range; the clamps only keep a document that skipped it from
            // overflowing (a huge interval would wrap the grid loop round forever).
            var duration = q.Service.DefaultDuration.Ticks;
            if (duration <= 0 || duration > LongestBlock) return false;
            var pre = Math.Clamp(q.Service.PreBuffer.Ticks, 0, 2 * Day);
            var post = Math.Clamp(q.Service.PostBuffer.Ticks, 0, 2 * Day);
            var interval = Math.Clamp(policy.TimeSlotInterval.Ticks / Minute * Minute, Minute, 2 * Day);
            var seats = Math.Max(1, q.Service.MaximumAttendeesCount);

            // Window of starts, clipped to the lead times and rounded to whole minutes.
            var from = Math.Max(Math.Clamp(q.From.UtcTicks, EarliestStart, LatestStart), EarliestStartTicks(q.Now, policy));
            var to = Math.Clamp(Math.Min(q.To.UtcTicks, AddSaturating(AddSaturating(q.Now.UtcTicks, policy.MaximumAdvance.Ticks), 1)), EarliestStart, LatestStart);
            from = (from + Minute - 1) / Minute * Minute;
            if (from >= to || q.Staff.Count == 0) return false;
            if (to - from > MaxWindowTicks)
                throw new ArgumentException($"The availability window is longer than {MaxWindowTicks / Day} days; ask for a shorter one.", nameof(q));
            var minutes = (int)((to - from + Minute - 1) / Minute);
            shape = new Shape(duration, pre, post, interval, seats, from, to, minutes);
            return true;
        }
    }

    // An empty or inverted interval (an ICS event ending before it starts) blocks nothing, and kept
    // in a normalized list it would break the order by end that Overlaps' binary search relies on.
    private static void AddInterval(List<(long Start, long End)> list, long start, long end)
    {
        if (end > start) list.Add((start, end));
    }

    private static long AddSaturating(long a, long b)
    {
        var sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (b < 0 ? long.MinValue : long.MaxValue) : sum;
    }

    private static string[] SortedDistinct(List<string> ids)
    {
        ids.Sort(StringComparer.Ordinal);
        var n = 0;
        for (var i = 0; i < ids.Count; i++)
            if (n == 0 || !string.Equals(ids[i], ids[n - 1], StringComparison.Ordinal)) ids[n++] = ids[i];
        var result = new string[n];
        ids.CopyTo(0, result, 0, n);
        return result;
    }

    private static void Grow(ref int[] array)
    {
        var bigger = ArrayPool<int>.Shared.Rent(array.Length * 2);
        array.AsSpan().CopyTo(bigger);
        ArrayPool<int>.Shared.Return(array);
        array = bigger;
    }

    private static BookingWorkHours? FindDay(List<BookingWorkHours> hours, DayOfWeek day)
    {
        foreach (var h in hours)
            if (h.Day == day) return h;
        return null;
    }

    private static bool UnderCaps(BookingStaffMember staff, ZoneDays capDays, long start, Dictionary<int, int> perDay, Dictionary<int, int> perWeek)
    {
        if (staff.MaxBookingsPerDay is null && staff.MaxBookingsPerWeek is null) return true;
        var di = capDays.IndexOfUtc(start);
        if (di < 0 || di >= capDays.DayCount) return true;
        var date = capDays.Date(di);
        if (staff.MaxBookingsPerDay is int d && perDay.GetValueOrDefault(date.DayNumber) >= d) return false;
        if (staff.MaxBookingsPerWeek is int w && perWeek.GetValueOrDefault(IsoWeekKey(date)) >= w) return false;
        return true;
    }

    internal static int IsoWeekKey(DateOnly date) =>
        ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue)) * 100 + ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>Sorts and merges intervals so that they are disjoint and ordered by start and by end.</summary>
    internal static void Normalize(List<(long Start, long End)> list)
    {
        if (list.Count < 2) return;
        list.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var w = 0;
        for (var r = 1; r < list.Count; r++)
        {
            if (list[r].Start <= list[w].End)
            {
                if (list[r].End > list[w].End) list[w] = (list[w].Start, list[r].End);
            }
            else
            {
                list[++w] = list[r];
            }
        }
        list.RemoveRange(w + 1, list.Count - w - 1);
    }

    /// <summary>Whether [start, end) meets any interval of a normalized list (binary search on the ends).</summary>
    internal static bool Overlaps(List<(long Start, long End)> list, long start, long end)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (list[mid].End <= start) lo = mid + 1; else hi = mid;
        }
        return lo < list.Count && list[lo].Start < end;
    }
}
