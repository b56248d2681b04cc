using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Mailboxes;
using Bookings.Store.Graph.Outlook;
using Bookings.Store.Graph.Records;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Outbox;

/// <summary>
/// The notification outbox on Exchange. A message is written once, with the change that caused it, and never rewritten: on the seat
/// record of the change (<c>Outbox</c>, in the same request that settles it), or — for a message of no appointment (staff invitations,
/// time-off notices) — as a draft message of its own in the hidden folder. What became of it (sent, attempts, its lease, dropped) is
/// the dispatcher's: a <c>Dispatch</c> property beside it, written only by the holder of the mailbox's <see cref="DispatcherLease"/>,
/// so no write here is conditional and none touches an event anyone is invited to. <c>Work = 1</c> marks what the dispatcher still
/// owes (set with the message, cleared by the dispatcher): its round reads those items only. Before it claims messages, the dispatcher
/// brings the Outlook event of each changed appointment in line (<see cref="OutlookEvents"/>) and marks the records a change replaced.
/// </summary>
internal sealed class OutboxDispatch(GraphClient graph, ItemProperties properties, SeatRecords records, RecordReader reader, HiddenFolders folders,
    MailboxCatalog catalog, DispatcherLease lease, OutlookEvents outlook, TimeProvider time) : IOutboxStore
{
    private const string KindProperty = "Kind";
    private const string OutboxKind = "outbox";
    private const string RequeueKind = "requeue";
    private const string OutboxIdKeyProperty = "OutboxIdKey";
    private const string DeduplicationKeyProperty = "DeduplicationKey";
    private const string WorkProperty = SeatRecords.WorkProperty;
    private const string DispatchProperty = SeatRecords.DispatchProperty;
    private const string OutlookDone = "#outlook";

    private static readonly JsonSerializerOptions Json = SeatRecords.Json;

    /// <summary>Where a message is kept: a seat record (an event) or a draft message of its own; with its messages and their dispatch state.</summary>
    private sealed record Holder(string MailboxId, string ItemId, bool IsEvent, IReadOnlyList<OutboxMessage> Messages,
        Dictionary<string, DispatchState> Dispatch, SeatRecord? Record = null)
    {
        /// <summary>Changed by this round and not written yet (written with the round's claims, or at its end).</summary>
        public bool Dirty { get; set; }
    }

    // The holder of each message this instance last claimed or changed: a mark is then one write.
    private readonly ConcurrentDictionary<string, Holder> _holders = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate = new(1, 1);

    // ---- the state of a message ------------------------------------------------------------------------------------------------

    /// <summary>A message as the outbox sees it: as composed, with what the dispatcher did to it, and dropped when its record was replaced.</summary>
    private static OutboxMessage Effective(OutboxMessage composed, DispatchState? state, SeatRecord? record)
    {
        var m = composed with { SentAt = null, Attempts = 0, LastError = null, DroppedAt = null, LeaseUntil = null };
        if (state is not null)
            m = m with
            {
                SentAt = state.SentAt,
                Attempts = state.Attempts,
                LastError = state.LastError,
                DueAt = state.DueAt ?? m.DueAt,
                DroppedAt = state.DroppedAt,
                LeaseUntil = state.LeaseUntil,
            };
        // A reminder or follow-up of a seat that was cancelled or moved no longer applies (the port: cancelling and rescheduling drop them).
        if (state is null && record is { State: SeatState.Superseded } && NotificationKinds.IsScheduled(m.Kind))
            m = m with { DroppedAt = record.SupersededAt ?? composed.CreatedAt, LastError = record.SupersedeReason ?? "rescheduled" };
        // What is sent or dropped shows no manage or invitation link written in clear (this store writes only sealed ones: SealedLinks).
        return m.IsPending ? m : SealedLinks.WithoutClearLinks(m);
    }

    private static IEnumerable<OutboxMessage> Messages(Holder h) =>
        h.Messages.Select(m => Effective(m, h.Dispatch.GetValueOrDefault(m.Id), h.Record));

    // ---- listing ---------------------------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string mailboxId, CancellationToken ct = default)
    {
        var holders = await AllHoldersAsync(mailboxId, ct);
        var requeued = await RequeueRequestsAsync(mailboxId, ct);
        return [.. holders.SelectMany(Messages).Select(m => requeued.TryGetValue(m.Id, out var at) ? Requeued(m, at) : m)
            .DistinctBy(m => m.Id).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    private static OutboxMessage Requeued(OutboxMessage m, DateTimeOffset at) =>
        m with { SentAt = null, DroppedAt = null, LeaseUntil = null, LastError = null, DueAt = at };

    /// <summary>Every holder of a mailbox: all seat records (a scan; for the admin's outbox page and the CLI) and the standalone messages.</summary>
    private async Task<List<Holder>> AllHoldersAsync(string mailboxId, CancellationToken ct)
    {
        var seats = await reader.SeatsByLiteralAsync(mailboxId, SeatRecords.KindProperty, SeatRecords.SeatKind, ct);
        var holders = seats.Where(r => r.Outbox.Count > 0 && r.State is not SeatState.Hold and not SeatState.Pending).Select(r => FromRecord(mailboxId, r)).ToList();
        holders.AddRange(await StandaloneAsync(mailboxId, properties.LiteralFilter(KindProperty, OutboxKind), ct));
        return holders;
    }

    private static Holder FromRecord(string mailboxId, SeatRecord r) =>
        new(mailboxId, r.EventId, IsEvent: true, r.Outbox, new Dictionary<string, DispatchState>(r.Dispatch), r);

    // ---- claiming ----------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// One round of the dispatcher over every calendar whose lease this instance holds: requeue requests applied, replaced records
    /// marked, Outlook events brought in line, then up to <paramref name="max"/> due, lease-free messages claimed oldest first.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueOutboxAsync(DateTimeOffset now, int max, TimeSpan leaseLength, CancellationToken ct = default)
    {
        if (max <= 0) return [];
        await _gate.WaitAsync(ct);
        try
        {
            var holders = new List<Holder>();
            foreach (var mailboxId in await catalog.AddressesAsync(ct))
            {
                try
                {
                    if (!await lease.HoldAsync(mailboxId, ct)) continue;
                    holders.AddRange(await WorkAsync(mailboxId, now, ct));
                }
                catch (MailboxUnreachableException) { } // reported by the catalog; the others go on
            }
            var candidates = holders.SelectMany(h => Messages(h).Where(m => Claimable(m, now)).Select(m => (Holder: h, Message: m)))
                .OrderBy(w => w.Message.DueAt).ThenBy(w => w.Message.CreatedAt).ThenBy(w => w.Message.Id, StringComparer.Ordinal)
                .DistinctBy(w => w.Message.Id).Take(max).ToList();
            var until = now + leaseLength;
            var claimed = new List<OutboxMessage>();
            foreach (var group in candidates.GroupBy(c => c.Holder))
            {
                var holder = group.Key;
                foreach (var (_, m) in group) holder.Dispatch[m.Id] = StateOf(m) with { LeaseUntil = until };
                if (!await WriteAsync(holder, ct)) continue;
                foreach (var (_, m) in group)
                {
                    _holders[m.Id] = holder;
                    claimed.Add(m with { LeaseUntil = until });
                }
            }
            // What the round changed and no claim wrote: its Outlook events made, its replaced records' reminders dropped, its work done.
            foreach (var holder in holders.Where(h => h.Dirty)) await WriteAsync(holder, ct);
            return [.. claimed.OrderBy(m => m.DueAt).ThenBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)];
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool Claimable(OutboxMessage m, DateTimeOffset now) =>
        m.IsPending && m.DueAt <= now && (m.LeaseUntil is null || m.LeaseUntil <= now);

    private static DispatchState StateOf(OutboxMessage m) => new(m.SentAt, m.Attempts, m.LastError, m.DueAt, m.DroppedAt, m.LeaseUntil);

    /// <summary>
    /// What a mailbox owes: the records and the draft messages with <c>Work = 1</c> (two reads; the drafts include the resend
    /// requests), after this round's housekeeping on them (marked <see cref="Holder.Dirty"/>, written by the caller).
    /// </summary>
    private async Task<List<Holder>> WorkAsync(string mailboxId, DateTimeOffset now, CancellationToken ct)
    {
        var seats = await reader.SeatsByLiteralAsync(mailboxId, WorkProperty, "1", ct);
        var holders = seats.Select(r => FromRecord(mailboxId, r)).ToList();
        var (drafts, requests) = await DraftsAsync(mailboxId, properties.LiteralFilter(WorkProperty, "1"), ct);
        holders.AddRange(drafts);
        await ApplyRequeuesAsync(mailboxId, requests, holders, ct);

        Mailbox? mailbox = null;
        var reconciled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var holder in holders.Where(h => h.Record is not null).ToList())
        {
            var record = holder.Record!;
            // A change whose claimant crashed before marking the record it replaced: mark it now.
            if (record.Supersedes is { } old && record.IsDecided)
                await SupersedeAsync(mailboxId, old, record.State == SeatState.Cancelled ? "cancelled" : "rescheduled", ct);
            if (!holder.Dispatch.ContainsKey(OutlookDone))
            {
                if (record.IsDecided && reconciled.Add(record.Data.AppointmentId))
                {
                    mailbox ??= await catalog.KnownAsync(mailboxId, ct);
                    // A one-seat appointment is its record; a group is read whole.
                    var current = record.Data.IsGroup
                        ? Appointments.Current(await reader.SeatsByKeyAsync(mailboxId, SeatRecords.AppointmentKeyProperty, record.Data.AppointmentId, ct)).ToList()
                        : [record];
                    if (mailbox is not null && current.Count > 0) await outlook.ReconcileAsync(mailbox, Appointments.Assemble(mailboxId, current), ct);
                }
                holder.Dispatch[OutlookDone] = new DispatchState(SentAt: now);
                holder.Dirty = true;
            }
            // Scheduled messages of a replaced record are dropped for good (until an admin queues one again).
            if (record.State == SeatState.Superseded)
                foreach (var m in Messages(holder).Where(m => m.DroppedAt is not null && !holder.Dispatch.ContainsKey(m.Id)).ToList())
                {
                    holder.Dispatch[m.Id] = StateOf(m);
                    holder.Dirty = true;
                }
            if (!Owes(holder)) holder.Dirty = true; // its Work flag goes back to 0
        }
        return holders;
    }

    private static bool Owes(Holder h) =>
        (h.Record is { IsDecided: true } && !h.Dispatch.ContainsKey(OutlookDone)) || Messages(h).Any(m => m.IsPending);

    private async Task SupersedeAsync(string mailboxId, string eventId, string reason, CancellationToken ct)
    {
        var answer = await graph.PatchOwnAsync($"{User(mailboxId)}/events/{Q(eventId)}", records.Superseded(reason, time.GetUtcNow()), ct);
        if (!answer.Ok && answer.Status != HttpStatusCode.NotFound) throw Failure("mark the replaced record", answer);
    }

    /// <summary>Writes a holder's dispatch state (and whether it still owes anything): the lease holder's own property, no condition.</summary>
    private async Task<bool> WriteAsync(Holder holder, CancellationToken ct)
    {
        var uri = holder.IsEvent ? $"{User(holder.MailboxId)}/events/{Q(holder.ItemId)}" : $"{User(holder.MailboxId)}/messages/{Q(holder.ItemId)}";
        var answer = await graph.PatchOwnAsync(uri, records.DispatchWrite(holder.Dispatch, Owes(holder)), ct);
        holder.Dirty = false;
        if (answer.Status == HttpStatusCode.NotFound) return false;
        if (!answer.Ok) throw Failure("update the outbox", answer);
        return true;
    }

    // ---- marking -----------------------------------------------------------------------------------------------------------------

    public Task MarkOutboxSentAsync(string id, DateTimeOffset sentAt, CancellationToken ct = default) =>
        ChangeAsync(id, m => m with { SentAt = sentAt, LeaseUntil = null }, ct);

    public Task MarkOutboxFailedAsync(string id, string error, DateTimeOffset retryAt, CancellationToken ct = default) =>
        ChangeAsync(id, m => m with { Attempts = m.Attempts + 1, LastError = error, DueAt = retryAt, LeaseUntil = null }, ct);

    public Task MarkOutboxDroppedAsync(string id, string reason, DateTimeOffset at, CancellationToken ct = default) =>
        ChangeAsync(id, m => m.SentAt is null ? m with { DroppedAt = at, LastError = reason, LeaseUntil = null } : null, ct);

    private async Task ChangeAsync(string id, Func<OutboxMessage, OutboxMessage?> change, CancellationToken ct)
    {
        var holder = _holders.TryGetValue(id, out var known) ? known : await LocateAsync(id, ct);
        if (holder is null || Messages(holder).FirstOrDefault(m => m.Id == id) is not { } current) return;
        if (change(current) is not { } changed) return;
        holder.Dispatch[id] = StateOf(changed);
        await WriteAsync(holder, ct);
        if (changed.IsPending) _holders[id] = holder;
        else _holders.TryRemove(id, out _);
    }

    /// <summary>A message this instance has not seen: among the pending work of every mailbox.</summary>
    private async Task<Holder?> LocateAsync(string id, CancellationToken ct)
    {
        foreach (var mailboxId in await catalog.AddressesAsync(ct))
        {
            var seats = await reader.SeatsByLiteralAsync(mailboxId, WorkProperty, "1", ct);
            if (seats.Select(r => FromRecord(mailboxId, r)).FirstOrDefault(h => h.Messages.Any(m => m.Id == id)) is { } onRecord) return onRecord;
            if ((await StandaloneAsync(mailboxId, properties.KeyFilter(OutboxIdKeyProperty, id), ct)).FirstOrDefault() is { } standalone) return standalone;
        }
        return null;
    }

    // ---- messages of no appointment ------------------------------------------------------------------------------------------------

    /// <summary>
    /// One draft message per message in the mailbox's hidden folder, its JSON as the body. A deduplication key already there is not
    /// queued again; two writers racing with one key (or a POST the transport replayed) leave copies, of which the dispatcher sends the
    /// first and drops the others.
    /// </summary>
    public async Task EnqueueOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var mailboxId in messages.Select(m => m.MailboxId).Distinct(StringComparer.OrdinalIgnoreCase))
            if (await catalog.KnownAsync(mailboxId, ct) is null) throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");
        foreach (var message in messages.DistinctBy(m => m.DeduplicationKey, StringComparer.Ordinal))
        {
            var folder = await folders.FindOrCreateAsync(message.MailboxId, ct);
            if ((await StandaloneAsync(message.MailboxId, properties.KeyFilter(DeduplicationKeyProperty, message.DeduplicationKey), ct)).Count > 0) continue;
            var stored = message with { LeaseUntil = null };
            await graph.RequireAsync("queue an outbox message", HttpMethod.Post, HiddenFolders.Messages(message.MailboxId, folder), new JsonObject
            {
                ["subject"] = "Bookings outbox message",
                ["body"] = Bodies.TextBody(JsonSerializer.Serialize(stored, Json)),
                ["singleValueExtendedProperties"] = properties.Write((KindProperty, OutboxKind), (OutboxIdKeyProperty, ItemProperties.Key(stored.Id)),
                    (DeduplicationKeyProperty, ItemProperties.Key(stored.DeduplicationKey)), (WorkProperty, stored.IsPending ? "1" : "0")),
            }, ct);
        }
    }

    private async Task<List<Holder>> StandaloneAsync(string mailboxId, string filter, CancellationToken ct) => (await DraftsAsync(mailboxId, filter, ct)).Holders;

    /// <summary>The draft messages that match a filter: outbox messages (as holders) and resend requests.</summary>
    private async Task<(List<Holder> Holders, List<RequeueRequest> Requests)> DraftsAsync(string mailboxId, string filter, CancellationToken ct)
    {
        var folder = await folders.FindAsync(mailboxId, ct);
        if (folder is null) return ([], []);
        var items = await graph.ListAllAsync("read the outbox messages",
            $"{HiddenFolders.Messages(mailboxId, folder)}?{filter}&$select=id,body&$top=100&{properties.Expand(KindProperty, DispatchProperty)}", ct,
            textBody: true, notFoundIsEmpty: true);
        var holders = new List<Holder>();
        var requests = new List<RequeueRequest>();
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.OrderBy(i => i["id"]!.GetValue<string>(), StringComparer.Ordinal))
        {
            var kind = properties.Read(item, KindProperty);
            if (kind == RequeueKind && ReadRequeue(item) is { } request)
            {
                requests.Add(request);
                continue;
            }
            if (kind != OutboxKind) continue;
            OutboxMessage? message;
            try { message = Bodies.Text(item) is { Length: > 0 } text ? JsonSerializer.Deserialize<OutboxMessage>(text, Json) : null; }
            catch (JsonException) { message = null; }
            if (message is null) continue;
            var dispatch = properties.Read(item, DispatchProperty) is { Length: > 0 } d
                ? JsonSerializer.Deserialize<Dictionary<string, DispatchState>>(d, Json) ?? [] : new Dictionary<string, DispatchState>();
            // A copy of a key already queued (two writers, or a replayed POST) is dropped, never sent twice.
            if (!seenKeys.Add(message.DeduplicationKey) && !dispatch.ContainsKey(message.Id))
                dispatch[message.Id] = new DispatchState(DroppedAt: message.CreatedAt, LastError: "duplicate");
            holders.Add(new Holder(mailboxId, item["id"]!.GetValue<string>(), IsEvent: false, [message], dispatch));
        }
        return (holders, requests);
    }

    // ---- an admin's resend -----------------------------------------------------------------------------------------------------

    /// <summary>
    /// Queues a message again, due at <paramref name="now"/>: a request the dispatcher applies (the outbox state is its alone), seen at
    /// once by listings. False when the mailbox has no such message.
    /// </summary>
    public async Task<bool> RequeueOutboxAsync(string mailboxId, string id, DateTimeOffset now, CancellationToken ct = default)
    {
        var holder = (await AllHoldersAsync(mailboxId, ct)).FirstOrDefault(h => h.Messages.Any(m => m.Id == id));
        if (holder is null) return false;
        var folder = await folders.FindOrCreateAsync(mailboxId, ct);
        await graph.RequireAsync("queue a message again", HttpMethod.Post, HiddenFolders.Messages(mailboxId, folder), new JsonObject
        {
            ["subject"] = "Bookings outbox resend",
            ["body"] = Bodies.TextBody(new JsonObject { ["id"] = id, ["holder"] = holder.ItemId, ["isEvent"] = holder.IsEvent, ["at"] = Instants.Text(now) }.ToJsonString()),
            ["singleValueExtendedProperties"] = properties.Write((KindProperty, RequeueKind), (WorkProperty, "1")),
        }, ct);
        _holders.TryRemove(id, out _);
        return true;
    }

    private sealed record RequeueRequest(string ItemId, string MessageId, string HolderId, bool IsEvent, DateTimeOffset At);

    private RequeueRequest? ReadRequeue(JsonObject item)
    {
        if (Bodies.Text(item) is not { Length: > 0 } text || JsonNode.Parse(text) is not JsonObject body) return null;
        return new RequeueRequest(item["id"]!.GetValue<string>(), body["id"]!.GetValue<string>(), body["holder"]!.GetValue<string>(),
            body["isEvent"]!.GetValue<bool>(), Instants.Parse(body["at"]?.GetValue<string>()) ?? time.GetUtcNow());
    }

    private async Task<Dictionary<string, DateTimeOffset>> RequeueRequestsAsync(string mailboxId, CancellationToken ct) =>
        (await DraftsAsync(mailboxId, properties.LiteralFilter(KindProperty, RequeueKind), ct)).Requests
            .GroupBy(r => r.MessageId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(r => r.At), StringComparer.Ordinal);

    private async Task ApplyRequeuesAsync(string mailboxId, List<RequeueRequest> requests, List<Holder> holders, CancellationToken ct)
    {
        foreach (var request in requests)
        {
            var holder = holders.FirstOrDefault(h => h.ItemId == request.HolderId) ?? await ReadHolderAsync(mailboxId, request.HolderId, request.IsEvent, ct);
            if (holder is not null && Messages(holder).FirstOrDefault(m => m.Id == request.MessageId) is { } m)
            {
                holder.Dispatch[m.Id] = StateOf(Requeued(m, request.At));
                await WriteAsync(holder, ct);
                if (!holders.Contains(holder)) holders.Add(holder);
            }
            await graph.DeleteAsync($"{User(mailboxId)}/messages/{Q(request.ItemId)}", ct);
        }
    }

    private async Task<Holder?> ReadHolderAsync(string mailboxId, string itemId, bool isEvent, CancellationToken ct)
    {
        if (isEvent)
        {
            var answer = await graph.SendAsync(HttpMethod.Get, $"{User(mailboxId)}/events/{Q(itemId)}?$select=id,start,end&{records.Expand}", null, ct);
            return answer.Ok && records.Read(answer.Body!) is { } record ? FromRecord(mailboxId, record) : null;
        }
        var folder = await folders.FindAsync(mailboxId, ct);
        return folder is null ? null
            : (await StandaloneAsync(mailboxId, properties.LiteralFilter(KindProperty, OutboxKind), ct)).FirstOrDefault(h => h.ItemId == itemId);
    }
}
