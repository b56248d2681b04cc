using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Microsoft.Data.Sqlite;

namespace Bookings.Store.Sqlite;

public sealed partial class SqliteBookingStore
{
    private const string OutboxColumns =
        "id, mailbox_id, deduplication_key, channel, kind, payload, created_at, due_at, sent_at, attempts, last_error, expires_at, dropped_at, lease_until";

    /// <summary>Select and lease in one write transaction: no other dispatcher (thread or process) can claim the same rows.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueOutboxAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: true, ct);
        var due = await db.QueryAsync($"""
            SELECT {OutboxColumns} FROM outbox
            WHERE sent_at IS NULL AND dropped_at IS NULL AND due_at <= $now AND (lease_until IS NULL OR lease_until <= $now)
            ORDER BY due_at, created_at, id LIMIT $max
            """, ReadOutbox, ct, ("$now", now), ("$max", Math.Max(0, max)));
        var until = now + lease;
        foreach (var m in due)
            await db.ExecuteAsync("UPDATE outbox SET lease_until = $until WHERE id = $id", ct, ("$until", until), ("$id", m.Id));
        await db.CommitAsync(ct);
        return [.. due.Select(m => m with { LeaseUntil = until })];
    }

    public async Task MarkOutboxSentAsync(string id, DateTimeOffset sentAt, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: true, ct);
        await db.ExecuteAsync("UPDATE outbox SET sent_at = $sent, lease_until = NULL WHERE id = $id", ct, ("$sent", sentAt), ("$id", id));
        await KeepNoClearLinksAsync(db, "id = $id", ct, ("$id", id));
        await db.CommitAsync(ct);
    }

    public async Task MarkOutboxFailedAsync(string id, string error, DateTimeOffset retryAt, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: true, ct);
        await db.ExecuteAsync("UPDATE outbox SET attempts = attempts + 1, last_error = $error, due_at = $retry, lease_until = NULL WHERE id = $id", ct,
            ("$error", error), ("$retry", retryAt), ("$id", id));
        await db.CommitAsync(ct);
    }

    public async Task MarkOutboxDroppedAsync(string id, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: true, ct);
        await db.ExecuteAsync("UPDATE outbox SET dropped_at = $at, last_error = $reason, lease_until = NULL WHERE id = $id AND sent_at IS NULL", ct,
            ("$at", at), ("$reason", reason), ("$id", id));
        await KeepNoClearLinksAsync(db, "id = $id", ct, ("$id", id));
        await db.CommitAsync(ct);
    }

    public async Task EnqueueOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await using var db = await OpenAsync(write: true, ct);
        foreach (var mailboxId in messages.Select(m => m.MailboxId).Distinct(StringComparer.OrdinalIgnoreCase))
            if (await db.ScalarAsync<string>("SELECT id FROM mailboxes WHERE id = $id", ct, ("$id", mailboxId)) is null)
                throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");
        await InsertOutboxAsync(db, messages, ct);
        await db.CommitAsync(ct);
    }

    public async Task<bool> RequeueOutboxAsync(string mailboxId, string id, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: true, ct);
        var changed = await db.ExecuteAsync("""
            UPDATE outbox SET sent_at = NULL, dropped_at = NULL, lease_until = NULL, due_at = $now, last_error = NULL
            WHERE id = $id AND mailbox_id = $mailbox
            """, ct, ("$now", now), ("$id", id), ("$mailbox", mailboxId));
        await db.CommitAsync(ct);
        return changed > 0;
    }

    // The unsent scheduled messages (reminders, follow-ups) whose deduplication key starts with the prefix: they no longer apply.
    private static async Task DropScheduledAsync(Session db, string keyPrefix, string reason, DateTimeOffset at, CancellationToken ct)
    {
        var pending = await db.QueryAsync("""
            SELECT id, kind FROM outbox
            WHERE sent_at IS NULL AND dropped_at IS NULL AND substr(deduplication_key, 1, length($prefix)) = $prefix
            """, r => (Id: r.GetString(0), Kind: r.GetString(1)), ct, ("$prefix", keyPrefix));
        foreach (var (id, _) in pending.Where(p => Bookings.Core.Notifications.NotificationKinds.IsScheduled(p.Kind)))
        {
            await db.ExecuteAsync("UPDATE outbox SET dropped_at = $at, last_error = $reason, lease_until = NULL WHERE id = $id", ct,
                ("$at", at), ("$reason", reason), ("$id", id));
            await KeepNoClearLinksAsync(db, "id = $id", ct, ("$id", id));
        }
    }

    /// <summary>
    /// The messages that <paramref name="condition"/> selects, kept without a manage or invitation link in clear (<see cref="SealedLinks.WithoutClearLinks"/>):
    /// a message sent or dropped by an earlier version, or composed by one and sent now. Pending messages are never passed here.
    /// </summary>
    internal static async Task KeepNoClearLinksAsync(Session db, string condition, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var messages = await db.QueryAsync($"SELECT {OutboxColumns} FROM outbox WHERE {condition}", ReadOutbox, ct, parameters);
        foreach (var message in messages)
            if (SealedLinks.WithoutClearLinks(message) is var kept && !ReferenceEquals(kept, message))
                await db.ExecuteAsync("UPDATE outbox SET payload = $payload WHERE id = $id", ct, ("$payload", kept.Payload), ("$id", message.Id));
    }

    public async Task<bool> IsSmsOptedOutAsync(string mailboxId, string phoneE164, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: false, ct);
        return await db.ScalarAsync<long>("SELECT EXISTS (SELECT 1 FROM sms_opt_out WHERE phone = $phone)", ct, ("$phone", phoneE164)) != 0;
    }

    public async Task SetSmsOptOutAsync(string phoneE164, bool optedOut, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: true, ct);
        if (optedOut)
            await db.ExecuteAsync("INSERT INTO sms_opt_out (phone, opted_out_at) VALUES ($phone, $at) ON CONFLICT (phone) DO NOTHING", ct,
                ("$phone", phoneE164), ("$at", at));
        else
            await db.ExecuteAsync("DELETE FROM sms_opt_out WHERE phone = $phone", ct, ("$phone", phoneE164));
        await db.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string mailboxId, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: false, ct);
        return await db.QueryAsync($"SELECT {OutboxColumns} FROM outbox WHERE mailbox_id = $mailbox ORDER BY created_at, rowid",
            ReadOutbox, ct, ("$mailbox", mailboxId));
    }

    // A message whose deduplication key is already queued is the same notification again: the first one stands.
    private static async Task InsertOutboxAsync(Session db, IEnumerable<OutboxMessage> messages, CancellationToken ct)
    {
        foreach (var m in messages)
            await db.ExecuteAsync($"""
                INSERT INTO outbox ({OutboxColumns})
                VALUES ($id, $mailbox, $key, $channel, $kind, $payload, $created, $due, $sent, $attempts, $error, $expires, NULL, NULL)
                ON CONFLICT (deduplication_key) DO NOTHING
                """, ct,
                ("$id", m.Id), ("$mailbox", m.MailboxId), ("$key", m.DeduplicationKey), ("$channel", m.Channel), ("$kind", m.Kind),
                ("$payload", m.Payload), ("$created", m.CreatedAt), ("$due", m.DueAt), ("$sent", m.SentAt), ("$attempts", m.Attempts),
                ("$error", m.LastError), ("$expires", m.ExpiresAt));
    }

    private static OutboxMessage ReadOutbox(SqliteDataReader r) => new(
        Id: r.GetString(0),
        MailboxId: r.GetString(1),
        DeduplicationKey: r.GetString(2),
        Channel: r.GetString(3),
        Kind: r.GetString(4),
        Payload: r.GetString(5),
        CreatedAt: Session.Instant(r.GetInt64(6)),
        DueAt: Session.Instant(r.GetInt64(7)),
        SentAt: Session.Instant(r, 8),
        Attempts: r.GetInt32(9),
        LastError: Session.Text(r, 10),
        ExpiresAt: Session.Instant(r, 11),
        DroppedAt: Session.Instant(r, 12),
        LeaseUntil: Session.Instant(r, 13));
}
