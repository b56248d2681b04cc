using System.Globalization;
using System.Text.RegularExpressions;

namespace Bookings.Core.Booking;

/// <summary>What is wrong with the start a customer asked for, said the same by the API and the pages (booking and moving).</summary>
public static partial class BookingStart
{
    /// <summary>
    /// The refusal of a start written with a date or a time of day that does not exist (2027-02-29, 25:00), in the extended
    /// (2027-02-29T10:00…) or the basic (20270229T1000…) form; null when the date and time are real or the text is not one.
    /// </summary>
    public static BookingError? Nonexistent(string? value)
    {
        if (value is null || WrittenDateTime().Match(value) is not { Success: true } m) return null;
        int Part(string name) => int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
        var (year, month, day) = (Part("year"), Part("month"), Part("day"));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return Invalid(ErrorVariants.Date, $"{m.Groups["year"]}-{m.Groups["month"]}-{m.Groups["day"]}", FieldCodes.NoSuchDay);
        if (Part("hour") > 23 || Part("minute") > 59 || (m.Groups["second"].Success && Part("second") > 59))
            return Invalid(ErrorVariants.Time, $"{m.Groups["hour"]}:{m.Groups["minute"]}", FieldCodes.NoSuchTime);
        return null;
    }

    /// <summary>
    /// The refusal of a start before now (it has passed, whatever the lead time) or inside the minimum lead time; null when
    /// it is far enough ahead.
    /// </summary>
    public static BookingError? TooSoon(DateTimeOffset start, DateTimeOffset now, TimeSpan minimumLeadTime) =>
        start < now
            ? BookingError.Rule(ErrorCodes.StartInPast)
            : start < now + minimumLeadTime
                ? BookingError.Rule(ErrorCodes.InsideMinimumLeadTime, ErrorVariants.Book, ErrorArgs.Of((ErrorArgs.Duration, ErrorArgs.Minutes(minimumLeadTime))))
                : null;

    // The date or time as written (2027-02-29, 25:00) is the argument.
    private static BookingError Invalid(string variant, string written, string fieldCode) =>
        BookingError.Invalid(ErrorCodes.InvalidStart, variant, ErrorArgs.Of((ErrorArgs.Value, written)), BookingError.Field("start", fieldCode));

    [GeneratedRegex(@"^(?<year>\d{4})-?(?<month>\d{2})-?(?<day>\d{2})T(?<hour>\d{2}):?(?<minute>\d{2})(?::?(?<second>\d{2}))?", RegexOptions.IgnoreCase)]
    private static partial Regex WrittenDateTime();
}
