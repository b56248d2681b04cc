using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Bookings.Core.Time;

// One time zone library everywhere: TimeZoneInfo (ICU on Linux), IANA ids; Windows ids are
// converted to IANA on input so that what we store and show is always IANA.
public static partial class TimeZones
{
    // Only hits are cached, under the exact id: a miss costs a lookup, but a cache of misses would
    // grow with every string a client sends, and a case-insensitive one let "europe/warsaw" (unknown
    // on Linux) poison "Europe/Warsaw". The cap bounds it on file systems that ignore case.
    private const int MaxCached = 4096;
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Cache = new(StringComparer.Ordinal);

    // IANA ids are path-like names (America/Argentina/Buenos_Aires, Etc/GMT+5): no empty segment,
    // no "..", nothing the zone lookup would read as another file or a directory.
    [GeneratedRegex(@"^[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*\z")]
    private static partial Regex IanaPattern();

    public static bool TryResolve(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        // Spaces around an id are trimmed; a control character anywhere (a line feed from a file, say) refuses it, so that
        // the id is never stored or written with one.
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || Calendars.ControlCharacters.In(id)) return false;
        id = id.Trim();
        if (Cache.TryGetValue(id, out zone)) return true;
        zone = Lookup(id);
        if (zone is null) return false;
        if (Cache.Count < MaxCached) Cache.TryAdd(id, zone);
        return true;
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
        if (!IanaPattern().IsMatch(id)) return null;
        if (!id.Contains('/') && !id.StartsWith("Etc", StringComparison.Ordinal) && id is not "GMT")
            return null; // reject abbreviations such as "CET" or "EST": ambiguous and not what users mean
        try
        {
            var z = TimeZoneInfo.FindSystemTimeZoneById(id);
            return z.HasIanaId ? z : (TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var i2) ? TimeZoneInfo.FindSystemTimeZoneById(i2) : null);
        }
        // A directory such as "America/Indiana" answers SecurityException; an unreadable file, I/O errors.
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException
            or IOException or UnauthorizedAccessException or ArgumentException)
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

    /// <summary>
    /// RFC 3339 with seconds and the numeric offset (UTC as +00:00): what
    /// <c>ToString("yyyy-MM-dd'T'HH:mm:sszzz", InvariantCulture)</c> writes, without parsing a format string for every slot
    /// (the API writes two per slot, and this was most of an availability answer's time).
    /// </summary>
    public static string FormatInstant(DateTimeOffset instant, TimeZoneInfo zone) =>
        string.Create(25, InZone(instant, zone), static (span, local) =>
        {
            var t = local.DateTime;
            Digits(span[..4], t.Year);
            span[4] = '-';
            Digits(span[5..7], t.Month);
            span[7] = '-';
            Digits(span[8..10], t.Day);
            span[10] = 'T';
            Digits(span[11..13], t.Hour);
            span[13] = ':';
            Digits(span[14..16], t.Minute);
            span[16] = ':';
            Digits(span[17..19], t.Second);
            var offset = (int)local.Offset.TotalMinutes;
            span[19] = offset < 0 ? '-' : '+';
            offset = Math.Abs(offset);
            Digits(span[20..22], offset / 60);
            span[22] = ':';
            Digits(span[23..25], offset % 60);
        });

    private static void Digits(Span<char> span, int value)
    {
        for (var i = span.Length - 1; i >= 0; i--, value /= 10) span[i] = (char)('0' + value % 10);
    }
}
