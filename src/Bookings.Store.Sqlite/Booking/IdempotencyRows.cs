using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

/// <summary>The first answer to an Idempotency-Key, kept in the booking's own transaction so two racing requests with one key make one booking.</summary>
internal static class IdempotencyRows
{
    public static async Task<IdempotencyRecord?> ReadAsync(Session db, string mailboxId, string key, CancellationToken ct) =>
        (await db.QueryAsync(
            "SELECT key, request_fingerprint, appointment_id, attendee_id, protected_token, expires_at FROM idempotency WHERE mailbox_id = $mailbox AND key = $key",
            r => new IdempotencyRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Session.Instant(r.GetInt64(5))),
            ct, ("$mailbox", mailboxId), ("$key", key)))
        .FirstOrDefault();

    // Expired records of the mailbox go first, the replaced one among them, so the table stays as small as the live keys.
    public static async Task SaveAsync(Session db, string mailboxId, IdempotencyRecord record, DateTimeOffset now, CancellationToken ct)
    {
        await db.ExecuteAsync("DELETE FROM idempotency WHERE mailbox_id = $mailbox AND expires_at <= $now", ct, ("$mailbox", mailboxId), ("$now", now));
        await db.ExecuteAsync("""
            INSERT INTO idempotency (mailbox_id, key, request_fingerprint, appointment_id, attendee_id, protected_token, expires_at)
            VALUES ($mailbox, $key, $fingerprint, $appointment, $attendee, $token, $expires)
            """, ct,
            ("$mailbox", mailboxId), ("$key", record.Key), ("$fingerprint", record.RequestFingerprint), ("$appointment", record.AppointmentId),
            ("$attendee", record.AttendeeId), ("$token", record.ProtectedToken), ("$expires", record.ExpiresAt));
    }
}
