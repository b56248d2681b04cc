using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Bookings.Core.Time;

// One time zone library everywhere: TimeZoneInfo (ICU on Linux), IANA ids; Windows ids are
// converted to IANA on input so that what we store and show is always IANA.
public static class TimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Cache = new(StringComparer.OrdinalIgnoreCase);

    public static bool TryResolve(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64) return false;
        zone = Cache.GetOrAdd(id.Trim(), Lookup);
        return zone is not null;
    }

    public static TimeZoneInfo Resolve(string id) =>
        TryResolve(id, out var z) ? z : throw new ArgumentException($"Unknown time zone '{id}'.", nameof(id));

    /// <summary>The IANA id for an IANA or Windows id; null when unknown.</summary>
    public static string? ToIana(string? id) => TryResolve(id, out var z) ? z.Id : null;

    private static TimeZoneInfo? Lookup(string id)
    {
        if (id.Equals("UTC", StringComparison.OrdinalIgnoreCase) || id.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase))
            return TimeZoneInfo.Utc;
        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana))
            id = iana;
        if (!id.Contains('/') && !id.StartsWith("Etc", StringComparison.Ordinal) && id is not "GMT")
            return null; // reject abbreviations such as "CET" or "EST": ambiguous and not what users mean
        try
        {
            var z = TimeZoneInfo.FindSystemTimeZoneById(id);
            return z.HasIanaId ? z : (TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var i2) ? TimeZoneInfo.FindSystemTimeZoneById(i2) : null);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>
    /// The instants at which a wall-clock time occurs in a zone. DST rule: a time that does not exist
    /// (spring forward) has none, one that occurs twice (fall back) has both, earlier first.
    /// </summary>
    public static int ToInstants(TimeZoneInfo zone, DateTime wallClock, Span<DateTimeOffset> result)
    {
        wallClock = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wallClock)) return 0;
        if (zone.IsAmbiguousTime(wallClock))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(wallClock);
            var a = new DateTimeOffset(wallClock, offsets[0]);
            var b = new DateTimeOffset(wallClock, offsets[1]);
            if (a.UtcDateTime > b.UtcDateTime) (a, b) = (b, a);
            result[0] = a.ToUniversalTime();
            result[1] = b.ToUniversalTime();
            return 2;
        }
        result[0] = new DateTimeOffset(wallClock, zone.GetUtcOffset(wallClock)).ToUniversalTime();
        return 1;
    }

    /// <summary>The first instant at or after a wall-clock time (a skipped time maps to the end of the gap).</summary>
    public static DateTimeOffset StartOfWallClock(TimeZoneInfo zone, DateTime wallClock)
    {
        wallClock = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wallClock))
        {
            // Walk forward to the first valid minute: the instant the gap ends.
            var probe = wallClock;
            while (zone.IsInvalidTime(probe)) probe = probe.AddMinutes(1);
            probe = new DateTime(probe.Year, probe.Month, probe.Day, probe.Hour, probe.Minute, 0);
            return new DateTimeOffset(probe, zone.GetUtcOffset(probe)).ToUniversalTime();
        }
        if (zone.IsAmbiguousTime(wallClock))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(wallClock);
            var max = offsets[0] > offsets[1] ? offsets[0] : offsets[1];
            return new DateTimeOffset(wallClock, max).ToUniversalTime();
        }
        return new DateTimeOffset(wallClock, zone.GetUtcOffset(wallClock)).ToUniversalTime();
    }

    public static DateTimeOffset InZone(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>RFC 3339 with seconds and the numeric offset (UTC as +00:00).</summary>
    public static string FormatInstant(DateTimeOffset instant, TimeZoneInfo zone) =>
        InZone(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
