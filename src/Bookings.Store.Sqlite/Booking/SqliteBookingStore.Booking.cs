using System.Text.Json;
using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

public sealed partial class SqliteBookingStore
{

    // The staff member's active appointments, bounded below so the (mailbox, staff, blocked_start) index is read as a range.
    private const string StaffAppointments = """
        FROM appointments
        WHERE mailbox_id = $mailbox AND staff_id = $staff AND status = 'booked' AND blocked_start >= $earliest
        """;

    /// <summary>
    /// The whole check-and-write in one <c>BEGIN IMMEDIATE</c> transaction: while it runs no other
    /// writer (thread or process) can book, so what the checks saw is what the insert lands in.
    /// Every Conflict or Replay returns before the commit, so the rollback leaves nothing behind.
    /// </summary>
    public async Task<BookOutcome> BookAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct = default)
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

        await using var db = await OpenAsync(write: true, ct);
        var now = _time.GetUtcNow();
        var mailboxId = await db.ScalarAsync<string>("SELECT id FROM mailboxes WHERE id = $id", ct, ("$id", command.MailboxId))
            ?? throw new KeyNotFoundException($"There is no mailbox '{command.MailboxId}'.");

        if (command.Idempotency is { } idempotency
            && await ReadIdempotencyAsync(db, mailboxId, idempotency.Key, ct) is { } seen && seen.ExpiresAt > now)
            return new BookOutcome.Replay(seen);

        var staff = new (string, object?)[] { ("$mailbox", mailboxId), ("$staff", command.StaffId) };
        var group = command.Seats > 1 ? await FindGroupAppointmentAsync(db, command, staff, ct) : null;
        if (group is { } g)
        {
            if (g.Taken >= g.Seats) return new BookOutcome.Conflict(ConflictCodes.SeatsFull);
        }
        else
        {
            if (await db.ScalarAsync<long>($"SELECT EXISTS (SELECT 1 {StaffAppointments} AND blocked_start < $blockedEnd AND blocked_end > $blockedStart)", ct,
                    [.. staff, ("$earliest", blockedStart - MaxBlockedSpan), ("$blockedStart", blockedStart), ("$blockedEnd", blockedEnd)]) != 0)
                return new BookOutcome.Conflict(ConflictCodes.SlotTaken);
            foreach (var cap in command.Caps)
            {
                // start_utc >= From implies blocked_start >= From - MaxBlockedSpan, and start_utc < To implies blocked_start < To.
                var count = await db.ScalarAsync<long>($"SELECT count(*) {StaffAppointments} AND blocked_start < $to AND start_utc >= $from AND start_utc < $to", ct,
                    [.. staff, ("$earliest", cap.From - MaxBlockedSpan), ("$from", cap.From), ("$to", cap.To)]);
                if (count >= cap.Max) return new BookOutcome.Conflict(cap.Code);
            }
        }

        var customerId = await SaveCustomerAsync(db, mailboxId, command.Customer, now, ct);
        var appointmentId = group?.Id ?? command.NewAppointmentId;
        if (group is null)
            await db.ExecuteAsync("""
                INSERT INTO appointments (id, mailbox_id, service_id, staff_id, start_utc, end_utc, pre_buffer, post_buffer,
                                          blocked_start, blocked_end, seats, status, ics_uid, sequence, version, created_at)
                VALUES ($id, $mailbox, $service, $staff, $start, $end, $pre, $post, $blockedStart, $blockedEnd, $seats, 'booked', $uid, 0, $version, $now)
                """, ct,
                [.. staff, ("$id", appointmentId), ("$service", command.ServiceId), ("$start", command.Start), ("$end", command.End),
                 ("$pre", command.PreBuffer), ("$post", command.PostBuffer), ("$blockedStart", blockedStart), ("$blockedEnd", blockedEnd),
                 ("$seats", command.Seats), ("$uid", $"{appointmentId}@{mailboxId[(mailboxId.LastIndexOf('@') + 1)..]}"),
                 ("$version", NewVersion()), ("$now", now)]);
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
            await SaveIdempotencyAsync(db, mailboxId, record with { AppointmentId = appointmentId }, now, ct);
        await BumpChangeStampAsync(db, mailboxId, ct);
        await db.CommitAsync(ct);
        return new BookOutcome.Booked(stored, attendee);
    }

    public async Task<bool> CancelAttendeeAsync(string mailboxId, string appointmentId, string attendeeId, OutboxComposer outbox, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        await using var db = await OpenAsync(write: true, ct);
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
        await DropScheduledAsync(db, last ? $"{appointmentId}:" : $"{appointmentId}:{attendeeId}:", "cancelled", _time.GetUtcNow(), ct);
        await NewAppointmentVersionAsync(db, appointmentId, sequenceStep: 1, ct);
        await ComposeAsync(db, mailboxId, appointmentId, attendeeId, outbox, ct);
        await BumpChangeStampAsync(db, mailboxId, ct);
        await db.CommitAsync(ct);
        return true;
    }

    public async Task<RescheduleOutcome> RescheduleAsync(RescheduleCommand command, OutboxComposer outbox, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(outbox);
        if (command.End <= command.Start)
            throw new ArgumentException("An appointment ends after it starts.", nameof(command));
        await using var db = await OpenAsync(write: true, ct);
        var current = await GetAppointmentAsync(db, command.MailboxId, command.AppointmentId, ct);
        if (current is not { Status: AppointmentStatus.Booked, Seats: 1 } || current.SeatsTaken != 1) return new RescheduleOutcome.NotFound();

        var mailboxId = current.MailboxId;
        var blockedStart = command.Start - current.PreBuffer;
        var blockedEnd = command.End + current.PostBuffer;
        var staff = new (string, object?)[] { ("$mailbox", mailboxId), ("$staff", command.StaffId), ("$self", current.Id) };
        if (await db.ScalarAsync<long>($"SELECT EXISTS (SELECT 1 {StaffAppointments} AND id <> $self AND blocked_start < $blockedEnd AND blocked_end > $blockedStart)", ct,
                [.. staff, ("$earliest", blockedStart - MaxBlockedSpan), ("$blockedStart", blockedStart), ("$blockedEnd", blockedEnd)]) != 0)
            return new RescheduleOutcome.Conflict(ConflictCodes.SlotTaken);
        foreach (var cap in command.Caps)
        {
            var count = await db.ScalarAsync<long>($"SELECT count(*) {StaffAppointments} AND id <> $self AND blocked_start < $to AND start_utc >= $from AND start_utc < $to", ct,
                [.. staff, ("$earliest", cap.From - MaxBlockedSpan), ("$from", cap.From), ("$to", cap.To)]);
            if (count >= cap.Max) return new RescheduleOutcome.Conflict(cap.Code);
        }

        await db.ExecuteAsync("""
            UPDATE appointments SET staff_id = $staff, start_utc = $start, end_utc = $end, blocked_start = $blockedStart, blocked_end = $blockedEnd
            WHERE id = $self
            """, ct, [.. staff, ("$start", command.Start), ("$end", command.End), ("$blockedStart", blockedStart), ("$blockedEnd", blockedEnd)]);
        await NewAppointmentVersionAsync(db, current.Id, sequenceStep: 1, ct);
        await DropScheduledAsync(db, $"{current.Id}:", "rescheduled", _time.GetUtcNow(), ct);
        var (stored, attendee) = await ComposeAsync(db, mailboxId, current.Id, current.ActiveAttendees.Single().Id, outbox, ct);
        await BumpChangeStampAsync(db, mailboxId, ct);
        await db.CommitAsync(ct);
        return new RescheduleOutcome.Moved(current, stored, attendee);
    }

    private static async Task<(string Id, long Seats, long Taken)?> FindGroupAppointmentAsync(Session db, BookingCommand command,
        (string, object?)[] staff, CancellationToken ct)
    {
        var found = await db.QueryAsync($"""
            SELECT id, seats, (SELECT count(*) FROM attendees t WHERE t.appointment_id = appointments.id AND t.status = 'booked')
            {StaffAppointments} AND blocked_start <= $start AND service_id = $service AND start_utc = $start AND end_utc = $end
            LIMIT 1
            """, r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2)), ct,
            [.. staff, ("$earliest", command.Start - MaxBlockedSpan), ("$service", command.ServiceId), ("$start", command.Start), ("$end", command.End)]);
        return found.Count == 0 ? null : found[0];
    }

    // Every write to an appointment gets a new version; the .ics SEQUENCE moves only when the event changes for its attendees.
    private static Task NewAppointmentVersionAsync(Session db, string appointmentId, int sequenceStep, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE appointments SET version = $version, sequence = sequence + $step WHERE id = $id", ct,
            ("$version", NewVersion()), ("$step", sequenceStep), ("$id", appointmentId));

    // Reads the appointment back as stored, lets the composer build the notifications and queues them in this transaction.
    private static async Task<(Appointment Appointment, Attendee Attendee)> ComposeAsync(Session db, string mailboxId, string appointmentId,
        string attendeeId, OutboxComposer outbox, CancellationToken ct)
    {
        var stored = await GetAppointmentAsync(db, mailboxId, appointmentId, ct)
            ?? throw new InvalidOperationException($"The appointment '{appointmentId}' vanished inside its own transaction.");
        var attendee = stored.Attendees.First(t => t.Id == attendeeId);
        await InsertOutboxAsync(db, outbox(stored, attendee), ct);
        return (stored, attendee);
    }
}
