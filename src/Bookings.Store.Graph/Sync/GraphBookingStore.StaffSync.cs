using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Core.Sync;

namespace Bookings.Store.Graph;

/// <summary>
/// Staff calendar sync states live beside the calendar document: the body of one more draft message
/// ("Bookings staff calendar sync") in the hidden folder, JSON of every synced staff member. The document's
/// revalidation lists the folder's changeKeys, so availability reuses its copy of the states without a request
/// while the message is unchanged.
/// </summary>
public sealed partial class GraphBookingStore
{
    public const string SyncSubject = "Bookings staff calendar sync";

    private static readonly JsonSerializerOptions SyncJson = new(JsonSerializerDefaults.Web);

    private sealed record SyncDocument(string MessageId, string ChangeKey, IReadOnlyList<StaffSyncState> States);

    // The states as last read or written, and the sync message's changeKey as last seen by a revalidation ("" = none).
    private readonly ConcurrentDictionary<string, SyncDocument> _syncStates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _syncStamps = new(StringComparer.OrdinalIgnoreCase);

    private void NoteSyncMessage(string mailboxId, JsonObject? message) =>
        _syncStamps[mailboxId] = message?["changeKey"]?.GetValue<string>() ?? "";

    public async Task<IReadOnlyList<StaffSyncState>> ListStaffSyncAsync(string mailboxId, CancellationToken ct = default) =>
        (await ReadSyncDocumentAsync(mailboxId, ct))?.States ?? [];

    /// <summary>The states for availability: the cached copy when the last revalidation saw it current, else one read.</summary>
    private async Task<IReadOnlyList<StaffSyncState>> CurrentSyncStatesAsync(string mailboxId, CancellationToken ct)
    {
        if (_syncStamps.TryGetValue(mailboxId, out var stamp))
        {
            if (stamp.Length == 0) return [];
            if (_syncStates.TryGetValue(mailboxId, out var cached) && cached.ChangeKey == stamp) return cached.States;
        }
        return await ListStaffSyncAsync(mailboxId, ct);
    }

    private async Task<SyncDocument?> ReadSyncDocumentAsync(string mailboxId, CancellationToken ct)
    {
        var folderId = await KnownFolderAsync(mailboxId, ct);
        if (folderId is null) return null;
        var filter = Q($"subject eq '{SyncSubject}'");
        var answer = await SendAsync(HttpMethod.Get, $"{User(mailboxId)}/mailFolders/{Q(folderId)}/messages?$filter={filter}&$top=1&$select=id,changeKey,body",
            null, ct, textBody: true);
        if (answer.Status == HttpStatusCode.NotFound) return null;
        if (!answer.Ok) throw Failure("read the staff calendar sync", answer);
        var message = answer.Body?["value"]?.AsArray().OfType<JsonObject>().FirstOrDefault();
        NoteSyncMessage(mailboxId, message);
        if (message is null)
        {
            _syncStates.TryRemove(mailboxId, out _);
            return null;
        }
        var json = message["body"]?["content"]?.GetValue<string>() ?? "[]";
        var states = JsonSerializer.Deserialize<List<StaffSyncState>>(json, SyncJson) ?? [];
        var document = new SyncDocument(message["id"]!.GetValue<string>(), message["changeKey"]!.GetValue<string>(), states);
        _syncStates[mailboxId] = document;
        return document;
    }

    public async Task ReplaceStaffSyncAsync(string mailboxId, IReadOnlyList<StaffSyncState> states, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        var folderId = await KnownFolderAsync(mailboxId, ct) ?? throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");
        var list = states.DistinctBy(s => s.StaffId).ToList();
        var body = new JsonObject { ["contentType"] = "text", ["content"] = JsonSerializer.Serialize(list, SyncJson) };
        var current = _syncStates.TryGetValue(mailboxId, out var known) ? known : await ReadSyncDocumentAsync(mailboxId, ct);

        GraphAnswer? answer = null;
        if (current is not null)
        {
            // One writer at a time in practice (the sync worker); the last complete picture wins, so no If-Match.
            answer = await SendAsync(HttpMethod.Patch, $"{User(mailboxId)}/messages/{Q(current.MessageId)}", new JsonObject { ["body"] = body }, ct);
            if (answer.Status == HttpStatusCode.NotFound) answer = null; // deleted meanwhile: write it again
            else if (!answer.Ok) throw Failure("store the staff calendar sync", answer);
        }
        answer ??= await RequireAsync("store the staff calendar sync", HttpMethod.Post, $"{User(mailboxId)}/mailFolders/{Q(folderId)}/messages",
            new JsonObject { ["subject"] = SyncSubject, ["body"] = body }, ct);

        var written = new SyncDocument(answer.Body!["id"]!.GetValue<string>(), answer.Body!["changeKey"]!.GetValue<string>(), list);
        _syncStates[mailboxId] = written;
        _syncStamps[mailboxId] = written.ChangeKey;
    }

    /// <summary>The hidden folder of a mailbox this instance has read (or reads now); null when there is no such calendar.</summary>
    private async Task<string?> KnownFolderAsync(string mailboxId, CancellationToken ct)
    {
        if (_locations.TryGetValue(mailboxId, out var location)) return location.FolderId;
        return await GetMailboxAsync(mailboxId, ct) is not null && _locations.TryGetValue(mailboxId, out location) ? location.FolderId : null;
    }
}
