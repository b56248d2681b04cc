using System.Text.Json;
using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

/// <summary>
/// Booking, rescheduling and cancelling: each one check-and-write in one <c>BEGIN IMMEDIATE</c> transaction, so while it runs no other
/// writer (thread or process) can book, and what the checks saw (<see cref="StaffSchedule"/>) is what the write lands in. The composed
/// outbox messages, the idempotency record and the change stamp are written in the same transaction. Every Conflict or Replay returns
/// before the commit, so the rollback leaves nothing behind.
/// </summary>
internal sealed class AppointmentWrites(SqliteDatabase database, TimeProvider time)
{
    private static TimeSpan MaxBlockedSpan => AppointmentRows.MaxBlockedSpan;

    public async Task<BookOutcome> BookAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(outbox);
        var blockedStart = command.Start - command.PreBuffer;
        var blockedEnd = command.End + command.PostBuffer;
        if (command.End <= command.Start || command.PreBuffer < TimeSpan.Zero || command.PostBuffer < TimeSpan.Zero
            || blockedEnd - blockedStart > MaxBlockedSpan || command.Seats < 1)
            throw new ArgumentException(
                $"An appointment ends after it starts, has at least one seat and blocks at most {MaxBlockedSpan.TotalDays:0} days with its buffers.",
                nameof(command));

        await using var db = await database.OpenAsync(write: true, ct);
        var now = time.GetUtcNow();
        var mailboxId = await MailboxRows.RequireIdAsync(db, command.MailboxId, ct);

        if (command.Idempotency is { } idempotency
            && await IdempotencyRows.ReadAsync(db, mailboxId, idempotency.Key, ct) is { } seen && seen.ExpiresAt > now)
            return new BookOutcome.Replay(seen);

        var group = command.Seats > 1 ? await StaffSchedule.FindGroupAsync(db, mailboxId, command, ct) : null;
        if (group is { } g)
        {
            if (g.Taken >= g.Seats) return new BookOutcome.Conflict(ConflictCodes.SeatsFull);
        }
        else if (await StaffSchedule.ConflictAsync(db, mailboxId, command.StaffId, blockedStart, blockedEnd, command.Caps, movingAppointmentId: null, ct) is { } code)
        {
            return new BookOutcome.Conflict(code);
        }

        var customerId = await CustomerRows.SaveAsync(db, mailboxId, command.Customer, now, ct);
        var appointmentId = group?.Id ?? command.NewAppointmentId;
        if (group is null)
            await db.ExecuteAsync("""
                INSERT INTO appointments (id, mailbox_id, service_id, staff_id, start_utc, end_utc, pre_buffer, post_buffer,
                                          blocked_start, blocked_end, seats, status, ics_uid, sequence, version, created_at)
                VALUES ($id, $mailbox, $service, $staff, $start, $end, $pre, $post, $blockedStart, $blockedEnd, $seats, 'booked', $uid, 0, $version, $now)
                """, ct,
                ("$mailbox", mailboxId), ("$staff", command.StaffId), ("$id", appointmentId), ("$service", command.ServiceId), ("$start", command.Start),
                ("$end", command.End), ("$pre", command.PreBuffer), ("$post", command.PostBuffer), ("$blockedStart", blockedStart), ("$blockedEnd", blockedEnd),
                ("$seats", command.Seats), ("$uid", $"{appointmentId}@{mailboxId[(mailboxId.LastIndexOf('@') + 1)..]}"),
                ("$version", SqliteDatabase.NewVersion()), ("$now", now));
        else
            await NewAppointmentVersionAsync(db, appointmentId, sequenceStep: 0, ct);

        var a = command.Attendee;
        await db.ExecuteAsync("""
            INSERT INTO attendees (id, appointment_id, customer_id, name, email, phone, time_zone, notes, answers,
                                   consent_at, sms_opt_in, manage_token_hash, status, created_at, language)
            VALUES ($id, $appointment, $customer, $name, $email, $phone, $zone, $notes, $answers, $consent, $sms, $hash, 'booked', $created, $language)
            """, ct,
            ("$id", a.Id), ("$appointment", appointmentId), ("$customer", customerId), ("$name", a.Name), ("$email", a.Email),
            ("$phone", a.Phone), ("$zone", a.TimeZone), ("$notes", a.Notes), ("$answers", JsonSerializer.Serialize(a.Answers)),
            ("$consent", a.ConsentAt), ("$sms", a.SmsOptIn), ("$hash", a.ManageTokenHash), ("$created", a.CreatedAt),
            ("$language", a.Language));

