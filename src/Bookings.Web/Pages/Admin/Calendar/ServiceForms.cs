using System.Globalization;
using Bookings.Core.Calendars;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>A length of time as people type it: a whole number and a unit (minutes, hours or days), never ISO 8601 text.</summary>
public sealed class DurationInput
{
    public string? Value { get; set; }
    public string Unit { get; set; } = "minutes";

    public static readonly string[] Units = ["minutes", "hours", "days"];

    /// <summary>The largest unit that writes the span as a whole number (whole minutes; seconds are rounded).</summary>
    public static DurationInput From(TimeSpan span)
    {
        var minutes = (long)Math.Round(span.TotalMinutes);
        if (minutes != 0 && minutes % (24 * 60) == 0) return new() { Value = (minutes / (24 * 60)).ToString(CultureInfo.InvariantCulture), Unit = "days" };
        if (minutes != 0 && minutes % 60 == 0) return new() { Value = (minutes / 60).ToString(CultureInfo.InvariantCulture), Unit = "hours" };
        return new() { Value = minutes.ToString(CultureInfo.InvariantCulture), Unit = "minutes" };
    }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Value);

    /// <summary>The span, or null when the text is not a whole number from 0 to 10000 or the unit is unknown.</summary>
    public TimeSpan? Parse()
    {
        if (!int.TryParse(Value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 10000) return null;
        return Unit switch
        {
            "minutes" => TimeSpan.FromMinutes(n),
            "hours" => TimeSpan.FromHours(n),
            "days" => TimeSpan.FromDays(n),
            _ => null,
        };
    }
}

/// <summary>Helpers the services pages share: ids made from names, and lengths of time in words.</summary>
public static class ServiceText
{
    /// <summary>
    /// An id for a new service or question made from its name ("Konsultacja wstępna" → konsultacja-wstepna), valid for
    /// <see cref="CalendarValidator"/> (letters, digits, '.', '_', '-', at most 64) and not in <paramref name="taken"/> (-2, -3… added).
    /// </summary>
    public static string NewId(string? name, IEnumerable<string> taken, string fallback)
    {
        var set = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        return Slugs.Unique(Slugs.From(name, 48, fallback), set.Contains);
    }
}
