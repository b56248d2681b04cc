using System.Globalization;

namespace Bookings.Core.Notifications.Templates;

/// <summary>
/// Dates in words, per template language, always with an explicit culture on the Gregorian calendar
/// (never the thread's culture): en "Tuesday, 1 December 2026, 09:00–09:30 (Europe/Warsaw, UTC+01:00)",
/// pl "wtorek, 1 grudnia 2026, 09:00–09:30 (Europe/Warsaw, UTC+01:00)".
/// </summary>
public static class MessageDates
{
    private const string LongFormat = "dddd, d MMMM yyyy, HH:mm";
    private const string ShortFormat = "ddd d MMM yyyy, HH:mm";
    private const string DateFormat = "dddd, d MMMM yyyy";

    private static readonly CultureInfo English = Gregorian(CultureInfo.InvariantCulture);
    private static readonly CultureInfo Polish = Gregorian(CultureInfo.GetCultureInfo("pl-PL"));

    /// <summary>The culture a template language writes dates in: pl → pl-PL, anything else → the invariant (English) one.</summary>
    public static CultureInfo Culture(string language) => language == "pl" ? Polish : English;

    /// <summary>Start–end with the zone always named; the end's date is written only when it differs from the start's.</summary>
    public static string When(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, string language)
    {
        var culture = Culture(language);
        var from = start.ToString(LongFormat, culture);
        var to = end.Date == start.Date ? end.ToString("HH:mm", culture) : end.ToString(LongFormat, culture);
        return $"{from}–{to} ({ZoneName(zone, start)})";
    }

    /// <summary>For a subject line: en "Tue 1 Dec 2026, 09:00", pl "wt. 1 gru 2026, 09:00".</summary>
    public static string Short(DateTimeOffset at, string language) => at.ToString(ShortFormat, Culture(language));

    /// <summary>The date alone: en "Tuesday, 1 December 2026", pl "wtorek, 1 grudnia 2026".</summary>
    public static string Date(DateTimeOffset at, string language) => at.ToString(DateFormat, Culture(language));

    public static string Time(DateTimeOffset at, string language) => at.ToString("HH:mm", Culture(language));

    /// <summary>"Europe/Warsaw, UTC+01:00" (the offset in force at <paramref name="at"/>), or "UTC".</summary>
    public static string ZoneName(TimeZoneInfo zone, DateTimeOffset at)
    {
        if (zone == TimeZoneInfo.Utc) return "UTC";
        var offset = at.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return $"{zone.Id}, UTC{sign}{offset.Duration().ToString("hh\\:mm", CultureInfo.InvariantCulture)}";
    }

    private static CultureInfo Gregorian(CultureInfo culture)
    {
        var clone = (CultureInfo)culture.Clone();
        if (clone.DateTimeFormat.Calendar is not GregorianCalendar)
            clone.DateTimeFormat.Calendar = new GregorianCalendar();
        return CultureInfo.ReadOnly(clone);
    }
}
