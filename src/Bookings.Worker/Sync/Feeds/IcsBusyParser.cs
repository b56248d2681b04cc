using Bookings.Core.Sync;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using NodaTime;

namespace Bookings.Worker.Sync.Feeds;

/// <summary>
/// Reads the busy time of an ICS feed through Ical.Net: every VEVENT occurrence overlapping [from, to) is busy,
/// except TRANSP:TRANSPARENT, STATUS:CANCELLED and X-MICROSOFT-CDO-BUSYSTATUS:FREE ones.
/// <list type="bullet">
/// <item>Recurrences are expanded (RRULE, RDATE, EXDATE; an instance overridden by a VEVENT with the same UID and
/// RECURRENCE-ID replaces the original, and is itself judged by its own TRANSP/STATUS).</item>
/// <item>TZID is resolved by Ical.Net (IANA ids, Windows ids such as "W. Europe Standard Time", and the
/// nonstandard variants it recognises); a TZID it cannot resolve makes the feed malformed. Floating times and DATE
/// (all-day) values are read in the staff member's time zone (IANA or Windows id), a DATE as the whole day.</item>
/// <item>At most <c>maxOccurrences</c> occurrences are looked at, and a rule stepping by the second, minute,
/// hour or day that would need more than a million steps to reach the window is refused, so a hostile feed
/// cannot take the worker's time.</item>
/// <item>Blocks are clipped to the window, sorted and merged (overlapping or touching blocks become one).</item>
/// <item>Input that is not a calendar, or that Ical.Net cannot evaluate, is a failure (Unknown, "malformed feed…");
/// no exception escapes.</item>
/// </list>
/// </summary>
public static class IcsBusyParser
{
    /// <summary>Default cap on occurrences looked at per feed.</summary>
    public const int DefaultMaxOccurrences = 10_000;

    /// <summary>Most recurrence steps allowed before the window (estimated from the rule's frequency and DTSTART).</summary>
    internal const long MaxRecurrenceSteps = 1_000_000;

    // Ical.Net sorts occurrences by its own reading of their start, which for floating and all-day values is not
    // the staff zone's: look this much either side of the window, then clip on the real instants.
    private static readonly TimeSpan Margin = TimeSpan.FromDays(2);

    public static FreeBusyResult Parse(string ics, string timeZoneId, DateTimeOffset from, DateTimeOffset to,
        int maxOccurrences = DefaultMaxOccurrences, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOccurrences);
        if (ResolveZone(timeZoneId) is not { } zone) return FreeBusyResult.Failed(SyncFailureKind.Unknown, FeedFailures.UnknownStaffTimeZone);
        if (string.IsNullOrWhiteSpace(ics)) return Malformed();

        CalendarCollection calendars;
        try
        {
            calendars = CalendarCollection.Load(ics);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Malformed();
        }
        if (calendars.Count == 0) return Malformed();
        if (to <= from) return FreeBusyResult.Ok([]);

