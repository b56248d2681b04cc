using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

/// <summary>
/// Appointments and their attendees: the reads here (rows: <see cref="AppointmentRows"/>), booking, rescheduling and cancelling in
/// <see cref="AppointmentWrites"/> (Booking/), idempotency records and customers beside them.
/// </summary>
internal sealed class SqliteAppointmentStore(SqliteDatabase database, TimeProvider time) : IAppointmentStore
{
    private readonly AppointmentWrites _writes = new(database, time);

    private static TimeSpan MaxBlockedSpan => AppointmentRows.MaxBlockedSpan;

    public async Task<IReadOnlyList<Appointment>> ListAppointmentsAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await AppointmentRows.QueryAsync(db,
            """
             WHERE a.mailbox_id = $mailbox AND a.status = 'booked'
               AND a.blocked_start < $to AND a.blocked_start >= $earliest AND a.blocked_end > $from
            """, ct,
            ("$mailbox", mailboxId), ("$from", from), ("$to", to), ("$earliest", from - MaxBlockedSpan));
    }

    public async Task<IReadOnlyList<Appointment>> ListAppointmentHistoryAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        // Cancelled appointments stay in the table; the blocked_start bounds (start - pre-buffer) let the range index serve.
        var appointments = await AppointmentRows.QueryAsync(db,
            """
             WHERE a.mailbox_id = $mailbox AND a.status IN ('booked', 'cancelled')
               AND a.blocked_start < $to AND a.blocked_start >= $earliest AND a.start_utc >= $from AND a.start_utc < $to
            """, ct,
            ("$mailbox", mailboxId), ("$from", from), ("$to", to), ("$earliest", from - MaxBlockedSpan));
        return [.. appointments.OrderBy(a => a.Start).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    public async Task<BusyReading> ReadBusyAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        // One read transaction: the appointments, the time off and the sync states are of the same moment.
        db.BeginRead();
        var appointments = await AppointmentRows.ListBusyAsync(db, mailboxId, from, to, ct);
        var timeOff = await SqliteTimeOffStore.ListAsync(db, mailboxId, from, to, ct);
        var sync = await SqliteStaffSyncStore.ListAsync(db, mailboxId, ct);
        await db.CommitAsync(ct);
        return new BusyReading(appointments, timeOff, sync);
    }

    /// <summary>A counter on the mailbox row, moved in the transaction of every booking, cancellation, time-off and sync change.</summary>
    public async Task<string?> GetChangeStampAsync(string mailboxId, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await MailboxRows.ChangeStampAsync(db, mailboxId, ct);
    }

    public async Task<Appointment?> GetAppointmentAsync(string mailboxId, string appointmentId, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await AppointmentRows.GetAsync(db, mailboxId, appointmentId, ct);
    }

    public Task<BookOutcome> BookAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct = default) => _writes.BookAsync(command, outbox, ct);

    public Task<RescheduleOutcome> RescheduleAsync(RescheduleCommand command, OutboxComposer outbox, CancellationToken ct = default) =>
        _writes.RescheduleAsync(command, outbox, ct);

    public Task<bool> CancelAttendeeAsync(string mailboxId, string appointmentId, string attendeeId, OutboxComposer outbox, CancellationToken ct = default) =>
        _writes.CancelAttendeeAsync(mailboxId, appointmentId, attendeeId, outbox, ct);

    public async Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string mailboxId, string key, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await IdempotencyRows.ReadAsync(db, mailboxId, key, ct);
    }

    public async Task<ManageLookup?> FindByManageTokenHashAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        var appointment = (await AppointmentRows.QueryAsync(db,
            " WHERE a.id = (SELECT appointment_id FROM attendees WHERE manage_token_hash = $hash)", ct, ("$hash", tokenHash)))
            .FirstOrDefault();
        var attendee = appointment?.Attendees.FirstOrDefault(t => t.ManageTokenHash == tokenHash);
        return attendee is null ? null : new ManageLookup(appointment!, attendee);
    }

    public async Task<IReadOnlyList<Customer>> ListCustomersAsync(string mailboxId, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await CustomerRows.ListAsync(db, mailboxId, ct);
    }
}
