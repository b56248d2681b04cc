using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Bookings.Store.Graph.Client;

/// <summary>
/// Our single-value extended properties (<c>String {PropertySetId} Name X</c>), read with
/// <c>$expand=singleValueExtendedProperties($filter=id eq '…' or …)</c> and matched with
/// <c>singleValueExtendedProperties/any(ep: ep/id eq '…' and ep/value eq '…')</c>
/// (api-reference/v1.0/api/singlevaluelegacyextendedproperty-get.md). Graph compares such values ignoring case and offers no
/// range operators on strings, so a value we filter on is always a <see cref="Key"/>: the lower-case hex of a SHA-256 of the
/// exact value, whose equality ignoring case is exact equality. Filters use one <c>any()</c> each and never chain them with
/// <c>or</c> (long chains answer ErrorRestrictionTooComplex: mguessan/davmail#509).
/// </summary>
internal sealed class ItemProperties(Guid propertySetId)
{
    public string Id(string name) => $"String {{{propertySetId}}} Name {name}";

    /// <summary>The filterable form of a value: 32 lower-case hex digits of its SHA-256 (128 bits: no collisions in practice).</summary>
    public static string Key(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    /// <summary>The <c>$filter</c> (URL-escaped) matching items whose property <paramref name="name"/> holds the key of <paramref name="value"/>.</summary>
    public string KeyFilter(string name, string value) =>
        "$filter=" + GraphClient.Q($"singleValueExtendedProperties/any(ep: ep/id eq '{Id(name)}' and ep/value eq '{Key(value)}')");

    /// <summary>
    /// The <c>$filter</c> matching a property holding one of our own literals: a kind ("seat", "document") or a flag ("1"), lower-case
    /// ASCII that we alone write, so the case of the comparison is moot.
    /// </summary>
    public string LiteralFilter(string name, string literal) =>
        "$filter=" + GraphClient.Q($"singleValueExtendedProperties/any(ep: ep/id eq '{Id(name)}' and ep/value eq '{literal}')");

    /// <summary><c>$expand</c> of the named properties (one <c>$filter</c> on ids; ids are ours and few).</summary>
    public string Expand(params string[] names) =>
        "$expand=" + GraphClient.Q($"singleValueExtendedProperties($filter={string.Join(" or ", names.Select(n => $"id eq '{Id(n)}'"))})");

    public JsonArray Write(params (string Name, string Value)[] properties) =>
        new([.. properties.Select(p => (JsonNode)new JsonObject { ["id"] = Id(p.Name), ["value"] = p.Value })]);

    public string? Read(JsonObject item, string name)
    {
        var id = Id(name);
        return item["singleValueExtendedProperties"]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(p => string.Equals(p["id"]?.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase))?["value"]?.GetValue<string>();
    }
}

/// <summary>Instants as Graph takes and gives them (UTC <c>dateTimeTimeZone</c>, ISO 8601 text).</summary>
internal static class Instants
{
    public static string Text(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant : null;

    public static JsonObject DateTimeTimeZone(DateTimeOffset instant) => new()
    {
        ["dateTime"] = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = "UTC",
    };

    /// <summary>An event's start or end: the store asks for UTC (no <c>Prefer: outlook.timezone</c>), so the text is UTC.</summary>
    public static DateTimeOffset ReadDateTimeTimeZone(JsonNode? node) =>
        Parse(node?["dateTime"]?.GetValue<string>()) ?? throw new InvalidDataException("An event without a start or end.");
}

/// <summary>
/// The text of a message body that holds our JSON. It is written as text, but Graph returns bodies as HTML unless
/// <c>Prefer: outlook.body-content-type="text"</c> is honoured, and list calls may ignore it (microsoft-graph-docs#4156). The JSON
/// we write escapes &lt;, &gt; and &amp; (System.Text.Json's default), so an HTML body gives it back by dropping the tags and
/// decoding the entities.
/// </summary>
internal static class Bodies
{
    public static JsonObject TextBody(string content) => new() { ["contentType"] = "text", ["content"] = content };

    public static string? Text(JsonObject item)
    {
        var body = item["body"];
        var content = body?["content"]?.GetValue<string>();
        if (content is null) return null;
        if (!string.Equals(body?["contentType"]?.GetValue<string>(), "html", StringComparison.OrdinalIgnoreCase)) return content.Trim();
        var text = new StringBuilder(content.Length);
        var inTag = false;
        foreach (var c in content)
        {
            if (c == '<') inTag = true;
            else if (c == '>') inTag = false;
            else if (!inTag) text.Append(c);
        }
        return System.Net.WebUtility.HtmlDecode(text.ToString()).Replace('\u00a0', ' ').Trim();
    }
}
