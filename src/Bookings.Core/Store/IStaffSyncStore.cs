namespace Bookings.Core.Store;

/// <summary>
/// The staff calendar sync's state: per synced staff member, the busy blocks of the last good read of their own calendar and how
/// the attempts went. Written by the sync (in the worker, possibly another process), read by availability, the CLI and /health.
/// </summary>
public interface IStaffSyncStore
{
    /// <summary>The sync state of each staff member of the mailbox whose own calendar is synced (any order).</summary>
    Task<IReadOnlyList<Sync.StaffSyncState>> ListStaffSyncAsync(string mailboxId, CancellationToken ct = default);

    /// <summary>Replaces the mailbox's sync states with <paramref name="states"/> (one per staff member); KeyNotFoundException for an unknown mailbox.</summary>
    Task ReplaceStaffSyncAsync(string mailboxId, IReadOnlyList<Sync.StaffSyncState> states, CancellationToken ct = default);
}
