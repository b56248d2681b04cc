using System.Text.Json;
using Bookings.Core.Store;
using Bookings.Core.Sync;

namespace Bookings.Store.Sqlite;

/// <summary>Staff calendar sync states: one row per staff member, the state as JSON; a replace moves the change stamp.</summary>
internal sealed class SqliteStaffSyncStore(SqliteDatabase database) : IStaffSyncStore
{
    private static readonly JsonSerializerOptions SyncJson = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<StaffSyncState>> ListStaffSyncAsync(string mailboxId, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await ListAsync(db, mailboxId, ct);
    }

    /// <summary>The mailbox's sync states inside a session (availability reads them with the appointments).</summary>
    public static async Task<IReadOnlyList<StaffSyncState>> ListAsync(Session db, string mailboxId, CancellationToken ct) =>
        await db.QueryAsync("SELECT state FROM staff_sync WHERE mailbox_id = $mailbox ORDER BY staff_id",
            r => JsonSerializer.Deserialize<StaffSyncState>(r.GetString(0), SyncJson)!, ct, ("$mailbox", mailboxId));

    public async Task ReplaceStaffSyncAsync(string mailboxId, IReadOnlyList<StaffSyncState> states, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        await using var db = await database.OpenAsync(write: true, ct);
        var id = await MailboxRows.RequireIdAsync(db, mailboxId, ct);
        await db.ExecuteAsync("DELETE FROM staff_sync WHERE mailbox_id = $mailbox", ct, ("$mailbox", id));
        foreach (var state in states.DistinctBy(s => s.StaffId))
            await db.ExecuteAsync("INSERT INTO staff_sync (mailbox_id, staff_id, state) VALUES ($mailbox, $staff, $state)", ct,
                ("$mailbox", id), ("$staff", state.StaffId), ("$state", JsonSerializer.Serialize(state, SyncJson)));
        // Synced busy time feeds availability, whose cached inputs are revalidated with the change stamp.
        await MailboxRows.BumpChangeStampAsync(db, id, ct);
        await db.CommitAsync(ct);
    }
}
