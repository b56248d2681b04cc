using System.Globalization;
using System.Text.Json.Nodes;
using Bookings.GraphEmulation.OData;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation;

/// <summary>What events, messages and contacts share: extended properties, change keys, conditional PATCH, shaping and paging.</summary>
public sealed partial class GraphEmulator
{
    private const int DefaultPageSize = 10;

    private DateTimeOffset Now(bool realClock = false) => realClock ? TimeProvider.System.GetUtcNow() : _time.GetUtcNow();

    private long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>
    /// singlevaluelegacyextendedproperty-post-singlevalueextendedproperties.md: properties are created in a new item's POST
    /// body or in a PATCH of an existing one; a PATCH names the ones it writes, the others keep their values
    /// (message-update.md: "Existing properties that are not included in the request body will maintain their previous values").
    /// The value is a string on the wire (singlevaluelegacyextendedproperty.md).
    /// </summary>
    private static void WriteProperties(Dictionary<string, ExtendedProperty> into, JsonNode? node)
    {
        if (node is null) return;
        if (node is not JsonArray array)
            throw new GraphError(400, "BadRequest", "singleValueExtendedProperties must be a collection.");
        foreach (var p in array)
        {
            if (p is not JsonObject o || o["id"] is not JsonValue idNode || !idNode.TryGetValue<string>(out var id))
                throw new GraphError(400, "BadRequest", "Each single-value extended property needs an id.");
            if (o["value"] is not JsonValue valueNode || !valueNode.TryGetValue<string>(out var value))
                throw new GraphError(400, "BadRequest", $"The value of extended property '{id}' must be a string.");
            var parsed = ExtendedPropertyId.Parse(id)
                ?? throw new GraphError(400, "ErrorInvalidProperty", $"The extended property id '{id}' is not in a supported format.");
            into[parsed.Key] = into.TryGetValue(parsed.Key, out var existing) ? existing with { Value = value } : new ExtendedProperty(id, parsed, value);
        }
    }

    /// <summary>compass-calendar#3673/#3675: the change key of a new item moves by itself once, a little after the create.</summary>
    private void ScheduleRotation(Item item, GraphEmulatorOptions o)
    {
        if (o.ChangeKeyRotationAfterCreate is not { } delay) return;
        item.RotateOnRealClock = o.RotationClock == EmulatorClock.Real;
        item.RotateAt = Now(item.RotateOnRealClock) + delay;
    }

    private void Settle(Item item)
    {
        if (item.RotateAt is { } at && Now(item.RotateOnRealClock) >= at)
        {
            item.ChangeKey = Ids.ChangeKey();
            item.RotateAt = null;
        }
    }

    private void SettleAll(Mailbox m)
    {
        foreach (var item in m.Events.Values) Settle(item);
        foreach (var item in m.Messages.Values) Settle(item);
        foreach (var item in m.Contacts.Values) Settle(item);
    }

    private static GraphError Conflict() => new(412, "ErrorIrresolvableConflict",
        "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.");

    /// <summary>
    /// If-Match is not documented on event-update.md or message-update.md (GraphEmulatorOptions.IfMatch chooses a reading);
    /// tenants answer 412 ErrorIrresolvableConflict to a stale change key and, now and then, to a PATCH without one
    /// (davmail#491, msgraph-sdk-dotnet#1201): GraphEmulatorOptions.SpuriousConflict*.
    /// </summary>
    private void CheckPatch(Call c, Item item, GraphEmulatorOptions o)
    {
        if (c.Header("If-Match") is { } ifMatch)
        {
            if (o.IfMatch == IfMatchMode.Refused)
                throw new GraphError(400, "BadRequest", "The If-Match header is not supported on this request.");
            if (o.IfMatch == IfMatchMode.Honoured && !ETagMatches(ifMatch, item.ChangeKey)) throw Conflict();
        }
        item.PatchCount++;
        var patches = ++_patches;
        if (o.SpuriousConflictWithinCreation is { } within && item.PatchCount == 1 && Now() - item.Created < within) throw Conflict();
        if (o.SpuriousConflictEveryKthPatch is > 0 and var k && patches % k == 0) throw Conflict();
    }

