using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Calendars;

namespace Bookings.Core.Admin;

/// <summary>
/// One admin change: who (the signed-in user's address, or "cli:" and the operating-system user), when, what (a stable action
/// name such as service.update), on what (an id within the calendar) and the details (which fields changed, secrets masked).
/// MailboxId is null for changes outside any calendar (local accounts).
/// </summary>
public sealed record AuditEntry(string Id, DateTimeOffset At, string? MailboxId, string Actor, string Action, string Target, string Details)
{
    public const int MaxDetailsLength = 4000;

    public static AuditEntry Create(DateTimeOffset at, string? mailboxId, string actor, string action, string target, string? details) =>
        new(Guid.NewGuid().ToString("N"), at, mailboxId, actor, action, target,
            details is null ? "" : details.Length <= MaxDetailsLength ? details : details[..(MaxDetailsLength - 1)] + "…");
}

/// <summary>What a document change changed, as "path: before → after" lines, secrets (ICS feeds, invitation tokens) masked.</summary>
public static class AuditDiff
{
    private static readonly HashSet<string> Secrets = new(StringComparer.Ordinal) { "icsFeedUrl", "invitationTokenHash" };

    public static string Describe(CalendarDocument before, CalendarDocument after)
    {
        var a = JsonNode.Parse(CalendarJson.Serialize(before));
        var b = JsonNode.Parse(CalendarJson.Serialize(after));
        var lines = new List<string>();
        Walk("", a, b, lines);
        return string.Join("\n", lines);
    }

    private static void Walk(string path, JsonNode? a, JsonNode? b, List<string> lines)
    {
        if (lines.Count >= 50) return;
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
            {
                var child = path.Length == 0 ? key : path + "." + key;
                if (Secrets.Contains(key))
                {
                    if (!JsonNode.DeepEquals(oa[key], ob[key])) lines.Add($"{child}: changed");
                    continue;
                }
                Walk(child, oa[key], ob[key], lines);
            }
            return;
        }
        if (a is JsonArray xa && b is JsonArray xb && (xa.Count > 0 || xb.Count > 0) && IsKeyed(xa) && IsKeyed(xb))
        {
            // Lists of things with ids (services, staff, questions) are compared by id, so removing one is not every later one changed.
            var before = xa.OfType<JsonObject>().ToDictionary(o => (string)o["id"]!, StringComparer.Ordinal);
            var after = xb.OfType<JsonObject>().ToDictionary(o => (string)o["id"]!, StringComparer.Ordinal);
            foreach (var id in before.Keys.Union(after.Keys))
            {
                var child = $"{path}[{id}]";
                if (!before.ContainsKey(id)) lines.Add($"{child}: added");
                else if (!after.ContainsKey(id)) lines.Add($"{child}: removed");
                else Walk(child, before[id], after[id], lines);
            }
            return;
        }
        if (JsonNode.DeepEquals(a, b)) return;
        lines.Add($"{path}: {Show(a)} → {Show(b)}");
    }

    private static bool IsKeyed(JsonArray array) =>
        array.All(n => n is JsonObject o && o["id"] is JsonValue v && v.TryGetValue<string>(out _))
        && array.Select(n => (string)n!["id"]!).Distinct(StringComparer.Ordinal).Count() == array.Count;

    private static string Show(JsonNode? node)
    {
        var text = node is null ? "(none)" : node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return text.Length <= 200 ? text : text[..199] + "…";
    }
}
