using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

/// <summary>SMS opt-outs: one row per opted-out number, for every calendar (a STOP adds it, a START removes it).</summary>
internal sealed class SqliteSmsOptOutStore(SqliteDatabase database) : ISmsOptOutStore
{
    public async Task<bool> IsSmsOptedOutAsync(string mailboxId, string phoneE164, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await db.ScalarAsync<long>("SELECT EXISTS (SELECT 1 FROM sms_opt_out WHERE phone = $phone)", ct, ("$phone", phoneE164)) != 0;
    }

    public async Task SetSmsOptOutAsync(string phoneE164, bool optedOut, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: true, ct);
        if (optedOut)
            await db.ExecuteAsync("INSERT INTO sms_opt_out (phone, opted_out_at) VALUES ($phone, $at) ON CONFLICT (phone) DO NOTHING", ct,
                ("$phone", phoneE164), ("$at", at));
        else
            await db.ExecuteAsync("DELETE FROM sms_opt_out WHERE phone = $phone", ct, ("$phone", phoneE164));
        await db.CommitAsync(ct);
    }
}
