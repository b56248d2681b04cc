using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

/// <summary>
/// The outbox: one row per message (rows: <see cref="OutboxRows"/>), written with the change that caused it or queued on its own,
/// leased by a claim in one write transaction, kept for the record once sent or dropped.
/// </summary>
internal sealed class SqliteOutboxStore(SqliteDatabase database) : IOutboxStore
{
    /// <summary>Select and lease in one write transaction: no other dispatcher (thread or process) can claim the same rows.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueOutboxAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: true, ct);
        var due = await db.QueryAsync($"""
            SELECT {OutboxRows.Columns} FROM outbox
            WHERE sent_at IS NULL AND dropped_at IS NULL AND due_at <= $now AND (lease_until IS NULL OR lease_until <= $now)
            ORDER BY due_at, created_at, id LIMIT $max
            """, OutboxRows.Read, ct, ("$now", now), ("$max", Math.Max(0, max)));
        var until = now + lease;
        foreach (var m in due)
            await db.ExecuteAsync("UPDATE outbox SET lease_until = $until WHERE id = $id", ct, ("$until", until), ("$id", m.Id));
        await db.CommitAsync(ct);
        return [.. due.Select(m => m with { LeaseUntil = until })];
    }

    public async Task MarkOutboxSentAsync(string id, DateTimeOffset sentAt, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: true, ct);
        await db.ExecuteAsync("UPDATE outbox SET sent_at = $sent, lease_until = NULL WHERE id = $id", ct, ("$sent", sentAt), ("$id", id));
        await OutboxRows.KeepNoClearLinksAsync(db, "id = $id", ct, ("$id", id));
        await db.CommitAsync(ct);
    }

    public async Task MarkOutboxFailedAsync(string id, string error, DateTimeOffset retryAt, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: true, ct);
        await db.ExecuteAsync("UPDATE outbox SET attempts = attempts + 1, last_error = $error, due_at = $retry, lease_until = NULL WHERE id = $id", ct,
            ("$error", error), ("$retry", retryAt), ("$id", id));
        await db.CommitAsync(ct);
    }

    public async Task MarkOutboxDroppedAsync(string id, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: true, ct);
        await db.ExecuteAsync("UPDATE outbox SET dropped_at = $at, last_error = $reason, lease_until = NULL WHERE id = $id AND sent_at IS NULL", ct,
            ("$at", at), ("$reason", reason), ("$id", id));
        await OutboxRows.KeepNoClearLinksAsync(db, "id = $id", ct, ("$id", id));
        await db.CommitAsync(ct);
    }

    public async Task EnqueueOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await using var db = await database.OpenAsync(write: true, ct);
        foreach (var mailboxId in messages.Select(m => m.MailboxId).Distinct(StringComparer.OrdinalIgnoreCase))
            await MailboxRows.RequireIdAsync(db, mailboxId, ct);
        await OutboxRows.InsertAsync(db, messages, ct);
        await db.CommitAsync(ct);
    }

    public async Task<bool> RequeueOutboxAsync(string mailboxId, string id, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: true, ct);
        var changed = await db.ExecuteAsync("""
            UPDATE outbox SET sent_at = NULL, dropped_at = NULL, lease_until = NULL, due_at = $now, last_error = NULL
            WHERE id = $id AND mailbox_id = $mailbox
            """, ct, ("$now", now), ("$id", id), ("$mailbox", mailboxId));
        await db.CommitAsync(ct);
        return changed > 0;
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string mailboxId, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await db.QueryAsync($"SELECT {OutboxRows.Columns} FROM outbox WHERE mailbox_id = $mailbox ORDER BY created_at, rowid",
            OutboxRows.Read, ct, ("$mailbox", mailboxId));
    }
}
