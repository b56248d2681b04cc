using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bookings.GraphEmulation.OData;

namespace Bookings.GraphEmulation;

/// <summary>Wire formats: dateTimeTimeZone, timestamps, item bodies.</summary>
internal static partial class Formats
{
    /// <summary>Timestamps are ISO 8601 in UTC with seven decimals, as event.md's examples ("2019-11-15T01:55:54.8022848Z").</summary>
    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>resources/datetimetimezone.md: a local date-time without offset plus the zone it is in.</summary>
    public static JsonObject DateTimeTimeZone(DateTimeOffset instant, TimeZoneInfo zone, string zoneName) => new()
    {
        ["dateTime"] = TimeZoneInfo.ConvertTime(instant, zone).DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = zoneName,
    };

    public static TimeZoneInfo? FindZone(string name)
    {
        if (name.Equals("UTC", StringComparison.OrdinalIgnoreCase) || name.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase)) return TimeZoneInfo.Utc;
        try { return TimeZoneInfo.FindSystemTimeZoneById(name); }
        catch (TimeZoneNotFoundException) { return null; }
        catch (InvalidTimeZoneException) { return null; }
    }

    /// <summary>Reads a dateTimeTimeZone written by a client; an unknown zone is refused as Outlook refuses it.</summary>
    public static DateTimeOffset ParseDateTimeTimeZone(JsonNode? node, string property)
    {
        if (node is not JsonObject o || o["dateTime"]?.GetValue<string>() is not { } text)
            throw new GraphError(400, "BadRequest", $"The property '{property}' must be a dateTimeTimeZone with dateTime and timeZone.");
        var zoneName = o["timeZone"]?.GetValue<string>() ?? "UTC";
        var zone = FindZone(zoneName)
            ?? throw new GraphError(400, "TimeZoneNotSupportedException", $"A valid TimeZone value must be specified. The following TimeZone value is not supported: '{zoneName}'.");
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            throw new GraphError(400, "BadRequest", $"Cannot convert the literal '{text}' to the expected type 'Edm.DateTime'.");
        if (local.Kind == DateTimeKind.Utc || text.EndsWith('Z')) return new DateTimeOffset(DateTime.SpecifyKind(local.ToUniversalTime(), DateTimeKind.Utc));
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>A query-string instant (calendarView startDateTime): its own offset, UTC when it has none
    /// (calendar-list-calendarview.md).</summary>
    public static DateTimeOffset? ParseQueryInstant(string? text) =>
        text is not null && DateTimeOffset.TryParse(text.Replace(' ', '+'), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    // ---- bodies: itembody.md; the GET pages: "If the header is not specified, the body … returned in HTML format." ----

    /// <summary>A text body as Outlook hands it out when HTML is asked for. Exchange's exact markup is not documented;
    /// this wraps the escaped text in an HTML document with one line per &lt;br&gt;.</summary>
    public static string TextToHtml(string text)
    {
        var encoded = WebUtility.HtmlEncode(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "<br>\r\n", StringComparison.Ordinal);
        return "<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n</head>\r\n<body>\r\n<div>" + encoded + "</div>\r\n</body>\r\n</html>\r\n";
    }

    /// <summary>An HTML body as text: tags dropped, line breaks kept, entities decoded.</summary>
    public static string HtmlToText(string html)
    {
        var s = Head().Replace(html, "");
        s = LineBreak().Replace(s, "\r\n");
        s = Tag().Replace(s, "");
        s = WebUtility.HtmlDecode(s);
        return s.Trim('\r', '\n', ' ');
    }

    public static JsonObject Body(JsonObject stored, string wanted)
    {
        var type = stored["contentType"]?.GetValue<string>()?.ToLowerInvariant() ?? "text";
        var content = stored["content"]?.GetValue<string>() ?? "";
        if (type == wanted) return new JsonObject { ["contentType"] = type, ["content"] = content };
        return wanted == "html"
            ? new JsonObject { ["contentType"] = "html", ["content"] = TextToHtml(content) }
            : new JsonObject { ["contentType"] = "text", ["content"] = HtmlToText(content) };
    }

    public static string Preview(JsonObject stored)
    {
        var type = stored["contentType"]?.GetValue<string>()?.ToLowerInvariant() ?? "text";
        var content = stored["content"]?.GetValue<string>() ?? "";
        var text = type == "html" ? HtmlToText(content) : content;
        return text.Length > 255 ? text[..255] : text;
    }

    public static string Escape(string s)
    {
        var b = new StringBuilder();
        foreach (var c in s) b.Append(c == '\'' ? "''" : c.ToString());
        return b.ToString();
    }

    [GeneratedRegex(@"<head>.*?</head>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Head();

    [GeneratedRegex(@"<br\s*/?>\s*|</(p|div)>\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();
}
