using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Mailboxes;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Sync;

/// <summary>
/// Staff calendar sync states live beside the calendar document: the body of one more draft message in the hidden folder (JSON of
/// every synced staff member), a head (<c>Head = 1</c>, <c>Kind = sync</c>) so the document's revalidation also reports its changeKey
/// and availability reuses its copy while it is unchanged. One writer in practice (the sync worker); the last complete picture wins,
/// so a replacement is an unconditional PATCH of the body. Copies left by a replayed POST are read as the newest one and deleted.
/// </summary>
internal sealed class StaffSyncStates(GraphClient graph, ItemProperties properties, HiddenFolders folders, CalendarDocuments documents) : IStaffSyncStore
{
    private sealed record Copy(string ItemId, string ChangeKey, IReadOnlyList<StaffSyncState> States);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, Copy> _states = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _stamps = new(StringComparer.OrdinalIgnoreCase);

    public StaffSyncStates Attach()
    {
        documents.SyncStamp += (mailbox, changeKey) => _stamps[mailbox] = changeKey;
        return this;
    }

    public async Task<IReadOnlyList<StaffSyncState>> ListStaffSyncAsync(string mailboxId, CancellationToken ct = default) => (await ReadAsync(mailboxId, ct))?.States ?? [];

    /// <summary>The states for availability: the cached copy when the last revalidation saw it current, else one read.</summary>
    public async Task<IReadOnlyList<StaffSyncState>> CurrentAsync(string mailboxId, CancellationToken ct)
    {
        if (_stamps.TryGetValue(mailboxId, out var stamp))
        {
            if (stamp.Length == 0) return [];
            if (_states.TryGetValue(mailboxId, out var cached) && cached.ChangeKey == stamp) return cached.States;
        }
        return await ListStaffSyncAsync(mailboxId, ct);
    }

    private async Task<Copy?> ReadAsync(string mailboxId, CancellationToken ct)
    {
        var folder = await folders.FindAsync(mailboxId, ct);
        if (folder is null) return null;
        var items = await graph.ListAllAsync("read the staff calendar sync",
            $"{HiddenFolders.Messages(mailboxId, folder)}?{properties.LiteralFilter(CalendarDocuments.KindProperty, CalendarDocuments.StaffSyncKind)}&$select=id,changeKey,body&$top=10",
            ct, textBody: true, notFoundIsEmpty: true);
        var ordered = items.OrderByDescending(i => i["id"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        foreach (var extra in ordered.Skip(1)) await graph.DeleteAsync($"{User(mailboxId)}/messages/{Q(extra["id"]!.GetValue<string>())}", ct);
        var message = ordered.FirstOrDefault();
        _stamps[mailboxId] = message?["changeKey"]?.GetValue<string>() ?? "";
        if (message is null)
        {
            _states.TryRemove(mailboxId, out _);
            return null;
        }
        var states = JsonSerializer.Deserialize<List<StaffSyncState>>(Bodies.Text(message) is { Length: > 0 } t ? t : "[]", Json) ?? [];
        var copy = new Copy(message["id"]!.GetValue<string>(), message["changeKey"]!.GetValue<string>(), states);
        _states[mailboxId] = copy;
        return copy;
    }

    public async Task ReplaceStaffSyncAsync(string mailboxId, IReadOnlyList<StaffSyncState> states, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        var folder = await folders.FindAsync(mailboxId, ct) ?? throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");
        var list = states.DistinctBy(s => s.StaffId).ToList();
        var body = Bodies.TextBody(JsonSerializer.Serialize(list, Json));
        var current = _states.TryGetValue(mailboxId, out var known) ? known : await ReadAsync(mailboxId, ct);
        GraphAnswer? answer = null;
        if (current is not null)
        {
            answer = await graph.PatchOwnAsync($"{User(mailboxId)}/messages/{Q(current.ItemId)}", new JsonObject { ["body"] = body }, ct);
            if (answer.Status == System.Net.HttpStatusCode.NotFound) answer = null; // deleted meanwhile: write it again
            else if (!answer.Ok) throw Failure("store the staff calendar sync", answer);
        }
        answer ??= await graph.RequireAsync("store the staff calendar sync", HttpMethod.Post, HiddenFolders.Messages(mailboxId, folder), new JsonObject
        {
            ["subject"] = "Bookings staff calendar sync",
            ["body"] = body,
            ["singleValueExtendedProperties"] = properties.Write((CalendarDocuments.HeadProperty, "1"), (CalendarDocuments.KindProperty, CalendarDocuments.StaffSyncKind)),
        }, ct);
        var written = new Copy(answer.Body!["id"]!.GetValue<string>(), answer.Body!["changeKey"]?.GetValue<string>() ?? "", list);
        _states[mailboxId] = written;
        _stamps[mailboxId] = written.ChangeKey;
    }
}
