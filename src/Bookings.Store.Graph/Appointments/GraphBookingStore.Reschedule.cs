using System.Net;
using System.Text.Json.Nodes;
using Bookings.Core.Store;

namespace Bookings.Store.Graph;

/// <summary>
/// Rescheduling a one-seat appointment, checked like a booking with hold-and-verify: a hold for the new slot (the target
/// staff member, no attendees), the staff member's events read around it (the earliest hold or booking wins; the
/// appointment's own event does not count against its new slot, nor against the caps), then one PATCH of the appointment's
/// event with If-Match: new start and end, the staff member (property, Data and Outlook attendee), Sequence + 1, a new
/// Version, the composed messages appended and its unsent scheduled ones dropped. The hold goes last, so the new slot is
/// held throughout. An online event keeps its Teams meeting (the PATCH leaves it alone).
/// </summary>
public sealed partial class GraphBookingStore
{
    private const string RescheduledReason = "rescheduled";

    /// <summary>
    /// Steady state (a free slot): five requests — the appointment's lookup, the hold POST, the verify calendarView,
    /// the move PATCH and the hold DELETE.
    /// </summary>
    public async Task<RescheduleOutcome> RescheduleAsync(RescheduleCommand command, OutboxComposer outbox, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(outbox);
        if (command.End <= command.Start) throw new ArgumentException("An appointment ends after it starts.", nameof(command));
        var mailboxId = command.MailboxId;
        var e = await FindAppointmentEventAsync(mailboxId, command.AppointmentId, ct);
        if (!IsReschedulable(e)) return new RescheduleOutcome.NotFound();
        var mailbox = await KnownMailboxAsync(mailboxId, ct) ?? throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");
        mailboxId = mailbox.Id;

        var check = CheckFor(mailboxId, e!, command);
        var now = _time.GetUtcNow();
        var holdData = e!.Data with { StaffId = command.StaffId, Start = command.Start, End = command.End, Attendees = [], Version = NewVersion() };
        var hold = new JsonObject
        {
            ["subject"] = Subject(mailbox, holdData),
            ["start"] = DateTimeTimeZone(holdData.Start),
            ["end"] = DateTimeTimeZone(holdData.End),
            ["showAs"] = "busy",
            ["isReminderOn"] = false,
            ["transactionId"] = Guid.NewGuid().ToString(),
            ["singleValueExtendedProperties"] = EventPropertiesFor(Hold, holdData, [], null),
        };
        var created = await SendAsync(HttpMethod.Post, $"{User(mailboxId)}/calendar/events", hold, ct);
        if (created.Status == HttpStatusCode.NotFound) throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");
        if (!created.Ok) throw Failure("create the hold", created);
        var holdId = created.Body!["id"]!.GetValue<string>();

        try
        {
            // Verify: the target staff member's events around the new slot, without the appointment's own event.
            var (from, to) = ReadWindow(check);
            var around = (await CalendarViewAsync(mailboxId, from, to, ct))
                .Where(x => x.Data.StaffId == command.StaffId && x.EventId != e.EventId).ToList();
            var mine = around.FirstOrDefault(x => x.EventId == holdId) ?? await GetEventAsync(mailboxId, holdId, ct);
            if (mine is null) return new RescheduleOutcome.Conflict(SlotTaken);
            await CleanExpiredHoldsAsync(mailboxId, around, ct);
            if (Overlapping(around, check, except: mine).Any(x => x.IsBooked || Earlier(x, mine))) return new RescheduleOutcome.Conflict(SlotTaken);
            if (CapReached(around, check, mine) is { } cap) return new RescheduleOutcome.Conflict(cap);

            // Move: one conditional write of the appointment's event; 412 (the dispatcher claimed a message, a change):
            // read it again and write again, the hold keeping the new slot meanwhile.
            var current = e;
            for (var attempt = 0; attempt < WriteAttempts; attempt++)
            {
                var before = ToAppointment(mailboxId, current);
                var data = current.Data with
                {
                    StaffId = command.StaffId, Start = command.Start, End = command.End,
                    Sequence = current.Data.Sequence + 1, Version = NewVersion(),
                };
                var after = ToAppointment(mailboxId, current with { Data = data });
                var attendee = after.ActiveAttendees.Single();
                var messages = NewMessages([current, .. around], outbox(after, attendee));
                var kept = DropScheduled(current.Outbox, $"{current.Data.AppointmentId}:", RescheduledReason, now);
                var patch = new JsonObject
                {
                    ["start"] = DateTimeTimeZone(data.Start),
                    ["end"] = DateTimeTimeZone(data.End),
                    ["attendees"] = OutlookAttendees(mailbox, check, attendee),
                    ["singleValueExtendedProperties"] = EventPropertiesFor(Booked, data, [.. kept, .. messages], current.Idempotency),
                };
                var patched = await SendAsync(HttpMethod.Patch, $"{User(mailboxId)}/events/{Q(current.EventId)}", patch, ct, ifMatch: current.ChangeKey);
                if (patched.Ok) return new RescheduleOutcome.Moved(before, after, attendee);
                if (patched.Status == HttpStatusCode.NotFound) return new RescheduleOutcome.NotFound();
                if (patched.Status != HttpStatusCode.PreconditionFailed) throw Failure("move the appointment", patched);
                var again = await GetEventAsync(mailboxId, current.EventId, ct);
                if (!IsReschedulable(again)) return new RescheduleOutcome.NotFound();
                current = again!;
            }
            throw new StoreConflictException($"The appointment '{command.AppointmentId}' kept changing; try again.");
        }
        finally
        {
            // The hold goes in every case: after the move (the moved event holds the slot now), on a conflict, on a failure
            // (best effort; it expires anyway).
            try { await DeleteEventAsync(mailboxId, holdId, CancellationToken.None); }
            catch (HttpRequestException) { }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>A booked appointment of one seat with its one attendee: what <see cref="RescheduleAsync"/> moves.</summary>
    private static bool IsReschedulable(StoredEvent? e) =>
        e is { IsBooked: true, Data.Seats: 1 } && e.Data.SeatsTaken == 1;

    /// <summary>The move as a booking command, for the checks a booking makes (window, overlap, caps, Outlook attendees).</summary>
    private static BookingCommand CheckFor(string mailboxId, StoredEvent e, RescheduleCommand command)
    {
        var attendee = e.Data.Attendees.First(a => a.Status == AttendeeStatus.Booked);
        return new BookingCommand(mailboxId, e.Data.ServiceId, command.StaffId, command.Start, command.End, e.Data.PreBuffer, e.Data.PostBuffer,
            1, e.Data.AppointmentId, attendee, new Customer(attendee.CustomerId, mailboxId, attendee.Name, attendee.Email, attendee.Phone),
            command.Caps, null);
    }
}