        try
        {
            if (CheckEvents(calendars, to) is { } failure) return FreeBusyResult.Failed(SyncFailureKind.Unknown, failure);

            var windowStart = from.UtcDateTime;
            var windowEnd = to.UtcDateTime;
            var scanFrom = new CalDateTime(from.UtcDateTime - Margin, CalDateTime.UtcTzId, true);
            var scanTo = windowEnd + Margin;
            var options = new EvaluationOptions { MaxUnmatchedIncrementsLimit = 100_000 };
            var blocks = new List<BusyBlock>();
            var seen = 0;
            foreach (var calendar in calendars)
            {
                foreach (var occurrence in calendar.GetOccurrences<CalendarEvent>(scanFrom, options))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (occurrence.Period.StartTime.AsUtc >= scanTo) break;
                    if (++seen > maxOccurrences) return FreeBusyResult.Failed(SyncFailureKind.Unknown, FeedFailures.TooManyOccurrences);
                    if (occurrence.Source is not CalendarEvent evt || !IsBusy(evt)) continue;

                    var start = ToUtc(occurrence.Period.StartTime, zone);
                    var end = occurrence.Period.EffectiveEndTime is { } e ? ToUtc(e, zone) : start;
                    if (start < windowStart) start = windowStart;
                    if (end > windowEnd) end = windowEnd;
                    if (end > start) blocks.Add(new BusyBlock(new DateTimeOffset(start), new DateTimeOffset(end)));
                }
            }
            return FreeBusyResult.Ok(Merge(blocks));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Malformed();
        }
    }

    /// <summary>Sorted by start; overlapping or touching blocks merged.</summary>
    internal static IReadOnlyList<BusyBlock> Merge(List<BusyBlock> blocks)
    {
        blocks.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<BusyBlock>(blocks.Count);
        foreach (var block in blocks)
        {
            if (merged.Count > 0 && block.Start <= merged[^1].End)
            {
                var last = merged[^1];
                if (block.End > last.End) merged[^1] = last with { End = block.End };
            }
            else merged.Add(block);
        }
        return merged;
    }

    private static FreeBusyResult Malformed() => FreeBusyResult.Failed(SyncFailureKind.Unknown, FeedFailures.Malformed);

    private static bool IsBusy(CalendarEvent evt)
    {
        if (string.Equals(evt.Transparency, TransparencyType.Transparent, StringComparison.OrdinalIgnoreCase)) return false;
        if (string.Equals(evt.Status, EventStatus.Cancelled, StringComparison.OrdinalIgnoreCase)) return false;
        var busyStatus = evt.Properties.Get<string>("X-MICROSOFT-CDO-BUSYSTATUS");
        return !string.Equals(busyStatus, "FREE", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Refuses, before evaluation, what Ical.Net would fail on late or take too long over.</summary>
    private static string? CheckEvents(CalendarCollection calendars, DateTimeOffset to)
    {
        foreach (var evt in calendars.SelectMany(c => c.Events))
        {
            if (evt.DtStart is not { } start) continue;
            if (!Resolvable(start) || (evt.DtEnd is { } end && !Resolvable(end)) || (evt.RecurrenceIdentifier?.StartTime is { } rid && !Resolvable(rid)))
                return FeedFailures.UnknownTimeZone;
#pragma warning disable CS0618 // the guard must see every RRULE Ical.Net evaluates, not only the first
            var rules = evt.RecurrenceRules;
#pragma warning restore CS0618
            foreach (var rule in rules)
            {
                var step = rule.Frequency switch
                {
                    FrequencyType.Secondly => TimeSpan.FromSeconds(1),
                    FrequencyType.Minutely => TimeSpan.FromMinutes(1),
                    FrequencyType.Hourly => TimeSpan.FromHours(1),
                    FrequencyType.Daily => TimeSpan.FromDays(1),
                    _ => TimeSpan.Zero,
                };
                if (step == TimeSpan.Zero) continue;
                var last = to.UtcDateTime + Margin;
                if (rule.Until is { } until && until.Value < last) last = until.Value;
                var first = start.Value;
                if (last <= first) continue;
                var steps = (last - first).Ticks / (step.Ticks * Math.Max(1, rule.Interval));
                if (rule.Count is { } count && count < steps && rule.ByHour.Count + rule.ByMinute.Count + rule.BySecond.Count + rule.ByDay.Count
                    + rule.ByMonth.Count + rule.ByMonthDay.Count + rule.ByYearDay.Count + rule.ByWeekNo.Count + rule.BySetPosition.Count == 0)
                    steps = count;
                if (steps > MaxRecurrenceSteps) return FeedFailures.TooManyOccurrences;
            }
        }
        return null;
    }

    private static bool Resolvable(CalDateTime value)
    {
        if (value.TzId is not { } tzId || value.IsUtc) return true;
        try
        {
            return TimeZoneResolvers.TimeZoneResolver(tzId) is not null;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>The instant of a feed's date or time: UTC as is, TZID through Ical.Net, floating and DATE in the staff zone.</summary>
    private static DateTime ToUtc(CalDateTime value, DateTimeZone staffZone)
    {
        if (!value.HasTime)
            return staffZone.AtStartOfDay(new LocalDate(value.Year, value.Month, value.Day)).ToDateTimeUtc();
        if (value.IsUtc) return DateTime.SpecifyKind(value.Value, DateTimeKind.Utc);
        if (value.IsFloating) return staffZone.AtLeniently(LocalDateTime.FromDateTime(value.Value)).ToDateTimeUtc();
        return DateTime.SpecifyKind(value.AsUtc, DateTimeKind.Utc);
    }

    /// <summary>The staff member's zone from an IANA id, or a Windows id; null when neither.</summary>
    internal static DateTimeZone? ResolveZone(string? timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId)) return null;
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId) is { } zone) return zone;
        return TimeZoneInfo.TryConvertWindowsIdToIanaId(timeZoneId, out var iana) ? DateTimeZoneProviders.Tzdb.GetZoneOrNull(iana) : null;
    }
}
