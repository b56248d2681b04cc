using Bookings.Core.Store;
using Bookings.Store.Graph.Customers;
using Bookings.Store.Graph.Mailboxes;
using Bookings.Store.Graph.Outlook;
using Bookings.Store.Graph.Records;

namespace Bookings.Store.Graph.Booking;

/// <summary>
/// Booking, cancelling and moving seats. Every change is a new seat record settled by a claim (<see cref="SlotClaims"/>): a booking's
/// hold, a move's hold at the new time, a cancellation's pending record; the record it replaces is marked superseded afterwards (and by
/// the dispatcher if a crash came first). Nothing here writes the event staff and customers are invited to: the dispatcher brings it
/// in line (<see cref="OutlookEvents"/>), so bookkeeping never sends a meeting update.
/// </summary>
internal sealed class AppointmentWrites(MailboxCatalog catalog, SlotClaims claims, RecordReader reader, CustomerContacts customers, OutlookEvents outlook,
    TimeProvider time, TimeProvider timer)
{
    private const int Attempts = 5;

    public async Task<BookOutcome> BookAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(outbox);
        if (command.End <= command.Start || command.PreBuffer < TimeSpan.Zero || command.PostBuffer < TimeSpan.Zero
            || command.PreBuffer > RecordReader.MaxBuffer || command.PostBuffer > RecordReader.MaxBuffer || command.Seats < 1)
            throw new ArgumentException("An appointment ends after it starts, has at least one seat and buffers of at most one day.", nameof(command));
        var mailbox = await catalog.KnownAsync(command.MailboxId, ct) ?? throw new KeyNotFoundException($"There is no mailbox '{command.MailboxId}'.");
        var mailboxId = mailbox.Id;

        // A key may have booked another slot (outside the window the claim reads): one lookup, for keyed commands only.
        if (command.Idempotency is { } key && await FindIdempotencyAsync(mailboxId, key.Key, ct) is { } seen) return new BookOutcome.Replay(seen);

        var customer = command.Customer with { Id = CustomerContacts.CustomerIdFor(mailboxId, command.Customer) };
        var attendee = command.Attendee with { CustomerId = customer.Id, Status = AttendeeStatus.Booked };
        var (from, to) = Window(command.Start - command.PreBuffer, command.End + command.PostBuffer, command.Caps);

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            // A single seat goes straight to its hold (the verify read decides); a group seat, or a second try, reads first: to join
            // the group's appointment, or to refuse at once without writing.
            SeatRecord[] group = [];
            if (attempt > 0 || command.Seats > 1)
            {
                var (found, refusal) = await ReadGroupAsync(mailboxId, command, NewSeat(mailboxId, command, attendee, lead: null), from, to, ct);
                if (refusal is not null) return refusal;
                group = found;
            }

            var lead = group.OrderByDescending(r => r.Data.Sequence).FirstOrDefault()?.Data;
            var data = NewSeat(mailboxId, command, attendee, lead);
            var startedAt = timer.GetTimestamp();
            var hold = await claims.WriteHoldAsync(mailboxId, data, SeatState.Hold, Subject(mailbox, data), supersedes: null, ct);
            var (held, verdict) = await claims.VerifyAsync(new SlotClaim(hold, command.Caps, JoinsBookedAppointment: lead is not null, ReplacesSeatKey: null),
                mailboxId, from, to, alsoRead: null, startedAt, ct);
            if (held is not null) return await SettleBookingAsync(mailbox, held, data, customer, outbox, ct);
            if (verdict.Loss != SlotLoss.Join) return await LostAsync(mailboxId, command, verdict, ct);
            // Another request opened the same group appointment: wait until it is settled (or given up), then join it.
            await WaitForGroupAsync(mailboxId, data, from, to, ct);
        }
        return new BookOutcome.Conflict(ConflictCodes.SlotTaken);
    }

    /// <summary>
    /// The staff member's booked records around the slot: the seats of the group appointment a seat can join (empty when none), or the
    /// conflict that refuses the booking without writing (the group is full, another appointment overlaps, a cap is reached). The
    /// questions are <see cref="SlotRule"/>'s, asked of <paramref name="probe"/> (the seat as a new appointment would have it).
    /// </summary>
    private async Task<(SeatRecord[] Group, BookOutcome? Refusal)> ReadGroupAsync(string mailboxId, BookingCommand command, SeatData probe, DateTimeOffset from,
        DateTimeOffset to, CancellationToken ct)
    {
        var window = await reader.WindowAsync(mailboxId, from, to, lean: true, ct);
        var current = Appointments.Current(window.Seats).Where(r => r.State == SeatState.Booked && r.Data.StaffId == command.StaffId).ToList();
        SeatRecord[] group = [.. current.Where(r => SlotRule.SameGroup(probe, r.Data)).GroupBy(r => r.Data.AppointmentId, StringComparer.Ordinal)
            .OrderBy(g => g.Min(r => r.Order)).FirstOrDefault()?.ToArray() ?? []];
        if (group.Length >= command.Seats) return (group, new BookOutcome.Conflict(ConflictCodes.SeatsFull));
        var others = current.Where(r => group.All(g => g.Data.AppointmentId != r.Data.AppointmentId)).ToList();
        if (others.Any(r => SlotRule.Blocks(probe, r.Data))) return (group, new BookOutcome.Conflict(ConflictCodes.SlotTaken));
        if (group.Length == 0)
            foreach (var cap in command.Caps)
                if (others.Where(r => SlotRule.CountsAgainst(probe, cap, r.Data)).Select(r => r.Data.AppointmentId).Distinct().Count() >= cap.Max)
                    return (group, new BookOutcome.Conflict(cap.Code));
        return (group, null);
    }

    /// <summary>The new seat's data: a seat of the group appointment <paramref name="lead"/> leads, or of a new appointment.</summary>
    private SeatData NewSeat(string mailboxId, BookingCommand command, Attendee attendee, SeatData? lead)
    {
        var now = time.GetUtcNow();
        var appointmentId = lead?.AppointmentId ?? command.NewAppointmentId;
        var domain = mailboxId[(mailboxId.LastIndexOf('@') + 1)..];
        return new SeatData(appointmentId, command.ServiceId, command.StaffId, command.Start, command.End, command.PreBuffer, command.PostBuffer,
            command.Seats, lead?.IcsUid ?? $"{appointmentId}@{domain}", lead?.Sequence ?? 0, lead?.CreatedAt ?? now, NewVersion(), attendee,
            lead?.OnlineMeetingUrl, command.Idempotency is { } r ? r with { AppointmentId = appointmentId, AttendeeId = attendee.Id } : null);
    }

    /// <summary>What a hold that lost its claim answers (other than a group to join, which is tried again).</summary>
    private async Task<BookOutcome> LostAsync(string mailboxId, BookingCommand command, SlotVerdict verdict, CancellationToken ct) => verdict.Loss switch
    {
        SlotLoss.Replay when command.Idempotency is { } k =>
            await ReplayAfterRaceAsync(mailboxId, k.Key, ct) is { } record ? new BookOutcome.Replay(record) : new BookOutcome.Conflict(ConflictCodes.SlotTaken),
        SlotLoss.Full => new BookOutcome.Conflict(ConflictCodes.SeatsFull),
        SlotLoss.Cap => new BookOutcome.Conflict(verdict.Code!),
        _ => new BookOutcome.Conflict(ConflictCodes.SlotTaken),
    };

    /// <summary>Settles a held seat as booked with its messages (and the Teams link of an online service), then saves the customer.</summary>
    private async Task<BookOutcome> SettleBookingAsync(Mailbox mailbox, SlotClaims.Held held, SeatData data, Customer customer, OutboxComposer outbox,
        CancellationToken ct)
    {
        var mailboxId = mailbox.Id;
        // An online service gets its Teams meeting now (where the mailbox allows Teams), so the messages can carry the link.
        if (mailbox.Document.FindService(data.ServiceId) is { IsLocationOnline: true } && data.OnlineMeetingUrl is null)
            data = data with { OnlineMeetingUrl = await outlook.JoinUrlAsync(mailbox, data, ct) };

        var seated = Appointments.Current(held.Seen.Where(s => s.Data.AppointmentId == data.AppointmentId)).ToList();
        data = data with { SeatIndex = seated.Select(s => s.Data.SeatIndex + 1).DefaultIfEmpty(0).Max() };
        var stored = Appointments.Assemble(mailboxId, [.. seated, held.Hold with { State = SeatState.Booked, Data = data }]);
        var messages = NewMessages(held.Seen, outbox(stored, data.Attendee));
        if (!await claims.SettleAsync(mailboxId, held, SeatState.Booked, data, messages, ct)) return new BookOutcome.Conflict(ConflictCodes.SlotTaken);
        await SaveCustomerAsync(mailboxId, customer, ct);
        return new BookOutcome.Booked(stored, stored.Attendees.First(a => a.Id == data.Attendee.Id));
    }

    /// <summary>
    /// Marks the record a settled change replaced. The change stands whatever happens here: the new record names the old one, and the
    /// dispatcher marks it on its next round (readers meanwhile take the higher sequence of a seat).
    /// </summary>
    private async Task SupersedeAsync(string mailboxId, string eventId, string reason, CancellationToken ct)
    {
        try { await claims.SupersedeAsync(mailboxId, eventId, reason, ct); }
        catch (GraphStoreException) { }
        catch (HttpRequestException) { }
    }

    /// <summary>
    /// The customer's contact, after the booking is settled: the booking stands whatever happens here (a contact that could not be
    /// written is written with the customer's next booking, and the appointment carries the customer's details anyway).
    /// </summary>
    private async Task SaveCustomerAsync(string mailboxId, Customer customer, CancellationToken ct)
    {
        try { await customers.SaveAsync(mailboxId, customer, ct); }
        catch (GraphStoreException) { }
        catch (HttpRequestException) { }
    }

    /// <summary>
    /// Reads (without writing) until the group appointment another request is opening is settled, or no claim of one is left: then the
    /// next attempt joins it or opens it. Bounded by <see cref="Claims.ClaimRule.MaxWait"/>.
    /// </summary>
    private async Task WaitForGroupAsync(string mailboxId, SeatData seat, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var started = timer.GetTimestamp();
        for (var round = 0; timer.GetElapsedTime(started) < Claims.ClaimRule.MaxWait; round++)
        {
            await Task.Delay(Claims.ClaimRule.Backoff(round), timer, ct);
            var window = await reader.WindowAsync(mailboxId, from, to, lean: true, ct);
            if (Appointments.Current(window.Seats).Any(r => r.State == SeatState.Booked && SlotRule.SameGroup(seat, r.Data))) return;
            if (!window.Seats.Any(r => r.State == SeatState.Hold && SlotRule.SameGroup(seat, r.Data) && !Claims.ClaimRule.IsAbandoned(r.Order, time.GetUtcNow()))) return;
        }
    }

    /// <summary>Moves a booked one-seat appointment: a hold at the new time that is also the seat's next record.</summary>
    public async Task<RescheduleOutcome> RescheduleAsync(RescheduleCommand command, OutboxComposer outbox, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(outbox);
        var mailbox = await catalog.KnownAsync(command.MailboxId, ct);
        if (mailbox is null) return new RescheduleOutcome.NotFound();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var seats = Appointments.Current(await reader.SeatsByKeyAsync(mailbox.Id, SeatRecords.AppointmentKeyProperty, command.AppointmentId, ct)).ToList();
            if (seats.Count != 1 || seats[0].State != SeatState.Booked || seats[0].Data.Seats > 1) return new RescheduleOutcome.NotFound();
            var before = seats[0];
            var data = before.Data with
            {
                StaffId = command.StaffId,
                Start = command.Start,
                End = command.End,
                Sequence = before.Data.Sequence + 1,
                Version = NewVersion(),
                Idempotency = null,
            };
            var (from, to) = Window(data.BlockedStart, data.BlockedEnd, command.Caps);
            var startedAt = timer.GetTimestamp();
            var hold = await claims.WriteHoldAsync(mailbox.Id, data, SeatState.Hold, Subject(mailbox, data), supersedes: before.EventId, ct);
            var (held, verdict) = await claims.VerifyAsync(new SlotClaim(hold, command.Caps, JoinsBookedAppointment: false, ReplacesSeatKey: before.SeatKey),
                mailbox.Id, from, to, token => SeatHistoryAsync(mailbox.Id, before, token), startedAt, ct);
            if (held is null)
            {
                if (verdict.Loss == SlotLoss.Changed) continue; // cancelled or moved meanwhile: read it again
                return new RescheduleOutcome.Conflict(verdict.Loss == SlotLoss.Cap ? verdict.Code! : ConflictCodes.SlotTaken);
            }
            var beforeAppointment = Appointments.Assemble(mailbox.Id, [before]);
            var after = Appointments.Assemble(mailbox.Id, [held.Hold with { State = SeatState.Booked, Data = data }]);
            var messages = NewMessages([before, .. held.Seen], outbox(after, after.Attendees[0]));
            if (!await claims.SettleAsync(mailbox.Id, held, SeatState.Booked, data, messages, ct)) return new RescheduleOutcome.Conflict(ConflictCodes.SlotTaken);
            await SupersedeAsync(mailbox.Id, before.EventId, "rescheduled", ct);
            return new RescheduleOutcome.Moved(beforeAppointment, after, after.Attendees[0]);
        }
        throw new StoreConflictException($"The appointment '{command.AppointmentId}' kept changing; try again.");
    }

    /// <summary>
    /// Cancels one seat (the whole appointment when it was the last): a pending record of the seat's next sequence, settled as
    /// cancelled when no other change of the seat came first, with the composed messages. False when the seat is not booked.
    /// </summary>
    public async Task<bool> CancelAttendeeAsync(string mailboxId, string appointmentId, string attendeeId, OutboxComposer outbox, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        var mailbox = await catalog.KnownAsync(mailboxId, ct);
        if (mailbox is null) return false;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var seats = Appointments.Current(await reader.SeatsByKeyAsync(mailbox.Id, SeatRecords.AppointmentKeyProperty, appointmentId, ct)).ToList();
            var seat = seats.FirstOrDefault(s => s.Data.Attendee.Id == attendeeId);
            if (seat is null || seat.State != SeatState.Booked) return false;
            var sequence = seats.Max(s => s.Data.Sequence) + 1;
            var data = seat.Data with { Sequence = sequence, Version = NewVersion(), Attendee = seat.Data.Attendee with { Status = AttendeeStatus.Cancelled } };
            var startedAt = timer.GetTimestamp();
            var claim = await claims.WriteHoldAsync(mailbox.Id, data, SeatState.Pending, Subject(mailbox, data), supersedes: seat.EventId, ct);
            var (held, verdict) = await claims.VerifyAsync(new SlotClaim(claim, [], JoinsBookedAppointment: true, ReplacesSeatKey: seat.SeatKey, SeatOnly: true),
                mailbox.Id, seat.Data.Start, seat.Data.End, token => SeatHistoryAsync(mailbox.Id, seat, token), startedAt, ct);
            if (held is null)
            {
                if (verdict.Loss is SlotLoss.Changed or SlotLoss.TimedOut) continue;
                return false;
            }
            var after = Appointments.Assemble(mailbox.Id, [.. seats.Where(s => s.SeatKey != seat.SeatKey), held.Hold with { State = SeatState.Cancelled, Data = data }]);
            var messages = NewMessages([.. seats, .. held.Seen], outbox(after, after.Attendees.First(a => a.Id == attendeeId)));
            if (!await claims.SettleAsync(mailbox.Id, held, SeatState.Cancelled, data, messages, ct)) continue;
            await SupersedeAsync(mailbox.Id, seat.EventId, "cancelled", ct);
            return true;
        }
        throw new StoreConflictException($"The appointment '{appointmentId}' kept changing; try again.");
    }

    /// <summary>
    /// The composed messages minus those whose deduplication key is on a record the write has just read (its appointment's, and the
    /// records around it): keys are unique there, not across the whole mailbox, which would cost a scan of every record; the keys the
    /// composer makes name their appointment, so that is where they can collide.
    /// </summary>
    private static List<OutboxMessage> NewMessages(IEnumerable<SeatRecord> seen, IReadOnlyList<OutboxMessage> composed)
    {
        if (composed.Count == 0) return [];
        var known = seen.SelectMany(r => r.OutboxKeys ?? []).ToHashSet(StringComparer.Ordinal);
        return [.. composed.Where(m => known.Add(m.DeduplicationKey))];
    }

    /// <summary>The records of one seat (every version), wherever they are in time: a move's claim competes with the seat's other changes.</summary>
    private async Task<IReadOnlyList<SeatRecord>> SeatHistoryAsync(string mailboxId, SeatRecord seat, CancellationToken ct) =>
        (await reader.SeatsByKeyAsync(mailboxId, SeatRecords.SeatKeyProperty, seat.SeatKey, ct));

    public async Task<IdempotencyRecord?> FindIdempotencyAsync(string mailboxId, string key, CancellationToken ct) =>
        (await reader.SeatsByKeyAsync(mailboxId, SeatRecords.IdempotencyKeyProperty, key, ct))
            .Where(r => r.IsDecided || r.State == SeatState.Superseded).Select(r => r.Data.Idempotency).OfType<IdempotencyRecord>()
            .Where(r => r.Key == key && r.ExpiresAt > time.GetUtcNow()).OrderByDescending(r => r.ExpiresAt).FirstOrDefault();

    /// <summary>Another request with the same key won the race: its record, once it is settled (a short wait).</summary>
    private async Task<IdempotencyRecord?> ReplayAfterRaceAsync(string mailboxId, string key, CancellationToken ct)
    {
        var started = timer.GetTimestamp();
        for (var round = 0; timer.GetElapsedTime(started) < Claims.ClaimRule.MaxWait; round++)
        {
            if (await FindIdempotencyAsync(mailboxId, key, ct) is { } record) return record;
            await Task.Delay(Claims.ClaimRule.Backoff(round), timer, ct);
        }
        return null;
    }

    private static (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset blockedStart, DateTimeOffset blockedEnd, IReadOnlyList<CapWindow> caps)
    {
        var from = blockedStart - RecordReader.MaxBuffer;
        var to = blockedEnd + RecordReader.MaxBuffer;
        foreach (var cap in caps)
        {
            if (cap.From < from) from = cap.From;
            if (cap.To > to) to = cap.To;
        }
        return (from, to);
    }

    /// <summary>A record's subject names the service only: the mailbox's calendar is read by IT, customers' names stay in our data.</summary>
    private static string Subject(Mailbox mailbox, SeatData data) =>
        "Bookings record: " + (mailbox.Document.FindService(data.ServiceId)?.DisplayName ?? data.ServiceId);

    private static string NewVersion() => Guid.NewGuid().ToString("N");
}
