using System.Buffers;
using System.Runtime.CompilerServices;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Time;

namespace Bookings.Core.Availability;

public static partial class AvailabilityEngine
{
    /// <summary>One staff member's rules: their hours, the zone's days they are read in, and the days their caps count in.</summary>
    private readonly record struct StaffPlan(int Index, BookingStaffMember Staff, TimeZoneInfo Zone, List<BookingWorkHours> Hours,
        ZoneDays Days, bool HasCaps, ZoneDays CapDays);

    /// <summary>
    /// One computation: busy time grouped by staff member once, then each staff member's free grid times added to a pooled
    /// per-minute count (and, for staff ids, a linked list per minute), then the minutes read out as slots.
    /// </summary>
    private sealed class Pass
    {
        private readonly AvailabilityQuery _q;
        private readonly long _from, _to, _duration, _pre, _post, _interval;
        private readonly int _seats, _minutes;
        private readonly TimeZoneInfo _businessZone;
        private readonly Dictionary<string, ZoneDays> _zoneDays = new(StringComparer.Ordinal);

        // Busy time of the whole calendar, and the indexes of each staff member's appointments and busy time.
        private readonly List<(long Start, long End)> _calendarBusy = new();
        private readonly List<int>?[] _appointmentsOf;
        private readonly List<int>?[] _busyOf;

        // Seats free per minute of the window; with staff ids, a list of entries (who) per minute (head, next).
        private readonly int[] _seatsAt;
        private readonly int[]? _head;
        private int[] _next = [], _who = [];
        private int _entries;

        // The staff member being added, reused from one to the next.
        private readonly List<(long Start, long End)> _busy = new();
        private readonly List<(long Start, long End)> _busyExceptJoinable = new();
        private readonly Dictionary<long, int> _joinable = new();
        private readonly Dictionary<int, int> _perDay = new();
        private readonly Dictionary<int, int> _perWeek = new();

        public Pass(AvailabilityQuery q, Shape shape)
        {
            _q = q;
            (_from, _to, _duration, _pre, _post, _interval) = (shape.From, shape.To, shape.Duration, shape.Pre, shape.Post, shape.Interval);
            (_seats, _minutes) = (shape.Seats, shape.Minutes);
            _businessZone = TimeZones.Resolve(q.Calendar.BusinessTimeZone);
            foreach (var b in q.Busy)
                if (b.StaffId is null) AddInterval(_calendarBusy, b.Start.UtcTicks, b.End.UtcTicks);
            (_appointmentsOf, _busyOf) = GroupByStaff(q);

            _seatsAt = ArrayPool<int>.Shared.Rent(_minutes);
            Array.Clear(_seatsAt, 0, _minutes);
            if (q.IncludeStaffIds)
            {
                _head = ArrayPool<int>.Shared.Rent(_minutes);
                Array.Fill(_head, -1, 0, _minutes);
                _next = ArrayPool<int>.Shared.Rent(1024);
                _who = ArrayPool<int>.Shared.Rent(1024);
            }
        }

        /// <summary>Groups appointments and busy time by staff member once: O(n), not O(staff × n).</summary>
        private static (List<int>?[] Appointments, List<int>?[] Busy) GroupByStaff(AvailabilityQuery q)
        {
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
            return (appointmentsOf, busyOf);
        }

