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
        return line.Length <= maxLength ? line : line[..maxLength].TrimEnd() + "…";
    }

    /// <summary>HTML-encoded text with its line breaks kept as &lt;br&gt;.</summary>
    public static string Html(string text) =>
        WebUtility.HtmlEncode(text.ReplaceLineEndings("\n")).Replace("\n", "<br>", StringComparison.Ordinal);
}

/// <summary>
/// A message body written once and rendered twice, as plain text and as HTML, so the two never
/// drift apart. Every value is encoded here; callers pass raw text.
/// </summary>
internal sealed class MessageBody
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _html = new();

    public MessageBody Paragraph(string text)
    {
        _text.Append(text.ReplaceLineEndings("\n")).Append("\n\n");
        _html.Append("<p>").Append(MessageText.Html(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Label–value lines; empty values are left out.</summary>
    public MessageBody Fields(params IEnumerable<(string Label, string? Value)> fields)
    {
        var rows = fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToList();
        if (rows.Count == 0) return this;
        _html.Append("<table role=\"presentation\" cellpadding=\"4\">\n");
        foreach (var (label, value) in rows)
        {
            var lines = value!.Trim().ReplaceLineEndings("\n");
            _text.Append(label).Append(": ").Append(lines.Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
            _html.Append("<tr><th align=\"left\" valign=\"top\">").Append(MessageText.Html(label))
                .Append("</th><td>").Append(MessageText.Html(lines)).Append("</td></tr>\n");
        }
        _text.Append('\n');
        _html.Append("</table>\n");
        return this;
    }

    /// <summary>A link; anything but an absolute http(s) URL is shown as text, never as a link.</summary>
    public MessageBody Link(string lead, string url)
    {
        _text.Append(lead).Append('\n').Append(url).Append("\n\n");
        var linkable = Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
        _html.Append("<p>").Append(MessageText.Html(lead)).Append("<br>");
        if (linkable) _html.Append("<a href=\"").Append(WebUtility.HtmlEncode(url)).Append("\">").Append(MessageText.Html(url)).Append("</a>");
        else _html.Append(MessageText.Html(url));
        _html.Append("</p>\n");
        return this;
    }

    public string Text => _text.ToString().TrimEnd() + "\n";

    public string Html(string title) =>
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + MessageText.Html(title) + "</title></head>\n<body>\n"
        + _html + "</body></html>\n";
}
