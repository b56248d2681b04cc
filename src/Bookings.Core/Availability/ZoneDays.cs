using Bookings.Core.Time;

namespace Bookings.Core.Availability;

/// <summary>
/// Local days of one zone over a window, each with the UTC instant of its midnight and whether its
/// offset changes during the day. Wall-clock times on days without a change convert with one
/// addition; days with a DST change take the exact (slow) path.
/// </summary>
internal sealed class ZoneDays
{
    public readonly TimeZoneInfo Zone;
    public readonly DateOnly FirstDate;
    private readonly long[] _midnightUtcTicks;
    private readonly bool[] _hasTransition;

    public ZoneDays(TimeZoneInfo zone, DateOnly first, DateOnly last)
    {
        Zone = zone;
        FirstDate = first;
        var n = last.DayNumber - first.DayNumber + 1;
        _midnightUtcTicks = new long[n + 1];
        _hasTransition = new bool[n];
        var prevOffset = TimeSpan.Zero;
        for (var i = 0; i <= n; i++)
        {
            var local = first.AddDays(i).ToDateTime(TimeOnly.MinValue);
            var utc = TimeZones.StartOfWallClock(zone, local);
            _midnightUtcTicks[i] = utc.UtcTicks;
            var offset = zone.GetUtcOffset(utc);
            if (i > 0)
            {
                // The day has a change when the offset at its end differs from the one at its start,
                // or when the zone is ambiguous/invalid anywhere in it (caught by the length test).
                var len = _midnightUtcTicks[i] - _midnightUtcTicks[i - 1];
                _hasTransition[i - 1] = offset != prevOffset || len != TimeSpan.TicksPerDay;
            }
            prevOffset = offset;
        }
    }

    public int DayCount => _hasTransition.Length;
    public DateOnly Date(int index) => FirstDate.AddDays(index);
    public bool HasTransition(int index) => _hasTransition[index];
    public long MidnightUtcTicks(int index) => _midnightUtcTicks[index];

    /// <summary>First instant at or after the wall-clock time; on a plain day just midnight + time.</summary>
    public long StartOf(int dayIndex, TimeSpan timeOfDay)
    {
        if (!_hasTransition[dayIndex]) return _midnightUtcTicks[dayIndex] + timeOfDay.Ticks;
        if (timeOfDay >= TimeSpan.FromDays(1)) return _midnightUtcTicks[dayIndex + 1];
        return TimeZones.StartOfWallClock(Zone, Date(dayIndex).ToDateTime(TimeOnly.MinValue) + timeOfDay).UtcTicks;
    }

    public int IndexOfUtc(long utcTicks)
    {
        // Days are few (<= ~70); a binary search keeps this independent of the count.
        int lo = 0, hi = _hasTransition.Length - 1;
        if (utcTicks < _midnightUtcTicks[0]) return -1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_midnightUtcTicks[mid] <= utcTicks) lo = mid; else hi = mid - 1;
        }
        return utcTicks < _midnightUtcTicks[lo + 1] ? lo : _hasTransition.Length;
    }
}
