using System.Text.RegularExpressions;

namespace Bookings.Core.Calendars;

public static partial class EmailAddress
{
    // Deliberately strict: one @, a dotted domain, no spaces, quotes, angle brackets or control
    // characters, so an address can never smuggle a header or markup anywhere it is written.
    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? s) => s is { Length: <= 254 } && Pattern().IsMatch(s) && !s.Contains("..", StringComparison.Ordinal);
}

public static partial class PhoneNumber
{
    [GeneratedRegex(@"^\+?[0-9 ()./-]{5,24}\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? s) => s is not null && Pattern().IsMatch(s) && s.Count(char.IsDigit) is >= 5 and <= 15;
}

/// <summary>
/// Identifiers, addresses and zone ids are one line of visible characters. A control character (line feed, carriage return, tab,
/// NUL, DEL, the C1 controls) or a Unicode line or paragraph separator in one would break a header, an .ics line or a report row
/// wherever it is written, so it is refused where it enters, naming the field, and never trimmed away unseen.
/// </summary>
public static class ControlCharacters
{
    /// <summary>What a form or an API answer says of a field that holds one.</summary>
    public const string Problem = "A control character (a line break, a tab…) cannot be part of this value; remove it.";

    public static bool In(string? s) => s is not null && s.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029');
}

public static class MailboxAddress
{
    public static bool IsValid(string? s) => EmailAddress.IsValid(s);

    public static string ForSlug(string slug, string domain = "bookings.local") => $"{slug}@{domain}";
}
