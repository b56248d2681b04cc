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
public static class AvailabilityEngine
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
        var policy = PolicyFor(q.Calendar, q.Service);
        // Validation keeps these in range; the clamps only keep a document that skipped it from
        // overflowing (a huge interval would wrap the grid loop round forever).
        var duration = q.Service.DefaultDuration.Ticks;
        if (duration <= 0 || duration > LongestBlock) return [];
        var pre = Math.Clamp(q.Service.PreBuffer.Ticks, 0, 2 * Day);
        var post = Math.Clamp(q.Service.PostBuffer.Ticks, 0, 2 * Day);
        var interval = Math.Clamp(policy.TimeSlotInterval.Ticks / Minute * Minute, Minute, 2 * Day);
        var seats = Math.Max(1, q.Service.MaximumAttendeesCount);

        // Window of starts, clipped to the lead times and rounded to whole minutes.
        var from = Math.Max(Math.Clamp(q.From.UtcTicks, EarliestStart, LatestStart), EarliestStartTicks(q.Now, policy));
        var to = Math.Clamp(Math.Min(q.To.UtcTicks, AddSaturating(AddSaturating(q.Now.UtcTicks, policy.MaximumAdvance.Ticks), 1)), EarliestStart, LatestStart);
        from = (from + Minute - 1) / Minute * Minute;
        if (from >= to || q.Staff.Count == 0) return [];
        if (to - from > MaxWindowTicks)
            throw new ArgumentException($"The availability window is longer than {MaxWindowTicks / Day} days; ask for a shorter one.", nameof(q));
        var minutes = (int)((to - from + Minute - 1) / Minute);

        var businessZone = TimeZones.Resolve(q.Calendar.BusinessTimeZone);
        var zoneDays = new Dictionary<string, ZoneDays>(StringComparer.Ordinal);
        ZoneDays DaysFor(TimeZoneInfo zone)
        {
            if (!zoneDays.TryGetValue(zone.Id, out var d))
            {
                // A week either side covers the caps' weeks and blocks that start the day before.
                var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(new DateTimeOffset(from, TimeSpan.Zero), zone).DateTime).AddDays(-7);
                var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(new DateTimeOffset(to, TimeSpan.Zero), zone).DateTime).AddDays(7);
                zoneDays[zone.Id] = d = new ZoneDays(zone, first, last);
            }
            return d;
        }

        var calendarBusy = new List<(long Start, long End)>();
        foreach (var b in q.Busy)
            if (b.StaffId is null) AddInterval(calendarBusy, b.Start.UtcTicks, b.End.UtcTicks);

        // Group appointments and busy time by staff member once: O(n), not O(staff × n).
        var staffCount = q.Staff.Count;
        var staffIndex = new Dictionary<string, int>(staffCount, StringComparer.Ordinal);
        for (var i = 0; i < staffCount; i++) staffIndex.TryAdd(q.Staff[i].Id, i);
        var appointmentsOf = new List<int>?[staffCount];
        for (var i = 0; i < q.Appointments.Count; i++)
            if (staffIndex.TryGetValue(q.Appointments[i].StaffId, out var si))
                (appointmentsOf[si] ??= []).Add(i);
        var busyOf = new List<int>?[staffCount];
        for (var i = 0; i < q.Busy.Count; i++)
            if (q.Busy[i].StaffId is { } id && staffIndex.TryGetValue(id, out var si))
                (busyOf[si] ??= []).Add(i);

        var seatsAt = ArrayPool<int>.Shared.Rent(minutes);
        Array.Clear(seatsAt, 0, minutes);
        int[]? head = null, next = null, who = null;
        var entries = 0;
        if (q.IncludeStaffIds)
        {
            head = ArrayPool<int>.Shared.Rent(minutes);
            Array.Fill(head, -1, 0, minutes);
            next = ArrayPool<int>.Shared.Rent(1024);
            who = ArrayPool<int>.Shared.Rent(1024);
        }

        var busy = new List<(long Start, long End)>();
        var busyExceptJoinable = new List<(long Start, long End)>();
        var joinable = new Dictionary<long, int>();
        var perDay = new Dictionary<int, int>();
        var perWeek = new Dictionary<int, int>();
        Span<DateTimeOffset> instants = stackalloc DateTimeOffset[2];

        try
        {
            for (var si = 0; si < staffCount; si++)
            {
                var staff = q.Staff[si];
                var zone = staff.UseBusinessHours || staff.TimeZone is null
                    ? businessZone
                    : TimeZones.TryResolve(staff.TimeZone, out var z) ? z : businessZone;
                var hours = staff.UseBusinessHours ? q.Calendar.BusinessHours : staff.WorkingHours;
                var days = DaysFor(zone);
                var hasCaps = staff.MaxBookingsPerDay is not null || staff.MaxBookingsPerWeek is not null;
                var capZone = staff.TimeZone is not null && TimeZones.TryResolve(staff.TimeZone, out var cz) ? cz : businessZone;
                var capDays = hasCaps ? DaysFor(capZone) : days;

                busy.Clear();
                busyExceptJoinable.Clear();
                joinable.Clear();
                perDay.Clear();
                perWeek.Clear();
                busy.AddRange(calendarBusy);
                busyExceptJoinable.AddRange(calendarBusy);
                if (busyOf[si] is { } mine)
                    foreach (var bi in mine)
                    {
                        var b = q.Busy[bi];
                        AddInterval(busy, b.Start.UtcTicks, b.End.UtcTicks);
                        AddInterval(busyExceptJoinable, b.Start.UtcTicks, b.End.UtcTicks);
                    }
                if (appointmentsOf[si] is { } theirs)
                    foreach (var ai in theirs)
                    {
                        var a = q.Appointments[ai];
                        AddInterval(busy, a.BlockedStart.UtcTicks, a.BlockedEnd.UtcTicks);
                        if (seats > 1 && a.SeatsLeft > 0 && a.ServiceId == q.Service.Id && a.End - a.Start == q.Service.DefaultDuration)
                            joinable[a.Start.UtcTicks] = a.SeatsLeft;
                        else
                            AddInterval(busyExceptJoinable, a.BlockedStart.UtcTicks, a.BlockedEnd.UtcTicks);
                        if (!hasCaps) continue;
                        var di = capDays.IndexOfUtc(a.Start.UtcTicks);
                        if (di >= 0 && di < capDays.DayCount)
                        {
                            var dayNumber = capDays.Date(di).DayNumber;
                            perDay[dayNumber] = perDay.GetValueOrDefault(dayNumber) + 1;
                            var week = IsoWeekKey(capDays.Date(di));
                            perWeek[week] = perWeek.GetValueOrDefault(week) + 1;
                        }
                    }
                Normalize(busy);
                Normalize(busyExceptJoinable);

                for (var di = 0; di < days.DayCount; di++)
                {
                    var dayStart = days.MidnightUtcTicks(di);
                    if (dayStart >= to) break;
                    if (days.MidnightUtcTicks(di + 1) + TimeSpan.TicksPerDay < from) continue;
                    var date = days.Date(di);
                    var dayHours = FindDay(hours, date.DayOfWeek);
                    if (dayHours is null) continue;

                    foreach (var block in dayHours.TimeSlots)
                    {
                        if (block.StartTime < TimeSpan.Zero || block.EndTime > TimeSpan.FromDays(1)) continue; // refused by validation
                        var blockStart = days.StartOf(di, block.StartTime);
                        var blockEnd = days.StartOf(di, block.EndTime);
                        if (blockEnd <= from - TimeSpan.TicksPerDay || blockStart >= to) continue;
                        // Grid aligned to the block's start, in whole minutes of wall-clock time.
                        var wallStart = (block.StartTime.Ticks + Minute - 1) / Minute * Minute;
                        for (var wall = wallStart; wall < block.EndTime.Ticks; wall += interval)
                        {
                            int n;
                            if (!days.HasTransition(di))
                            {
                                instants[0] = new DateTimeOffset(dayStart + wall, TimeSpan.Zero);
                                n = 1;
                            }
                            else
                            {
                                n = TimeZones.ToInstants(zone, date.ToDateTime(TimeOnly.MinValue).AddTicks(wall), instants);
                            }
                            for (var k = 0; k < n; k++)
                            {
                                var start = instants[k].UtcTicks;
                                if (start < from || start >= to) continue;
                                var end = start + duration;
                                if (start < blockStart || end > blockEnd) continue;

                                int left;
                                if (joinable.Count > 0 && joinable.TryGetValue(start, out var j))
                                {
                                    if (Overlaps(busyExceptJoinable, start - pre, end + post)) continue;
                                    left = j;
                                }
                                else
                                {
                                    if (Overlaps(busy, start - pre, end + post)) continue;
                                    if (hasCaps && !UnderCaps(staff, capDays, start, perDay, perWeek)) continue;
                                    left = seats;
                                }

                                var m = (int)((start - from) / Minute);
                                seatsAt[m] += left;
                                if (head is not null)
                                {
                                    if (entries == next!.Length)
                                    {
                                        Grow(ref next);
                                        Grow(ref who!);
                                    }
                                    who![entries] = si;
                                    next[entries] = head[m];
                                    head[m] = entries++;
                                }
                            }
                        }
                    }
                }
            }

            var result = new List<Slot>();
            var staffIds = new List<string>();
            for (var m = 0; m < minutes; m++)
            {
                if (seatsAt[m] == 0) continue;
                var start = new DateTimeOffset(from + m * Minute, TimeSpan.Zero);
                string[]? ids = null;
                if (head is not null)
                {
                    staffIds.Clear();
                    for (var e = head[m]; e >= 0; e = next![e])
                        staffIds.Add(q.Staff[who![e]].Id);
                    ids = SortedDistinct(staffIds);
                }
                // "Anyone" adds up every staff member's seats: for a group service that is the seats
                // still to sell at this time, but an individual service offers one booking, not one per free staff member.
                result.Add(new Slot(start, start.AddTicks(duration), seats > 1 ? seatsAt[m] : 1, ids));
            }
            return result;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(seatsAt);
            if (head is not null) ArrayPool<int>.Shared.Return(head);
            if (next is not null) ArrayPool<int>.Shared.Return(next);
            if (who is not null) ArrayPool<int>.Shared.Return(who);
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
