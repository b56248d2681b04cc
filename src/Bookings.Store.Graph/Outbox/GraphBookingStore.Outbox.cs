using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Notifications;
using Bookings.Core.Store;

namespace Bookings.Store.Graph;

/// <summary>
/// The notification outbox. A message lives in one of two places ("holders"):
/// <list type="bullet">
/// <item>an appointment's event (<c>Outbox</c> JSON + <c>Pending</c> 1/0), written by the same request as the change it
/// belongs to (booking, seat, cancellation, reschedule);</item>
/// <item>for a message that belongs to no appointment (staff invitations, time-off notices: <see cref="EnqueueOutboxAsync"/>),
/// a draft message of its own in the mailbox's hidden folder: subject <see cref="OutboxSubject"/>, the OutboxMessage JSON as
/// its body, and the single-value properties <c>OutboxId</c>, <c>DeduplicationKey</c> and <c>Pending</c> for equality filters.</item>
/// </list>
/// Every change of a message (claim, sent, failed, dropped, requeue) rewrites its holder with If-Match on the holder's
/// changeKey: a 412 means another dispatcher or a change of the appointment got there first, and the holder is read again.
/// A claim sets <c>LeaseUntil</c>; a message whose lease has not run out is not claimed again.
/// </summary>
public sealed partial class GraphBookingStore
{
    /// <summary>The subject of the draft messages that hold one outbox message each.</summary>
    public const string OutboxSubject = "Bookings outbox message";

    private const string OutboxIdProperty = "OutboxId";
    private const string DeduplicationKeyProperty = "DeduplicationKey";
    private const string OutboxKind = "outbox";

    /// <summary>Where a message is kept: an appointment's event, or a draft message of its own.</summary>
    private sealed record OutboxHolder(string MailboxId, string ItemId, bool IsEvent);

    /// <summary>A holder as last read or written: its changeKey and every message it holds (one for a draft message).</summary>
    private sealed record OutboxCopy(OutboxHolder Holder, string ChangeKey, List<OutboxMessage> Messages);

    // The last known copy of each pending message's holder: a Mark* after a claim is then one conditional write (a 412
    // reads the holder again). Entries leave when their message is sent or dropped.
    private readonly ConcurrentDictionary<string, OutboxCopy> _outboxCopies = new(StringComparer.Ordinal);

    private static bool Pending(IEnumerable<OutboxMessage> messages) => messages.Any(m => m.IsPending);

    private static bool Claimable(OutboxMessage m, DateTimeOffset now) =>
        m.IsPending && m.DueAt <= now && (m.LeaseUntil is null || m.LeaseUntil <= now);

