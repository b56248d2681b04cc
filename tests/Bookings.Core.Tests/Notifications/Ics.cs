using System.Text.RegularExpressions;

namespace Bookings.Core.Tests.Notifications;

internal static partial class Ics
{
    public static Ical.Net.Calendar Parse(string text) =>
        Ical.Net.Calendar.Load(text) ?? throw new InvalidOperationException("Ical.Net parsed no calendar.");

    /// <summary>
    /// The content lines of an .ics read without Ical.Net (RFC 5545 3.1: unfold, then the name is
    /// everything before the first ';' or ':'), so an injected property is seen even if the library
    /// that wrote it also reads it back leniently.
    /// </summary>
    public static IReadOnlyList<(string Name, string Line)> ContentLines(string text)
    {
        Assert.DoesNotMatch(BareLineBreak(), text);
        var unfolded = text.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
        return [.. unfolded.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => (Name(l), l))];
    }

    private static string Name(string line)
    {
        var end = line.IndexOfAny([';', ':']);
        return end < 0 ? line : line[..end];
    }

    [GeneratedRegex(@"\r(?!\n)|(?<!\r)\n")]
    private static partial Regex BareLineBreak();
}
