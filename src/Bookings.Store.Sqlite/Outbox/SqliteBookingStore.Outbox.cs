using Bookings.Core.Store;
using Microsoft.Data.Sqlite;

namespace Bookings.Store.Sqlite;

public sealed partial class SqliteBookingStore
{
    private const string OutboxColumns = "id, mailbox_id, deduplication_key, channel, kind, payload, created_at, due_at, sent_at, attempts, last_error";

    public async Task<IReadOnlyList<OutboxMessage>> ListDueOutboxAsync(DateTimeOffset now, int max, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: false, ct);
        return await db.QueryAsync(
            $"SELECT {OutboxColumns} FROM outbox WHERE sent_at IS NULL AND due_at <= $now ORDER BY due_at, created_at, id LIMIT $max",
            ReadOutbox, ct, ("$now", now), ("$max", Math.Max(0, max)));
    }

    public async Task MarkOutboxSentAsync(string id, DateTimeOffset sentAt, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: true, ct);
        await db.ExecuteAsync("UPDATE outbox SET sent_at = $sent WHERE id = $id", ct, ("$sent", sentAt), ("$id", id));
        await db.CommitAsync(ct);
    }

    public async Task MarkOutboxFailedAsync(string id, string error, DateTimeOffset retryAt, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: true, ct);
        await db.ExecuteAsync("UPDATE outbox SET attempts = attempts + 1, last_error = $error, due_at = $retry WHERE id = $id", ct,
            ("$error", error), ("$retry", retryAt), ("$id", id));
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
                VALUES ($id, $mailbox, $key, $channel, $kind, $payload, $created, $due, $sent, $attempts, $error)
                ON CONFLICT (deduplication_key) DO NOTHING
                """, ct,
                ("$id", m.Id), ("$mailbox", m.MailboxId), ("$key", m.DeduplicationKey), ("$channel", m.Channel), ("$kind", m.Kind),
                ("$payload", m.Payload), ("$created", m.CreatedAt), ("$due", m.DueAt), ("$sent", m.SentAt), ("$attempts", m.Attempts),
                ("$error", m.LastError));
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
        LastError: Session.Text(r, 10));
}
