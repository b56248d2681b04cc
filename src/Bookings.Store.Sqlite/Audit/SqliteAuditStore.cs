using Bookings.Core.Admin;
using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

/// <summary>The audit log of admin changes: one row per entry, never changed; an entry without a mailbox is a change of a local account.</summary>
internal sealed class SqliteAuditStore(SqliteDatabase database) : IAuditStore
{
    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var db = await database.OpenAsync(write: true, ct);
        await db.ExecuteAsync("""
            INSERT INTO audit_log (id, at, mailbox_id, actor, action, target, details)
            VALUES ($id, $at, $mailbox, $actor, $action, $target, $details)
            """, ct,
            ("$id", entry.Id), ("$at", entry.At), ("$mailbox", entry.MailboxId), ("$actor", entry.Actor), ("$action", entry.Action),
            ("$target", entry.Target), ("$details", entry.Details));
        await db.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? mailboxId, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default)
    {
        if (max <= 0) return [];
        await using var db = await database.OpenAsync(write: false, ct);
        var where = mailboxId is null ? "" : "mailbox_id = $mailbox AND ";
        return await db.QueryAsync($"""
            SELECT id, at, mailbox_id, actor, action, target, details FROM audit_log
            WHERE {where}at >= $from AND at < $to ORDER BY at DESC, rowid DESC LIMIT $max
            """,
            r => new AuditEntry(r.GetString(0), Session.Instant(r.GetInt64(1)), Session.Text(r, 2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6)),
            ct, ("$mailbox", mailboxId), ("$from", from), ("$to", to), ("$max", max));
    }
}
