using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Microsoft.Data.Sqlite;

namespace Bookings.Store.Sqlite;

/// <summary>
/// Outbox rows inside a session: what the outbox port, the writes of appointments (messages written with the change that caused
/// them, reminders dropped when it no longer applies) and the migrations (no clear links kept) do to them.
/// </summary>
internal static class OutboxRows
{
    public const string Columns =
        "id, mailbox_id, deduplication_key, channel, kind, payload, created_at, due_at, sent_at, attempts, last_error, expires_at, dropped_at, lease_until";

    // A message whose deduplication key is already queued is the same notification again: the first one stands.
    public static async Task InsertAsync(Session db, IEnumerable<OutboxMessage> messages, CancellationToken ct)
    {
        foreach (var m in messages)
            await db.ExecuteAsync($"""
                INSERT INTO outbox ({Columns})
                VALUES ($id, $mailbox, $key, $channel, $kind, $payload, $created, $due, $sent, $attempts, $error, $expires, NULL, NULL)
                ON CONFLICT (deduplication_key) DO NOTHING
                """, ct,
                ("$id", m.Id), ("$mailbox", m.MailboxId), ("$key", m.DeduplicationKey), ("$channel", m.Channel), ("$kind", m.Kind),
                ("$payload", m.Payload), ("$created", m.CreatedAt), ("$due", m.DueAt), ("$sent", m.SentAt), ("$attempts", m.Attempts),
                ("$error", m.LastError), ("$expires", m.ExpiresAt));
    }

    // The unsent scheduled messages (reminders, follow-ups) whose deduplication key starts with the prefix: they no longer apply.
    public static async Task DropScheduledAsync(Session db, string keyPrefix, string reason, DateTimeOffset at, CancellationToken ct)
    {
        var pending = await db.QueryAsync("""
            SELECT id, kind FROM outbox
            WHERE sent_at IS NULL AND dropped_at IS NULL AND substr(deduplication_key, 1, length($prefix)) = $prefix
            """, r => (Id: r.GetString(0), Kind: r.GetString(1)), ct, ("$prefix", keyPrefix));
        foreach (var (id, _) in pending.Where(p => NotificationKinds.IsScheduled(p.Kind)))
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
    public static async Task KeepNoClearLinksAsync(Session db, string condition, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var messages = await db.QueryAsync($"SELECT {Columns} FROM outbox WHERE {condition}", Read, ct, parameters);
        foreach (var message in messages)
            if (SealedLinks.WithoutClearLinks(message) is var kept && !ReferenceEquals(kept, message))
                await db.ExecuteAsync("UPDATE outbox SET payload = $payload WHERE id = $id", ct, ("$payload", kept.Payload), ("$id", message.Id));
    }

    public static OutboxMessage Read(SqliteDataReader r) => new(
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