    private static List<OutboxMessage> Oldest(IEnumerable<OutboxMessage> messages) =>
        [.. messages.OrderBy(m => m.DueAt).ThenBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)];

    // ---- listing ---------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string mailboxId, CancellationToken ct = default)
    {
        var onEvents = (await FindEventsAsync(mailboxId, KindProperty, AppointmentKind, ct)).Where(e => !e.IsHold).SelectMany(e => e.Outbox);
        var standalone = await KnownFolderAsync(mailboxId, ct) is { } folderId
            ? (await OutboxMessagesAsync(mailboxId, folderId, $"subject eq '{OutboxSubject}'", ct)).SelectMany(c => c.Messages)
            : [];
        return [.. onEvents.Concat(standalone).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The composed messages minus those whose deduplication key is already on an event the write has just read
    /// (the appointment's own event and, when booking, every event of the verify read, a day either side): no extra
    /// request. Keys are unique within that neighbourhood, not across the whole mailbox, which would cost a scan of
    /// every event; the keys the composer makes name their appointment, so that is where they can collide.
    /// </summary>
    private static List<OutboxMessage> NewMessages(IEnumerable<StoredEvent> seen, IReadOnlyList<OutboxMessage> composed)
    {
        if (composed.Count == 0) return [];
        var known = seen.SelectMany(e => e.Outbox).Select(m => m.DeduplicationKey).ToHashSet(StringComparer.Ordinal);
        return [.. composed.Where(m => known.Add(m.DeduplicationKey))];
    }

    /// <summary>
    /// The unsent scheduled messages (reminders, follow-ups: <see cref="NotificationKinds.IsScheduled"/>) whose deduplication key
    /// starts with <paramref name="keyPrefix"/> marked dropped with <paramref name="reason"/>: they no longer apply.
    /// </summary>
    private static List<OutboxMessage> DropScheduled(IEnumerable<OutboxMessage> outbox, string keyPrefix, string reason, DateTimeOffset at) =>
        [.. outbox.Select(m => m.IsPending && NotificationKinds.IsScheduled(m.Kind) && m.DeduplicationKey.StartsWith(keyPrefix, StringComparison.Ordinal)
            ? ManageLinks.WithoutClearLinks(m) with { DroppedAt = at, LastError = reason, LeaseUntil = null }
            : m)];

    // ---- claiming --------------------------------------------------------------------------------------

    /// <summary>
    /// Per mailbox of the registry: the events whose <c>Pending</c> is 1 and the pending draft messages of the hidden folder
    /// (two reads); then the due, lease-free messages oldest first up to <paramref name="max"/>, claimed by one conditional
    /// write per holder that sets their lease. A 412 reads the holder again and claims what is still free (a few times); what
    /// another dispatcher took meanwhile is made up from the next candidates.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueOutboxAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken ct = default)
    {
        if (max <= 0) return [];
        var holders = new List<OutboxCopy>();
        foreach (var mailboxId in await ListRegistryAsync(ct))
            holders.AddRange(await PendingHoldersAsync(mailboxId, ct));

        var candidates = new Queue<(OutboxHolder Holder, string Id)>(holders
            .SelectMany(h => h.Messages.Where(m => Claimable(m, now)).Select(m => (Holder: h, Message: m)))
            .OrderBy(w => w.Message.DueAt).ThenBy(w => w.Message.CreatedAt).ThenBy(w => w.Message.Id, StringComparer.Ordinal)
            .Select(w => (w.Holder.Holder, w.Message.Id)));
        var latest = holders.ToDictionary(h => h.Holder);
        var until = now + lease;
        var claimed = new List<OutboxMessage>();
        // Oldest first, as many as are still wanted; what another dispatcher took meanwhile is made up from the next ones.
        while (claimed.Count < max && candidates.Count > 0)
        {
            var wanted = new List<(OutboxHolder Holder, string Id)>();
            while (wanted.Count < max - claimed.Count && candidates.TryDequeue(out var next)) wanted.Add(next);
            foreach (var group in wanted.GroupBy(w => w.Holder))
            {
                var ids = group.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
                for (var attempt = 0; attempt < WriteAttempts && latest.GetValueOrDefault(group.Key) is { } copy; attempt++)
                {
                    var take = copy.Messages.Where(m => ids.Contains(m.Id) && Claimable(m, now)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
                    if (take.Count == 0) break;
                    var messages = copy.Messages.Select(m => take.Contains(m.Id) ? m with { LeaseUntil = until } : m).ToList();
                    var answer = await WriteHolderAsync(copy, messages, ct);
                    if (answer.Ok)
                    {
                        latest[group.Key] = Remember(copy, answer, messages) ?? copy;
                        claimed.AddRange(messages.Where(m => take.Contains(m.Id)));
                        break;
                    }
                    if (answer.Status == HttpStatusCode.NotFound)
                    {
                        latest.Remove(group.Key);
                        break;
                    }
                    if (answer.Status != HttpStatusCode.PreconditionFailed) throw Failure("claim outbox messages", answer);
                    // Another dispatcher claimed, or the appointment changed: read the holder again and take what is still free.
                    if (await ReadHolderAsync(copy.Holder, ct) is { } fresh) latest[group.Key] = fresh;
                    else latest.Remove(group.Key);
                }
            }
        }
        return Oldest(claimed);
    }

    /// <summary>The holders of a mailbox with a pending message: events with <c>Pending</c> 1, and pending draft messages.</summary>
    private async Task<List<OutboxCopy>> PendingHoldersAsync(string mailboxId, CancellationToken ct)
    {
        var holders = (await FindEventsAsync(mailboxId, PendingProperty, "1", ct)).Where(e => !e.IsHold).Select(e => EventCopy(mailboxId, e)).ToList();
        if (await KnownFolderAsync(mailboxId, ct) is { } folderId)
            holders.AddRange(await OutboxMessagesAsync(mailboxId, folderId, PropertyFilter(PendingProperty, "1"), ct));
        return holders;
    }

    private static OutboxCopy EventCopy(string mailboxId, StoredEvent e) => new(new OutboxHolder(mailboxId, e.EventId, IsEvent: true), e.ChangeKey, e.Outbox);

    // ---- marking ---------------------------------------------------------------------------------------

    // A message sent or dropped keeps no manage link an earlier version wrote in clear (ManageLinks.WithoutClearLinks).
    public Task MarkOutboxSentAsync(string id, DateTimeOffset sentAt, CancellationToken ct = default) =>
        ChangeOutboxAsync(null, id, m => ManageLinks.WithoutClearLinks(m) with { SentAt = sentAt, LeaseUntil = null }, ct);

    public Task MarkOutboxFailedAsync(string id, string error, DateTimeOffset retryAt, CancellationToken ct = default) =>
        ChangeOutboxAsync(null, id, m => m with { Attempts = m.Attempts + 1, LastError = error, DueAt = retryAt, LeaseUntil = null }, ct);

    public Task MarkOutboxDroppedAsync(string id, string reason, DateTimeOffset at, CancellationToken ct = default) =>
        ChangeOutboxAsync(null, id, m => m.SentAt is null ? ManageLinks.WithoutClearLinks(m) with { DroppedAt = at, LastError = reason, LeaseUntil = null } : null, ct);

    public Task<bool> RequeueOutboxAsync(string mailboxId, string id, DateTimeOffset now, CancellationToken ct = default) =>
        ChangeOutboxAsync(mailboxId, id, m => m with { SentAt = null, DroppedAt = null, LeaseUntil = null, LastError = null, DueAt = now }, ct);

    /// <summary>
    /// Changes one message in its holder with If-Match (412: read the holder again and retry). <paramref name="change"/> answers
    /// null for "nothing to change". False when the message is not found: a Mark* looks among the pending messages of every
    /// mailbox, a requeue (<paramref name="mailboxId"/> given) among all of that mailbox's messages.
    /// </summary>
    private async Task<bool> ChangeOutboxAsync(string? mailboxId, string id, Func<OutboxMessage, OutboxMessage?> change, CancellationToken ct)
    {
        var copy = _outboxCopies.TryGetValue(id, out var known)
            && (mailboxId is null || string.Equals(known.Holder.MailboxId, mailboxId, StringComparison.OrdinalIgnoreCase)) ? known : null;
        var located = false;
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            if (copy?.Messages.FirstOrDefault(m => m.Id == id) is not { } current)
            {
                // Not (or no longer) where this instance last saw it: look for it once.
                _outboxCopies.TryRemove(id, out _);
                if (located) return false;
                located = true;
                copy = await LocateOutboxAsync(mailboxId, id, ct);
                if (copy?.Messages.FirstOrDefault(m => m.Id == id) is not { } found) return false;
                current = found;
            }
            if (change(current) is not { } changed) return true;
            var messages = copy.Messages.Select(m => m.Id == id ? changed : m).ToList();
            var answer = await WriteHolderAsync(copy, messages, ct);
            if (answer.Ok)
            {
                Remember(copy, answer, messages);
                return true;
            }
            if (answer.Status == HttpStatusCode.NotFound) copy = null;
            else if (answer.Status == HttpStatusCode.PreconditionFailed) copy = await ReadHolderAsync(copy.Holder, ct);
            else throw Failure("update the outbox", answer);
        }
        throw new StoreConflictException($"The holder of the outbox message '{id}' kept changing; try again.");
    }

    /// <summary>
    /// The holder of a message: a draft message found by its <c>OutboxId</c>, else an appointment event — among the pending
    /// ones of every mailbox (a Mark*), or among every appointment event of <paramref name="mailboxId"/> (a requeue).
    /// </summary>
    private async Task<OutboxCopy?> LocateOutboxAsync(string? mailboxId, string id, CancellationToken ct)
    {
        var mailboxes = mailboxId is null ? await ListRegistryAsync(ct) : [mailboxId];
        foreach (var mailbox in mailboxes)
            if (await KnownFolderAsync(mailbox, ct) is { } folderId
                && (await OutboxMessagesAsync(mailbox, folderId, PropertyFilter(OutboxIdProperty, id), ct)).FirstOrDefault() is { } standalone)
                return standalone;
        foreach (var mailbox in mailboxes)
        {
            var events = await FindEventsAsync(mailbox, mailboxId is null ? PendingProperty : KindProperty, mailboxId is null ? "1" : AppointmentKind, ct);
            if (events.FirstOrDefault(e => !e.IsHold && e.Outbox.Any(m => m.Id == id)) is { } e) return EventCopy(mailbox, e);
        }
        return null;
    }

    private async Task<OutboxCopy?> ReadHolderAsync(OutboxHolder holder, CancellationToken ct)
    {
        if (holder.IsEvent)
            return await GetEventAsync(holder.MailboxId, holder.ItemId, ct) is { IsHold: false } e ? EventCopy(holder.MailboxId, e) : null;
        var answer = await SendAsync(HttpMethod.Get, $"{User(holder.MailboxId)}/messages/{Q(holder.ItemId)}?$select=id,changeKey,body", null, ct, textBody: true);
        if (answer.Status == HttpStatusCode.NotFound) return null;
        if (!answer.Ok) throw Failure("read an outbox message", answer);
        return ReadOutboxMessage(holder.MailboxId, answer.Body!);
    }

    /// <summary>Rewrites a holder's messages (and its <c>Pending</c>) with If-Match on the copy's changeKey.</summary>
    private Task<GraphAnswer> WriteHolderAsync(OutboxCopy copy, List<OutboxMessage> messages, CancellationToken ct)
    {
        var (mailboxId, itemId, isEvent) = copy.Holder;
        var pending = (Property(PendingProperty), Pending(messages) ? "1" : "0");
        return isEvent
            ? SendAsync(HttpMethod.Patch, $"{User(mailboxId)}/events/{Q(itemId)}", new JsonObject
            {
                ["singleValueExtendedProperties"] = Properties((Property(OutboxProperty), Json(messages)), pending),
            }, ct, ifMatch: copy.ChangeKey)
            : SendAsync(HttpMethod.Patch, $"{User(mailboxId)}/messages/{Q(itemId)}", new JsonObject
            {
                ["body"] = OutboxBody(messages.Single()),
                ["singleValueExtendedProperties"] = Properties(pending),
            }, ct, ifMatch: copy.ChangeKey);
    }

    /// <summary>Keeps the written copy for the next change of its pending messages; a sent or dropped one is forgotten.</summary>
    private OutboxCopy? Remember(OutboxCopy copy, GraphAnswer written, List<OutboxMessage> messages)
    {
        var changeKey = written.Body?["changeKey"]?.GetValue<string>();
        var updated = changeKey is null ? null : copy with { ChangeKey = changeKey, Messages = messages };
        foreach (var m in messages)
        {
            if (updated is not null && m.IsPending) _outboxCopies[m.Id] = updated;
            else _outboxCopies.TryRemove(m.Id, out _);
        }
        return updated;
    }

    // ---- messages without an appointment ---------------------------------------------------------------

    /// <summary>
    /// One draft message per outbox message in the mailbox's hidden folder. A deduplication key already there (an equality
    /// filter on <c>DeduplicationKey</c>) is not queued again; after the POST a read of the key settles a race between two
    /// writers (the earliest message stays, a later one deletes itself).
    /// </summary>
    public async Task EnqueueOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var folders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var mailboxId in messages.Select(m => m.MailboxId).Distinct(StringComparer.OrdinalIgnoreCase))
            folders[mailboxId] = await KnownFolderAsync(mailboxId, ct) ?? throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");

        foreach (var message in messages.DistinctBy(m => m.DeduplicationKey, StringComparer.Ordinal))
        {
            var folderId = folders[message.MailboxId];
            var byKey = PropertyFilter(DeduplicationKeyProperty, message.DeduplicationKey);
            if ((await OutboxMessagesAsync(message.MailboxId, folderId, byKey, ct)).Count > 0) continue;
            var stored = message with { LeaseUntil = null };
            var created = await RequireAsync("queue an outbox message", HttpMethod.Post, $"{User(message.MailboxId)}/mailFolders/{Q(folderId)}/messages",
                new JsonObject
                {
                    ["subject"] = OutboxSubject,
                    ["body"] = OutboxBody(stored),
                    ["singleValueExtendedProperties"] = Properties(
                        (Property(KindProperty), OutboxKind),
                        (Property(OutboxIdProperty), stored.Id),
                        (Property(DeduplicationKeyProperty), stored.DeduplicationKey),
                        (Property(PendingProperty), stored.IsPending ? "1" : "0")),
                }, ct);
            var mine = created.Body!["id"]!.GetValue<string>();
            var same = await SendAsync(HttpMethod.Get,
                $"{User(message.MailboxId)}/mailFolders/{Q(folderId)}/messages?$filter={Q(byKey)}&$select=id,createdDateTime&$top=10", null, ct);
            var first = same.Ok
                ? same.Body?["value"]?.AsArray().OfType<JsonObject>()
                    .OrderBy(m => ParseInstant(m["createdDateTime"]?.GetValue<string>()) ?? DateTimeOffset.MaxValue)
                    .ThenBy(m => m["id"]!.GetValue<string>(), StringComparer.Ordinal).FirstOrDefault()?["id"]?.GetValue<string>()
                : null;
            if (first is not null && first != mine)
                await SendAsync(HttpMethod.Delete, $"{User(message.MailboxId)}/messages/{Q(mine)}", null, ct);
        }
    }

    private static JsonObject OutboxBody(OutboxMessage message) => new() { ["contentType"] = "text", ["content"] = Json(message) };

    /// <summary>The outbox draft messages of the hidden folder that match an OData filter, following paging.</summary>
    private async Task<List<OutboxCopy>> OutboxMessagesAsync(string mailboxId, string folderId, string filter, CancellationToken ct)
    {
        var uri = $"{User(mailboxId)}/mailFolders/{Q(folderId)}/messages?$filter={Q(filter)}&$select=id,changeKey,body&$top=100";
        var answer = await SendAsync(HttpMethod.Get, uri, null, ct, textBody: true);
        if (answer.Status == HttpStatusCode.NotFound) return [];
        if (!answer.Ok) throw Failure("read the outbox messages", answer);
        var items = answer.Body?["value"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        if (answer.Body?["@odata.nextLink"]?.GetValue<string>() is { } next)
            items.AddRange(await ListAllAsync("read the outbox messages", next, ct, textBody: true));
        return [.. items.Select(m => ReadOutboxMessage(mailboxId, m)).OfType<OutboxCopy>()];
    }

    private static OutboxCopy? ReadOutboxMessage(string mailboxId, JsonObject item)
    {
        var json = item["body"]?["content"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(json)) return null;
        OutboxMessage? message;
        try { message = JsonSerializer.Deserialize<OutboxMessage>(json.Trim(), DataJson); }
        catch (JsonException) { return null; }
        return message is null ? null
            : new OutboxCopy(new OutboxHolder(mailboxId, item["id"]!.GetValue<string>(), IsEvent: false), item["changeKey"]!.GetValue<string>(), [message]);
    }
}