    private static bool ETagMatches(string ifMatch, string changeKey)
    {
        foreach (var raw in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw == "*") return true;
            var tag = raw.StartsWith("W/", StringComparison.Ordinal) ? raw[2..] : raw;
            if (tag.Trim('"') == changeKey) return true;
        }
        return false;
    }

    private static void Touch(Item item, DateTimeOffset now)
    {
        item.ChangeKey = Ids.ChangeKey();
        item.LastModified = now;
    }

    /// <summary>Properties a client may send in a POST or PATCH body: the type's properties (read-only ones are ignored)
    /// and singleValueExtendedProperties; anything else is refused as OData refuses an unknown property.</summary>
    private static void CheckWritable(JsonObject body, IReadOnlySet<string> schema, string typeName)
    {
        foreach (var (key, _) in body)
        {
            if (key.StartsWith('@') || schema.Contains(key) || key.Equals("singleValueExtendedProperties", StringComparison.OrdinalIgnoreCase)
                || key.Equals("multiValueExtendedProperties", StringComparison.OrdinalIgnoreCase)
                || (typeName == "message" && key.Equals("attachments", StringComparison.OrdinalIgnoreCase)))
                continue;
            throw new GraphError(400, "RequestBodyRead",
                $"The property '{key}' does not exist on type 'microsoft.graph.{typeName}'. Make sure to only use property names that are defined by the type or mark the type as open type.");
        }
    }

    private static readonly HashSet<string> ServerOwned = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "changeKey", "createdDateTime", "lastModifiedDateTime", "@odata.etag", "@odata.type", "@odata.context",
        "singleValueExtendedProperties", "multiValueExtendedProperties", "parentFolderId", "iCalUId", "isOrganizer",
        "onlineMeeting", "onlineMeetingUrl", "webLink", "bodyPreview", "hasAttachments", "type", "seriesMasterId", "transactionId",
        "receivedDateTime", "sentDateTime", "conversationId", "conversationIndex", "isDraft", "uniqueBody", "responseStatus",
    };

    /// <summary>Applies the writable properties of a body to stored data (case of the schema kept as the client wrote it).</summary>
    private static void Merge(JsonObject data, JsonObject body)
    {
        foreach (var (key, value) in body)
            if (!ServerOwned.Contains(key)) data[key] = value?.DeepClone();
    }

    /// <summary>
    /// $select (concepts/query-parameters.md) keeps id and @odata.etag; a name the type does not have is refused.
    /// calendar-list-calendarview.md: createdDateTime and lastModifiedDateTime of event "do not support $select"
    /// (GraphEmulatorOptions.EventTimestampSelect). $expand=singleValueExtendedProperties adds the matching properties only
    /// when there are any.
    /// </summary>
    private static JsonObject Shape(JsonObject full, IReadOnlyDictionary<string, ExtendedProperty> properties, Call c,
        IReadOnlySet<string> schema, string typeName, GraphEmulatorOptions o)
    {
        JsonObject result;
        if (c.Options.Select is { } select)
        {
            result = [];
            if (full["@odata.etag"] is { } etag) result["@odata.etag"] = etag.DeepClone();
            result["id"] = full["id"]?.DeepClone();
            foreach (var name in select)
            {
                if (!schema.Contains(name)) throw Schemas.UnknownProperty(name, typeName);
                if (typeName == "event" && (name.Equals("createdDateTime", StringComparison.OrdinalIgnoreCase) || name.Equals("lastModifiedDateTime", StringComparison.OrdinalIgnoreCase)))
                {
                    if (o.EventTimestampSelect == UnsupportedSelect.Refused)
                        throw new GraphError(400, "ErrorInvalidProperty", $"The property '{name}' of event does not support $select.");
                    continue;
                }
                var hit = full.FirstOrDefault(kv => kv.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (hit.Key is not null) result[hit.Key] = hit.Value?.DeepClone();
            }
        }
        else
        {
            result = Clone(full);
        }
        if (c.Options.ExpandProperties is { } wanted)
        {
            var expanded = new JsonArray();
            foreach (var id in wanted.DistinctBy(w => w.Key))
                if (properties.TryGetValue(id.Key, out var p))
                    expanded.Add(new JsonObject { ["id"] = p.Id, ["value"] = p.Value });
            if (expanded.Count > 0) result["singleValueExtendedProperties"] = expanded;
        }
        return result;
    }

    /// <summary>A page of a collection: $filter, $orderby, $top (default page size 10: user-list-messages.md,
    /// user-list-mailfolders.md), $skip, and @odata.nextLink with the request's query (concepts/paging.md).</summary>
    private Answer Page(Call c, string context, IEnumerable<(JsonObject Full, JsonObject Shaped, IReadOnlyDictionary<string, ExtendedProperty> Props)> rows,
        FilterRules? rules, Func<JsonObject, IComparable?>? defaultOrder = null, bool defaultDescending = false)
    {
        var list = rows.ToList();
        if (c.Options.Filter is { } filter)
        {
            if (rules is null) throw new GraphError(400, "BadRequest", "$filter is not supported on this collection.");
            var predicate = FilterCompiler.Compile(filter, rules);
            list = [.. list.Where(r => predicate(r.Props, r.Full))];
        }
        IOrderedEnumerable<(JsonObject Full, JsonObject Shaped, IReadOnlyDictionary<string, ExtendedProperty> Props)>? ordered = null;
        foreach (var (path, descending) in c.Options.OrderBy)
        {
            if (rules is not null && !rules.Properties.Contains(path.Split('/')[0])) throw Schemas.UnknownProperty(path, rules.TypeName);
            Func<(JsonObject Full, JsonObject, IReadOnlyDictionary<string, ExtendedProperty>), string> key = r => ValueAt(r.Full, path);
            ordered = ordered is null
                ? descending ? list.OrderByDescending(key, StringComparer.OrdinalIgnoreCase) : list.OrderBy(key, StringComparer.OrdinalIgnoreCase)
                : descending ? ordered.ThenByDescending(key, StringComparer.OrdinalIgnoreCase) : ordered.ThenBy(key, StringComparer.OrdinalIgnoreCase);
        }
        if (ordered is not null) list = [.. ordered];
        else if (defaultOrder is not null)
            list = defaultDescending ? [.. list.OrderByDescending(r => defaultOrder(r.Full))] : [.. list.OrderBy(r => defaultOrder(r.Full))];

        var top = c.Options.Top ?? DefaultPageSize;
        var skip = c.Options.Skip;
        var result = new JsonObject
        {
            ["@odata.context"] = $"{BaseAddress}$metadata#{context}",
            ["value"] = new JsonArray([.. list.Skip(skip).Take(top).Select(r => (JsonNode)r.Shaped)]),
        };
        if (skip + top < list.Count) result["@odata.nextLink"] = NextLink(c, ("$skip", (skip + top).ToString(CultureInfo.InvariantCulture)), ("$top", c.Options.Top?.ToString(CultureInfo.InvariantCulture)));
        return new Answer(200, result);
    }

    private string NextLink(Call c, params (string Key, string? Value)[] replace)
    {
        var query = c.Query.Where(q => !replace.Any(r => r.Key.Equals(q.Key, StringComparison.OrdinalIgnoreCase)))
            .Select(q => (q.Key, (string?)q.Value)).Concat(replace).Where(q => q.Item2 is not null)
            .Select(q => $"{Uri.EscapeDataString(q.Item1)}={Uri.EscapeDataString(q.Item2!)}");
        var relative = c.Path.StartsWith("/v1.0/", StringComparison.Ordinal) ? c.Path["/v1.0/".Length..] : c.Path.TrimStart('/');
        return $"{BaseAddress}{relative}?{string.Join("&", query)}";
    }

    private static string ValueAt(JsonObject o, string path)
    {
        JsonNode? node = o;
        foreach (var part in path.Split('/'))
            node = node is JsonObject obj ? obj.FirstOrDefault(kv => kv.Key.Equals(part, StringComparison.OrdinalIgnoreCase)).Value : null;
        return node is JsonValue v ? v.ToString() : "";
    }

    /// <summary>The body as the request asked for it: the GET pages document <c>Prefer: outlook.body-content-type</c>
    /// ("text" or "html"; HTML when absent) with a Preference-Applied header; on list calls GraphEmulatorOptions.ListBodyContentType
    /// decides (microsoft-graph-docs#4156 reports it ignored there).</summary>
    private static string WantedBodyType(Call c, bool isList, GraphEmulatorOptions o)
    {
        var preference = c.Prefer("outlook.body-content-type")?.ToLowerInvariant();
        if (preference is not ("text" or "html")) return "html";
        if (isList && o.ListBodyContentType == ListBodyPreference.Ignored) return "html";
        c.Applied($"outlook.body-content-type=\"{preference}\"");
        return preference;
    }

    private static string? ReadString(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => throw new GraphError(400, "BadRequest", $"The property '{name}' must be a string."),
        };

    /// <summary>Enumerations are checked as OData checks them: an unknown member is refused.</summary>
    private static void CheckEnum(JsonObject body, string name, string typeName, params string[] members)
    {
        if (ReadString(body, name) is { } value && !members.Contains(value, StringComparer.OrdinalIgnoreCase))
            throw new GraphError(400, "BadRequest", $"Cannot convert the literal '{value}' to the expected type 'microsoft.graph.{typeName}'.");
    }

    private static bool Is(string segment, string name) => segment.Equals(name, StringComparison.OrdinalIgnoreCase);
}