        /// <summary>The local days of a zone over the window, converted once per query.</summary>
        private ZoneDays DaysFor(TimeZoneInfo zone)
        {
            if (!_zoneDays.TryGetValue(zone.Id, out var d))
            {
                // A week either side covers the caps' weeks and blocks that start the day before.
                var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(new DateTimeOffset(_from, TimeSpan.Zero), zone).DateTime).AddDays(-7);
                var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(new DateTimeOffset(_to, TimeSpan.Zero), zone).DateTime).AddDays(7);
                _zoneDays[zone.Id] = d = new ZoneDays(zone, first, last);
            }
            return d;
        }

        private StaffPlan PlanFor(int si)
        {
            var staff = _q.Staff[si];
            var zone = staff.UseBusinessHours || staff.TimeZone is null
                ? _businessZone
                : TimeZones.TryResolve(staff.TimeZone, out var z) ? z : _businessZone;
            var hours = staff.UseBusinessHours ? _q.Calendar.BusinessHours : staff.WorkingHours;
            var days = DaysFor(zone);
            var hasCaps = staff.MaxBookingsPerDay is not null || staff.MaxBookingsPerWeek is not null;
            var capZone = staff.TimeZone is not null && TimeZones.TryResolve(staff.TimeZone, out var cz) ? cz : _businessZone;
            var capDays = hasCaps ? DaysFor(capZone) : days;
            return new StaffPlan(si, staff, zone, hours, days, hasCaps, capDays);
        }

        /// <summary>Adds every free grid time of one staff member's working days.</summary>
        public void AddStaff(int si)
        {
            var plan = PlanFor(si);
            CollectBusy(in plan);
            var days = plan.Days;
            for (var di = 0; di < days.DayCount; di++)
            {
                var dayStart = days.MidnightUtcTicks(di);
                if (dayStart >= _to) break;
                if (days.MidnightUtcTicks(di + 1) + TimeSpan.TicksPerDay < _from) continue;
                var date = days.Date(di);
                var dayHours = FindDay(plan.Hours, date.DayOfWeek);
                if (dayHours is null) continue;
                foreach (var block in dayHours.TimeSlots)
                    AddBlock(in plan, di, dayStart, date, block);
            }
        }

        /// <summary>
        /// The staff member's busy time (with and without the group appointments a seat can still join), the joinable ones,
        /// and the bookings counted towards their caps.
        /// </summary>
        private void CollectBusy(in StaffPlan plan)
        {
            _busy.Clear();
            _busyExceptJoinable.Clear();
            _joinable.Clear();
            _perDay.Clear();
            _perWeek.Clear();
            _busy.AddRange(_calendarBusy);
            _busyExceptJoinable.AddRange(_calendarBusy);
            if (_busyOf[plan.Index] is { } mine)
                foreach (var bi in mine)
                {
                    var b = _q.Busy[bi];
                    AddInterval(_busy, b.Start.UtcTicks, b.End.UtcTicks);
                    AddInterval(_busyExceptJoinable, b.Start.UtcTicks, b.End.UtcTicks);
                }
            if (_appointmentsOf[plan.Index] is { } theirs)
                foreach (var ai in theirs)
                {
                    var a = _q.Appointments[ai];
                    AddInterval(_busy, a.BlockedStart.UtcTicks, a.BlockedEnd.UtcTicks);
                    if (_seats > 1 && a.SeatsLeft > 0 && a.ServiceId == _q.Service.Id && a.End - a.Start == _q.Service.DefaultDuration)
                        _joinable[a.Start.UtcTicks] = a.SeatsLeft;
                    else
                        AddInterval(_busyExceptJoinable, a.BlockedStart.UtcTicks, a.BlockedEnd.UtcTicks);
                    if (plan.HasCaps) CountTowardsCaps(plan.CapDays, a.Start.UtcTicks);
                }
            Normalize(_busy);
            Normalize(_busyExceptJoinable);
        }

        private void CountTowardsCaps(ZoneDays capDays, long start)
        {
            var di = capDays.IndexOfUtc(start);
            if (di < 0 || di >= capDays.DayCount) return;
            var dayNumber = capDays.Date(di).DayNumber;
            _perDay[dayNumber] = _perDay.GetValueOrDefault(dayNumber) + 1;
            var week = IsoWeekKey(capDays.Date(di));
            _perWeek[week] = _perWeek.GetValueOrDefault(week) + 1;
        }

        /// <summary>The grid times of one working block: aligned to the block's start, in whole minutes of wall-clock time.</summary>
        private void AddBlock(in StaffPlan plan, int di, long dayStart, DateOnly date, BookingWorkTimeSlot block)
        {
            if (block.StartTime < TimeSpan.Zero || block.EndTime > TimeSpan.FromDays(1)) return; // refused by validation
            var days = plan.Days;
            var blockStart = days.StartOf(di, block.StartTime);
            var blockEnd = days.StartOf(di, block.EndTime);
            if (blockEnd <= _from - TimeSpan.TicksPerDay || blockStart >= _to) return;
            Span<DateTimeOffset> instants = stackalloc DateTimeOffset[2];
            var wallStart = (block.StartTime.Ticks + Minute - 1) / Minute * Minute;
            for (var wall = wallStart; wall < block.EndTime.Ticks; wall += _interval)
            {
                int n;
                if (!days.HasTransition(di))
                {
                    instants[0] = new DateTimeOffset(dayStart + wall, TimeSpan.Zero);
                    n = 1;
                }
                else
                {
                    n = TimeZones.ToInstants(plan.Zone, date.ToDateTime(TimeOnly.MinValue).AddTicks(wall), instants);
                }
                for (var k = 0; k < n; k++)
                    Offer(in plan, instants[k].UtcTicks, blockStart, blockEnd);
            }
        }

        /// <summary>Counts a start when it is in the window and the block, clear of busy time (buffers included) and under the caps.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Offer(in StaffPlan plan, long start, long blockStart, long blockEnd)
        {
            if (start < _from || start >= _to) return;
            var end = start + _duration;
            if (start < blockStart || end > blockEnd) return;

            int left;
            if (_joinable.Count > 0 && _joinable.TryGetValue(start, out var j))
            {
                if (Overlaps(_busyExceptJoinable, start - _pre, end + _post)) return;
                left = j;
            }
            else
            {
                if (Overlaps(_busy, start - _pre, end + _post)) return;
                if (plan.HasCaps && !UnderCaps(plan.Staff, plan.CapDays, start, _perDay, _perWeek)) return;
                left = _seats;
            }
            Count((int)((start - _from) / Minute), left, plan.Index);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Count(int m, int left, int si)
        {
            _seatsAt[m] += left;
            if (_head is null) return;
            if (_entries == _next.Length)
            {
                Grow(ref _next);
                Grow(ref _who);
            }
            _who[_entries] = si;
            _next[_entries] = _head[m];
            _head[m] = _entries++;
        }

        /// <summary>The minutes with a free seat, in order, as slots.</summary>
        public List<Slot> Slots()
        {
            var result = new List<Slot>();
            var staffIds = new List<string>();
            for (var m = 0; m < _minutes; m++)
            {
                if (_seatsAt[m] == 0) continue;
                var start = new DateTimeOffset(_from + m * Minute, TimeSpan.Zero);
                string[]? ids = null;
                if (_head is not null)
                {
                    staffIds.Clear();
                    for (var e = _head[m]; e >= 0; e = _next[e])
                        staffIds.Add(_q.Staff[_who[e]].Id);
                    ids = SortedDistinct(staffIds);
                }
                // "Anyone" adds up every staff member's seats: for a group service that is the seats
                // still to sell at this time, but an individual service offers one booking, not one per free staff member.
                result.Add(new Slot(start, start.AddTicks(_duration), _seats > 1 ? _seatsAt[m] : 1, ids));
            }
            return result;
        }

        public void ReturnArrays()
        {
            ArrayPool<int>.Shared.Return(_seatsAt);
            if (_head is null) return;
            ArrayPool<int>.Shared.Return(_head);
            ArrayPool<int>.Shared.Return(_next);
            ArrayPool<int>.Shared.Return(_who);
        }
    }
}
