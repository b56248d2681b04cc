using System.Globalization;

namespace Bookings.Store.Sqlite;

/// <summary>What the other ports ask of a mailbox row inside their own session: that it exists, and its change stamp.</summary>
internal static class MailboxRows
{
    /// <summary>The mailbox's id as stored (addresses compare without case); KeyNotFoundException when there is none.</summary>
    public static async Task<string> RequireIdAsync(Session db, string mailboxId, CancellationToken ct) =>
        await db.ScalarAsync<string>("SELECT id FROM mailboxes WHERE id = $id", ct, ("$id", mailboxId))
            ?? throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");

    /// <summary>The counter that moves with every booking, cancellation, time-off and sync change (<c>GetChangeStampAsync</c>); null: no such mailbox.</summary>
    public static async Task<string?> ChangeStampAsync(Session db, string mailboxId, CancellationToken ct)
    {
        var stamp = await db.ScalarAsync<long?>("SELECT change_stamp FROM mailboxes WHERE id = $id", ct, ("$id", mailboxId));
        return stamp?.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Moves the change stamp, in the transaction of the change.</summary>
    public static Task BumpChangeStampAsync(Session db, string mailboxId, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE mailboxes SET change_stamp = change_stamp + 1 WHERE id = $id", ct, ("$id", mailboxId));
}
