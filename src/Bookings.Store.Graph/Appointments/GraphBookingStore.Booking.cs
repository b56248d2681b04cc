using System.Net;
using System.Text.Json.Nodes;
using Bookings.Core.Availability;
using Bookings.Core.Store;

namespace Bookings.Store.Graph;

/// <summary>
/// "Book atomically" without transactions: hold-and-verify (DESIGN.md). The event is created as a
/// hold (no attendees, so no invitation leaves), the staff member's events around it are read back,
/// and the earliest hold or booking (createdDateTime; a tie yields on both sides) wins; the loser deletes its hold and
/// answers Conflict, the winner confirms with a PATCH (If-Match) that sets state "booked", adds the
/// staff member as attendee and writes the outbox in the same request. Holds older than
/// <see cref="HoldLifetime"/> are ignored and cleaned. A seat in a running group appointment is a
/// PATCH with If-Match on that event (412: read again, a few times).
/// </summary>
public sealed partial class GraphBookingStore
{
    private const string SlotTaken = "slot_taken";
    private const string SeatsFull = "seats_full";
    private const int WriteAttempts = 5;

    public async Task<BookOutcome> BookAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct = default)
    {
        var outcome = await BookOnceAsync(command, outbox, ct);
        if (outcome is not BookOutcome.Conflict || command.Idempotency is not { } key) return outcome;
        // Two requests racing with one Idempotency-Key: the loser of hold-and-verify answers the winner's record,
        // waiting briefly while the winner is still a hold (holds carry the key too).
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            var events = await FindEventsAsync(command.MailboxId, IdempotencyKeyProperty, key.Key, ct);
            if (events.Where(e => e.IsBooked || e.State == Cancelled).Select(e => e.Idempotency).OfType<IdempotencyRecord>()
                    .Where(r => r.ExpiresAt > _time.GetUtcNow()).OrderByDescending(r => r.ExpiresAt).FirstOrDefault() is { } seen)
                return new BookOutcome.Replay(seen);
            if (!events.Any(IsLiveHold)) break;
            await Task.Delay(TimeSpan.FromMilliseconds(20 << attempt), ct);
        }
        return outcome;
    }

    /// <summary>
    /// Steady state (a free slot, no Idempotency-Key, a customer this instance has seen with the same details): three
    /// requests, the hold POST, the verify calendarView and the confirm PATCH. The document is the one this instance last
    /// read (the caller has just revalidated it; here it only names the event and its attendees), the customer's id is
    /// derived from the address (no lookup), and a group seat or a retry reads the calendar first.
    /// </summary>
    private async Task<BookOutcome> BookOnceAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(outbox);
        if (command.End <= command.Start || command.PreBuffer < TimeSpan.Zero || command.PostBuffer < TimeSpan.Zero
            || command.PreBuffer > MaxBuffer || command.PostBuffer > MaxBuffer || command.Seats < 1)
            throw new ArgumentException("An appointment ends after it starts, has at least one seat and buffers of at most one day.", nameof(command));
        var mailbox = await KnownMailboxAsync(command.MailboxId, ct)
            ?? throw new KeyNotFoundException($"There is no mailbox '{command.MailboxId}'.");
        var mailboxId = mailbox.Id;

        // The key may have booked another slot (outside the verify read): one lookup, only for keyed commands.
        if (command.Idempotency is { } key && await ReadIdempotencyAsync(mailboxId, key.Key, ct) is { } seen && seen.ExpiresAt > _time.GetUtcNow())
            return new BookOutcome.Replay(seen);

        var customer = command.Customer with { Id = CustomerIdFor(mailboxId, command.Customer) };
        var attendee = command.Attendee with { CustomerId = customer.Id };

        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            // A single seat goes straight to its hold (the verify read decides); a group seat, or a second try, reads first.
            if (attempt > 0 || command.Seats > 1)
            {
                var (from, to) = ReadWindow(command);
                var around = await CalendarViewAsync(mailboxId, from, to, ct);
                var staffEvents = around.Where(e => e.Data.StaffId == command.StaffId).ToList();

                var group = command.Seats > 1 ? staffEvents.FirstOrDefault(e => e.IsBooked && IsSameGroup(e.Data, command)) : null;
                if (group is not null)
                {
                    var joined = await JoinGroupAsync(mailbox, group, command, attendee, outbox, around, ct);
                    if (joined is null) continue; // the event moved under us: read again
                    if (joined is BookOutcome.Booked) await SaveCustomerAsync(mailboxId, customer, ct);
                    return joined;
                }

                var overlapping = Overlapping(staffEvents, command, except: null).ToList();
                if (command.Seats > 1 && overlapping.Count > 0 && overlapping.All(e => e.IsHold && IsSameGroup(e.Data, command)))
                {
                    // Another instance is opening the same group appointment: wait for its confirmation and join it.
                    await Task.Delay(TimeSpan.FromMilliseconds(20 << attempt), ct);
                    continue;
                }
                if (overlapping.Count > 0) return new BookOutcome.Conflict(SlotTaken);
                if (CapReached(staffEvents, command, mine: null) is { } cap) return new BookOutcome.Conflict(cap);
            }

            var outcome = await HoldAndVerifyAsync(mailbox, command, attendee, outbox, ct);
            if (outcome is not null)
            {
                if (outcome is BookOutcome.Booked) await SaveCustomerAsync(mailboxId, customer, ct);
                return outcome;
            }
            // Lost to an earlier hold or booking of the same group appointment: read again and join it.
        }
        return new BookOutcome.Conflict(SlotTaken);
    }

    private (DateTimeOffset From, DateTimeOffset To) ReadWindow(BookingCommand command)
    {
        var from = command.Start - command.PreBuffer - MaxBuffer;
        var to = command.End + command.PostBuffer + MaxBuffer;
        foreach (var cap in command.Caps)
        {
            if (cap.From < from) from = cap.From;
            if (cap.To > to) to = cap.To;
        }
        return (from, to);
    }

    private static bool IsSameGroup(EventData e, BookingCommand c) =>
        e.Seats > 1 && e.ServiceId == c.ServiceId && e.Start == c.Start && e.End == c.End;

    private bool IsLiveHold(StoredEvent e) => e.IsHold && _time.GetUtcNow() - e.GraphCreated < HoldLifetime;

    private IEnumerable<StoredEvent> Overlapping(IEnumerable<StoredEvent> staffEvents, BookingCommand c, StoredEvent? except) =>
        staffEvents.Where(e => e.EventId != except?.EventId && (e.IsBooked || IsLiveHold(e))
            && e.Data.BlockedStart < c.End + c.PostBuffer && e.Data.BlockedEnd > c.Start - c.PreBuffer);

    private string? CapReached(IEnumerable<StoredEvent> staffEvents, BookingCommand c, StoredEvent? mine)
    {
        foreach (var cap in c.Caps)
        {
            var count = staffEvents.Count(e => e.EventId != mine?.EventId && e.Data.Start >= cap.From && e.Data.Start < cap.To
                && (e.IsBooked || (IsLiveHold(e) && (mine is null || Earlier(e, mine)))));
            if (count >= cap.Max) return cap.Code;
        }
        return null;
    }

    /// <summary>
    /// Whether hold <paramref name="a"/> goes before <paramref name="mine"/>. A tie on createdDateTime counts as
    /// earlier, for both sides: Exchange ids are not ordered, so "then the smaller id" could let two holds created
    /// in the same tick both win (each missing the other on its read, or each seeing itself first). With ties
    /// yielding, a hold that sees another of the same tick gives way; at worst both do and the slot stays free.
    /// </summary>
    private static bool Earlier(StoredEvent a, StoredEvent mine) => a.GraphCreated <= mine.GraphCreated;

    /// <summary>Booked, Conflict, or null when an earlier hold of the same group appointment won (the caller joins it).</summary>
    private async Task<BookOutcome?> HoldAndVerifyAsync(Mailbox mailbox, BookingCommand command, Attendee attendee, OutboxComposer outbox, CancellationToken ct)
    {
        var mailboxId = mailbox.Id;
        var now = _time.GetUtcNow();
        var data = new EventData(command.NewAppointmentId, command.ServiceId, command.StaffId, command.Start, command.End, command.PreBuffer,
            command.PostBuffer, command.Seats, $"{command.NewAppointmentId}@{mailboxId[(mailboxId.LastIndexOf('@') + 1)..]}", 0,
            NewVersion(), now, [attendee]);
        var idempotency = command.Idempotency is { } r ? r with { AppointmentId = data.AppointmentId } : null;

        // 1. The hold: no attendees; transactionId makes a transport retry of this POST return the same event.
        // An online service's hold asks for the Teams meeting now, so the join link is known when the messages are composed.
        var hold = new JsonObject
        {
            ["subject"] = Subject(mailbox, data),
            ["start"] = DateTimeTimeZone(data.Start),
            ["end"] = DateTimeTimeZone(data.End),
            ["showAs"] = "busy",
            ["isReminderOn"] = false,
            ["transactionId"] = Guid.NewGuid().ToString(),
            ["singleValueExtendedProperties"] = EventPropertiesFor(Hold, data, [], idempotency),
        };
        if (mailbox.Document.Services.FirstOrDefault(s => s.Id == command.ServiceId) is { IsLocationOnline: true })
        {
            hold["isOnlineMeeting"] = true;
            hold["onlineMeetingProvider"] = "teamsForBusiness";
        }
        var created = await SendAsync(HttpMethod.Post, $"{User(mailboxId)}/calendar/events", hold, ct);
        if (created.Status == HttpStatusCode.NotFound) throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");
        if (!created.Ok) throw Failure("create the hold", created);
        var holdId = created.Body!["id"]!.GetValue<string>();
        var joinUrl = JoinUrlOf(created.Body!);

        try
        {
            // 2. Verify: read the staff member's events around it; the earliest hold or booking wins.
            var (from, to) = ReadWindow(command);
            var around = (await CalendarViewAsync(mailboxId, from, to, ct)).Where(e => e.Data.StaffId == command.StaffId).ToList();
            var mine = around.FirstOrDefault(e => e.EventId == holdId) ?? await GetEventAsync(mailboxId, holdId, ct);
            if (mine is null) return new BookOutcome.Conflict(SlotTaken);
            await CleanExpiredHoldsAsync(mailboxId, around, ct);

            var winners = Overlapping(around, command, except: mine).Where(e => e.IsBooked || Earlier(e, mine)).ToList();
            if (winners.Count > 0)
            {
                await DeleteEventAsync(mailboxId, holdId, ct);
                holdId = null!;
                return command.Seats > 1 && winners.All(w => IsSameGroup(w.Data, command)) ? null : new BookOutcome.Conflict(SlotTaken);
            }
            if (CapReached(around, command, mine) is { } cap)
            {
                await DeleteEventAsync(mailboxId, holdId, ct);
                holdId = null!;
                return new BookOutcome.Conflict(cap);
            }

            // 3. Confirm: state booked, the attendees (so Outlook shows it), the outbox, in one conditional write.
            var stored = ToAppointment(mailboxId, mine with { State = Booked, Data = data, JoinUrl = mine.JoinUrl ?? joinUrl });
            var messages = NewMessages(around, outbox(stored, attendee));
            var confirm = new JsonObject
            {
                ["singleValueExtendedProperties"] = EventPropertiesFor(Booked, data, messages, idempotency),
            };
            if (OutlookAttendees(mailbox, command, attendee) is { Count: > 0 } attendees) confirm["attendees"] = attendees;
            var patched = await SendAsync(HttpMethod.Patch, $"{User(mailboxId)}/events/{Q(holdId)}", confirm, ct, ifMatch: mine.ChangeKey);
            if (!patched.Ok)
            {
                // 412: someone took the hold for a leftover and touched it; the booking is not sure, so it is not made.
                await DeleteEventAsync(mailboxId, holdId, ct);
                holdId = null!;
                if (patched.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound) return new BookOutcome.Conflict(SlotTaken);
                throw Failure("confirm the booking", patched);
            }
            holdId = null!;
            return new BookOutcome.Booked(stored, attendee);
        }
        catch when (holdId is not null)
        {
            // A failure between hold and confirm: take the hold back (best effort; it expires anyway).
            try { await DeleteEventAsync(mailboxId, holdId, CancellationToken.None); } catch (HttpRequestException) { }
            throw;
        }
    }

    private async Task<BookOutcome?> JoinGroupAsync(Mailbox mailbox, StoredEvent group, BookingCommand command, Attendee attendee, OutboxComposer outbox,
        IReadOnlyList<StoredEvent> around, CancellationToken ct)
    {
        var current = group;
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            if (current.Data.SeatsTaken >= current.Data.Seats) return new BookOutcome.Conflict(SeatsFull);
            var data = current.Data with { Attendees = [.. current.Data.Attendees, attendee], Version = NewVersion() };
            var stored = ToAppointment(mailbox.Id, current with { Data = data });
            var messages = NewMessages([current, .. around.Where(e => e.EventId != current.EventId)], outbox(stored, attendee));
            var idempotency = command.Idempotency is { } r ? r with { AppointmentId = data.AppointmentId } : current.Idempotency;
            var patched = await SendAsync(HttpMethod.Patch, $"{User(mailbox.Id)}/events/{Q(current.EventId)}", new JsonObject
            {
                ["singleValueExtendedProperties"] = EventPropertiesFor(Booked, data, [.. current.Outbox, .. messages], idempotency),
            }, ct, ifMatch: current.ChangeKey);
            if (patched.Ok) return new BookOutcome.Booked(stored, attendee);
            if (patched.Status == HttpStatusCode.NotFound) return null;
            if (patched.Status != HttpStatusCode.PreconditionFailed) throw Failure("join the group appointment", patched);
            current = await GetEventAsync(mailbox.Id, current.EventId, ct) is { IsBooked: true } again ? again : null!;
            if (current is null) return null;
        }
        return null;
    }

    private async Task CleanExpiredHoldsAsync(string mailboxId, IEnumerable<StoredEvent> events, CancellationToken ct)
    {
        foreach (var leftover in events.Where(e => e.IsHold && !IsLiveHold(e)))
            await DeleteEventAsync(mailboxId, leftover.EventId, ct);
    }

    private static string Subject(Mailbox mailbox, EventData data)
    {
        var service = mailbox.Document.Services.FirstOrDefault(s => s.Id == data.ServiceId)?.DisplayName ?? data.ServiceId;
        return service;
    }

    /// <summary>
    /// Who sees the appointment in Outlook: the staff member (required), and for a one-seat service the customer too when the
    /// calendar sends meeting invitations to customers (<c>isMeetingInviteToCustomersEnabled</c>). Group appointments never list
    /// customers, who would see each other.
    /// </summary>
    private static JsonArray OutlookAttendees(Mailbox mailbox, BookingCommand command, Attendee customer)
    {
        var attendees = new JsonArray();
        var staff = mailbox.Document.StaffMembers.FirstOrDefault(s => s.Id == command.StaffId);
        if (staff?.EmailAddress is { Length: > 0 } staffEmail)
            attendees.Add(OutlookAttendee("required", staffEmail, staff.DisplayName));
        var service = mailbox.Document.Services.FirstOrDefault(s => s.Id == command.ServiceId);
        var policy = service is null ? mailbox.Document.SchedulingPolicy : AvailabilityEngine.PolicyFor(mailbox.Document, service);
        if (command.Seats == 1 && policy.IsMeetingInviteToCustomersEnabled && customer.Email is { Length: > 0 } email)
            attendees.Add(OutlookAttendee("required", email, customer.Name));
        return attendees;
    }

    private static JsonObject OutlookAttendee(string type, string email, string name) => new()
    {
        ["type"] = type,
        ["emailAddress"] = new JsonObject { ["address"] = email, ["name"] = name },
    };

    private static string NewVersion() => Guid.NewGuid().ToString("N");
}
