using System.Globalization;
using System.Net;
using System.Text;

namespace Bookings.Core.Notifications;

/// <summary>Where user and admin text lands in a message: encoded for HTML, flattened for headers.</summary>
public static class MessageText
{
    /// <summary>One line for a header (subject, display name): control and line-separator characters become spaces.</summary>
    public static string Header(string? text, int maxLength = 200)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var blank = char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsWhiteSpace(c);
            if (blank) { if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' '); }
            else sb.Append(c);
        }
        var line = sb.ToString().Trim();
        return line.Length <= maxLength ? line : line[..WholeCharacters(line, maxLength)].TrimEnd() + "…";
    }

    // The length of the longest prefix within maxLength that ends between two characters as people see them: never
    // half a surrogate pair (which no encoder can write), never a letter without its combining marks.
    private static int WholeCharacters(string text, int maxLength)
    {
        var end = 0;
        while (end < text.Length)
        {
            var next = end + StringInfo.GetNextTextElementLength(text, end);
            if (next > maxLength) break;
            end = next;
        }
        return end;
    }

    /// <summary>HTML-encoded text with its line breaks kept as &lt;br&gt;.</summary>
    public static string Html(string text) =>
        WebUtility.HtmlEncode(text.ReplaceLineEndings("\n")).Replace("\n", "<br>", StringComparison.Ordinal);
}
