using System.Globalization;
using System.Text.Json.Nodes;
using Bookings.GraphEmulation.OData;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation;

/// <summary>
/// users/{id}/calendarView/delta on the primary calendar (api-reference/v1.0/api/event-delta.md,
/// concepts/delta-query-events.md, concepts/delta-query-overview.md).
/// </summary>
public sealed partial class GraphEmulator
{
    private const int DefaultDeltaPageSize = 10;
    private readonly Dictionary<string, DeltaPages> _skipTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeltaState> _deltaTokens = new(StringComparer.Ordinal);

    private sealed record DeltaState(string Mailbox, DateTimeOffset Start, DateTimeOffset End, long Watermark, DateTimeOffset IssuedAt)
    {
        public bool Expired { get; set; }
    }

    private sealed record DeltaPages(DeltaState Next, List<Func<Call, JsonObject>> Entries, int Offset)
    {
        public bool Expired { get; set; }
    }

    /// <summary>Expires the delta and skip tokens handed out so far (of one mailbox, or all): their next use answers
    /// 410 Gone syncStateNotFound and the client must sync again in full.</summary>
    public void ExpireDeltaTokens(string? mailbox = null)
    {
        lock (_lock)
        {
            foreach (var s in _deltaTokens.Values.Where(s => mailbox is null || s.Mailbox.Equals(mailbox, StringComparison.OrdinalIgnoreCase))) s.Expired = true;
            foreach (var p in _skipTokens.Values.Where(p => mailbox is null || p.Next.Mailbox.Equals(mailbox, StringComparison.OrdinalIgnoreCase))) p.Expired = true;
        }
    }

    private Answer Delta(Call c, Mailbox m, GraphEmulatorOptions o)
    {
        if (c.Method != "GET") throw MethodNotAllowed();
        var pageSize = DefaultDeltaPageSize;
        // event-delta.md, Request headers: "Prefer: odata.maxpagesize={x}".
        if (c.Prefer("odata.maxpagesize") is { } max && int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            pageSize = n;
            c.Applied($"odata.maxpagesize={n}");
        }

        if (c.Query.TryGetValue("$skiptoken", out var skip))
        {
            if (!_skipTokens.TryGetValue(skip, out var pages) || pages.Expired || pages.Next.Mailbox != m.Address) throw Gone(c, m, pages?.Next);
            _skipTokens.Remove(skip);
            return DeltaPage(c, m, pages with { }, pageSize);
        }

        DeltaState since;
        List<Func<Call, JsonObject>> entries;
        if (c.Query.TryGetValue("$deltatoken", out var token) && token.Length > 0)
        {
            if (!_deltaTokens.TryGetValue(token, out var state) || state.Mailbox != m.Address) throw Gone(c, m, state);
            // delta-query-overview.md, Token duration: for Outlook entities tokens expire; the answer is a 40X with
            // syncStateNotFound, and "Synchronization reset" answers 410 with a Location to start again.
            if (state.Expired || (o.DeltaTokenLifetime is { } life && Now() - state.IssuedAt >= life)) throw Gone(c, m, state);
            since = state;
            entries = Changes(m, state);
        }
        else
        {
            // event-delta.md: startDateTime and endDateTime on the first call; $select, $expand, $filter, $orderby and
            // $search are not supported.
            foreach (var unsupported in new[] { "$select", "$expand", "$filter", "$orderby", "$search" })
                if (c.Query.ContainsKey(unsupported))
                    throw new GraphError(400, "ErrorInvalidUrlQuery", $"The query parameter '{unsupported}' is not supported with change tracking over the 'calendarView' resource.");
            var (start, end) = Window(c);
            since = new DeltaState(m.Address, start, end, Watermark: -1, Now());
            entries = [.. m.Events.Values.Where(e => Overlaps(e, start, end)).OrderBy(e => e.StartUtc).ThenBy(e => e.Id, StringComparer.Ordinal)
                .Select(e => Entry(m, e, o))];
        }
        var next = since with { Watermark = m.EventChangeSequence, IssuedAt = Now() };
        return DeltaPage(c, m, new DeltaPages(next, entries, 0), pageSize);
    }

    /// <summary>What changed since a delta token: events added or updated in the window in full; deleted ones, and
    /// events changed outside the window, as <c>@removed</c> with reason deleted (event-delta.md, Response).</summary>
    private List<Func<Call, JsonObject>> Changes(Mailbox m, DeltaState state)
    {
        var entries = new List<(long Seq, Func<Call, JsonObject> Entry)>();
        foreach (var e in m.Events.Values.Where(e => e.ChangeSequence > state.Watermark))
            entries.Add((e.ChangeSequence, Overlaps(e, state.Start, state.End) ? Entry(m, e, _options) : Removed(e.Id)));
        foreach (var t in m.DeletedEvents.Where(t => t.ChangeSequence > state.Watermark))
            entries.Add((t.ChangeSequence, Removed(t.Id)));
        return [.. entries.OrderBy(x => x.Seq).Select(x => x.Entry)];
    }

    private Func<Call, JsonObject> Entry(Mailbox m, Item e, GraphEmulatorOptions o) => c =>
    {
        var json = RenderEvent(c, m, e, isList: true, o);
        json.Insert(0, "@odata.type", "#microsoft.graph.event");
        return json;
    };

    private static Func<Call, JsonObject> Removed(string id) => _ => new JsonObject
    {
        ["@odata.type"] = "#microsoft.graph.event",
        ["id"] = id,
        ["@removed"] = new JsonObject { ["reason"] = "deleted" },
    };

    private Answer DeltaPage(Call c, Mailbox m, DeltaPages pages, int pageSize)
    {
        var page = pages.Entries.Skip(pages.Offset).Take(pageSize).Select(f => (JsonNode)f(c)).ToList();
        var result = new JsonObject { ["@odata.context"] = $"{BaseAddress}$metadata#Collection(event)" };
        var link = $"{BaseAddress}users/{Uri.EscapeDataString(m.Address)}/calendarView/delta?";
        if (pages.Offset + pageSize < pages.Entries.Count)
        {
            var skip = NewToken();
            _skipTokens[skip] = pages with { Offset = pages.Offset + pageSize };
            result["@odata.nextLink"] = link + "$skiptoken=" + skip;
        }
        else
        {
            var delta = NewToken();
            _deltaTokens[delta] = pages.Next;
            result["@odata.deltaLink"] = link + "$deltatoken=" + delta;
        }
        result["value"] = new JsonArray([.. page]);
        return new Answer(200, result);
    }

    private GraphError Gone(Call c, Mailbox m, DeltaState? state)
    {
        // delta-query-overview.md, "Synchronization reset": 410 with a Location holding the initial request and an empty
        // $deltaToken; errors.md: syncStateNotFound, "The delta token is expired and data must be synchronized again."
        var location = $"{BaseAddress}users/{Uri.EscapeDataString(m.Address)}/calendarView/delta?$deltatoken=";
        if (state is not null)
            location += $"&startDateTime={Uri.EscapeDataString(state.Start.ToString("o", CultureInfo.InvariantCulture))}&endDateTime={Uri.EscapeDataString(state.End.ToString("o", CultureInfo.InvariantCulture))}";
        c.ResponseHeaders["Location"] = location;
        return new GraphError(410, "syncStateNotFound", "The sync state generation is not found. The delta token is expired and data must be synchronized again.");
    }

    private static string NewToken() => Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
