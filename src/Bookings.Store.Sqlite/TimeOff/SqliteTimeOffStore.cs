using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

/// <summary>Time off of staff members and closures of a calendar (<c>staff_id</c> null); every change moves the mailbox's change stamp.</summary>
internal sealed class SqliteTimeOffStore(SqliteDatabase database, TimeProvider time) : ITimeOffStore
{
    public async Task<IReadOnlyList<TimeOff>> ListTimeOffAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await ListAsync(db, mailboxId, from, to, ct);
    }

    /// <summary>The time off and closures that meet [from, to), inside a session (availability reads them with the appointments).</summary>
    public static async Task<IReadOnlyList<TimeOff>> ListAsync(Session db, string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        return await db.QueryAsync("""
            SELECT id, mailbox_id, staff_id, start_utc, end_utc, reason FROM time_off
            WHERE mailbox_id = $mailbox AND end_utc > $from AND start_utc < $to
            ORDER BY start_utc, id
            """, r => new TimeOff(r.GetString(0), r.GetString(1), Session.Text(r, 2), Session.Instant(r.GetInt64(3)), Session.Instant(r.GetInt64(4)), Session.Text(r, 5)),
            ct, ("$mailbox", mailboxId), ("$from", from), ("$to", to));
    }

    public async Task<TimeOff> AddTimeOffAsync(TimeOff timeOff, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(timeOff);
        if (timeOff.End <= timeOff.Start) throw new ArgumentException("Time off must end after it starts.", nameof(timeOff));
        await using var db = await database.OpenAsync(write: true, ct);
        var mailboxId = await MailboxRows.RequireIdAsync(db, timeOff.MailboxId, ct);
        var stored = timeOff with { MailboxId = mailboxId, Id = string.IsNullOrEmpty(timeOff.Id) ? "off-" + SqliteDatabase.NewVersion()[..16] : timeOff.Id };
        await db.ExecuteAsync("""
            INSERT INTO time_off (id, mailbox_id, staff_id, start_utc, end_utc, reason, created_at)
            VALUES ($id, $mailbox, $staff, $start, $end, $reason, $now)
            """, ct, ("$id", stored.Id), ("$mailbox", mailboxId), ("$staff", stored.StaffId), ("$start", stored.Start), ("$end", stored.End),
            ("$reason", stored.Reason), ("$now", time.GetUtcNow()));
        await MailboxRows.BumpChangeStampAsync(db, mailboxId, ct);
        await db.CommitAsync(ct);
        return stored;
    }

    public async Task<bool> DeleteTimeOffAsync(string mailboxId, string timeOffId, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: true, ct);
        var deleted = await db.ExecuteAsync("DELETE FROM time_off WHERE mailbox_id = $mailbox AND id = $id", ct, ("$mailbox", mailboxId), ("$id", timeOffId));
        if (deleted > 0) await MailboxRows.BumpChangeStampAsync(db, mailboxId, ct);
        await db.CommitAsync(ct);
        return deleted > 0;
    }
}