        var (stored, attendee) = await ComposeAsync(db, mailboxId, appointmentId, a.Id, outbox, ct);
        if (command.Idempotency is { } record)
            await IdempotencyRows.SaveAsync(db, mailboxId, record with { AppointmentId = appointmentId }, now, ct);
        await MailboxRows.BumpChangeStampAsync(db, mailboxId, ct);
        await db.CommitAsync(ct);
        return new BookOutcome.Booked(stored, attendee);
    }

    public async Task<bool> CancelAttendeeAsync(string mailboxId, string appointmentId, string attendeeId, OutboxComposer outbox, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        await using var db = await database.OpenAsync(write: true, ct);
        // The seat is marked, not removed: the manage token, answers and customer stay for the record.
        var cancelled = await db.ExecuteAsync("""
            UPDATE attendees SET status = 'cancelled'
            WHERE id = $attendee AND status = 'booked'
              AND appointment_id = (SELECT id FROM appointments WHERE id = $appointment AND mailbox_id = $mailbox)
            """, ct, ("$attendee", attendeeId), ("$appointment", appointmentId), ("$mailbox", mailboxId));
        if (cancelled == 0) return false;

        await db.ExecuteAsync("""
            UPDATE appointments
            SET status = CASE WHEN EXISTS (SELECT 1 FROM attendees WHERE appointment_id = $id AND status = 'booked') THEN status ELSE 'cancelled' END
            WHERE id = $id
            """, ct, ("$id", appointmentId));
        var last = await db.ScalarAsync<string>("SELECT status FROM appointments WHERE id = $id", ct, ("$id", appointmentId)) == "cancelled";
        await OutboxRows.DropScheduledAsync(db, last ? $"{appointmentId}:" : $"{appointmentId}:{attendeeId}:", "cancelled", time.GetUtcNow(), ct);
        await NewAppointmentVersionAsync(db, appointmentId, sequenceStep: 1, ct);
        await ComposeAsync(db, mailboxId, appointmentId, attendeeId, outbox, ct);
        await MailboxRows.BumpChangeStampAsync(db, mailboxId, ct);
        await db.CommitAsync(ct);
        return true;
    }

    public async Task<RescheduleOutcome> RescheduleAsync(RescheduleCommand command, OutboxComposer outbox, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(outbox);
        if (command.End <= command.Start)
            throw new ArgumentException("An appointment ends after it starts.", nameof(command));
        await using var db = await database.OpenAsync(write: true, ct);
        var current = await AppointmentRows.GetAsync(db, command.MailboxId, command.AppointmentId, ct);
        if (current is not { Status: AppointmentStatus.Booked, Seats: 1 } || current.SeatsTaken != 1) return new RescheduleOutcome.NotFound();

        var mailboxId = current.MailboxId;
        var blockedStart = command.Start - current.PreBuffer;
        var blockedEnd = command.End + current.PostBuffer;
        if (await StaffSchedule.ConflictAsync(db, mailboxId, command.StaffId, blockedStart, blockedEnd, command.Caps, movingAppointmentId: current.Id, ct) is { } code)
            return new RescheduleOutcome.Conflict(code);

        await db.ExecuteAsync("""
            UPDATE appointments SET staff_id = $staff, start_utc = $start, end_utc = $end, blocked_start = $blockedStart, blocked_end = $blockedEnd
            WHERE id = $self
            """, ct, ("$staff", command.StaffId), ("$self", current.Id), ("$start", command.Start), ("$end", command.End),
            ("$blockedStart", blockedStart), ("$blockedEnd", blockedEnd));
        await NewAppointmentVersionAsync(db, current.Id, sequenceStep: 1, ct);
        await OutboxRows.DropScheduledAsync(db, $"{current.Id}:", "rescheduled", time.GetUtcNow(), ct);
        var (stored, attendee) = await ComposeAsync(db, mailboxId, current.Id, current.ActiveAttendees.Single().Id, outbox, ct);
        await MailboxRows.BumpChangeStampAsync(db, mailboxId, ct);
        await db.CommitAsync(ct);
        return new RescheduleOutcome.Moved(current, stored, attendee);
    }

    // Every write to an appointment gets a new version; the .ics SEQUENCE moves only when the event changes for its attendees.
    private static Task NewAppointmentVersionAsync(Session db, string appointmentId, int sequenceStep, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE appointments SET version = $version, sequence = sequence + $step WHERE id = $id", ct,
            ("$version", SqliteDatabase.NewVersion()), ("$step", sequenceStep), ("$id", appointmentId));

    // Reads the appointment back as stored, lets the composer build the notifications and queues them in this transaction.
    private static async Task<(Appointment Appointment, Attendee Attendee)> ComposeAsync(Session db, string mailboxId, string appointmentId,
        string attendeeId, OutboxComposer outbox, CancellationToken ct)
    {
        var stored = await AppointmentRows.GetAsync(db, mailboxId, appointmentId, ct)
            ?? throw new InvalidOperationException($"The appointment '{appointmentId}' vanished inside its own transaction.");
        var attendee = stored.Attendees.First(t => t.Id == attendeeId);
        await OutboxRows.InsertAsync(db, outbox(stored, attendee), ct);
        return (stored, attendee);
    }
}
