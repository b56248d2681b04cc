using System.Text.RegularExpressions;

namespace Bookings.Core.Calendars;

public static partial class EmailAddress
{
    // Deliberately strict: one @, a dotted domain, no spaces, quotes, angle brackets or control
    // characters, so an address can never smuggle a header or markup anywhere it is written.
    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? s) => s is { Length: <= 254 } && Pattern().IsMatch(s) && !s.Contains("..", StringComparison.Ordinal);
}

public static partial class PhoneNumber
{
    [GeneratedRegex(@"^\+?[0-9 ()./-]{5,24}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? s) => s is not null && Pattern().IsMatch(s) && s.Count(char.IsDigit) is >= 5 and <= 15;
}

public static class MailboxAddress
{
    public static bool IsValid(string? s) => EmailAddress.IsValid(s);

    public static string ForSlug(string slug, string domain = "bookings.local") => $"{slug}@{domain}";
}
