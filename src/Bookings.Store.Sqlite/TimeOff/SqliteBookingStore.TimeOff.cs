using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

public sealed partial class SqliteBookingStore
{
    public async Task<IReadOnlyList<TimeOff>> ListTimeOffAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: false, ct);
        return await ListTimeOffAsync(db, mailboxId, from, to, ct);
    }

    private static async Task<IReadOnlyList<TimeOff>> ListTimeOffAsync(Session db, string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
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
        await using var db = await OpenAsync(write: true, ct);
        var mailboxId = await db.ScalarAsync<string>("SELECT id FROM mailboxes WHERE id = $id", ct, ("$id", timeOff.MailboxId))
            ?? throw new KeyNotFoundException($"There is no mailbox '{timeOff.MailboxId}'.");
        var stored = timeOff with { MailboxId = mailboxId, Id = string.IsNullOrEmpty(timeOff.Id) ? "off-" + NewVersion()[..16] : timeOff.Id };
        await db.ExecuteAsync("""
            INSERT INTO time_off (id, mailbox_id, staff_id, start_utc, end_utc, reason, created_at)
            VALUES ($id, $mailbox, $staff, $start, $end, $reason, $now)
            """, ct, ("$id", stored.Id), ("$mailbox", mailboxId), ("$staff", stored.StaffId), ("$start", stored.Start), ("$end", stored.End),
            ("$reason", stored.Reason), ("$now", _time.GetUtcNow()));
        await BumpChangeStampAsync(db, mailboxId, ct);
        await db.CommitAsync(ct);
        return stored;
    }

    public async Task<bool> DeleteTimeOffAsync(string mailboxId, string timeOffId, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: true, ct);
        var deleted = await db.ExecuteAsync("DELETE FROM time_off WHERE mailbox_id = $mailbox AND id = $id", ct, ("$mailbox", mailboxId), ("$id", timeOffId));
        if (deleted > 0) await BumpChangeStampAsync(db, mailboxId, ct);
        await db.CommitAsync(ct);
        return deleted > 0;
    }

    public async Task<string?> GetChangeStampAsync(string mailboxId, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(write: false, ct);
        var stamp = await db.ScalarAsync<long?>("SELECT change_stamp FROM mailboxes WHERE id = $id", ct, ("$id", mailboxId));
        return stamp?.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task BumpChangeStampAsync(Session db, string mailboxId, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE mailboxes SET change_stamp = change_stamp + 1 WHERE id = $id", ct, ("$id", mailboxId));
}
