using System.Net;
using System.Text.Json.Nodes;
using Bookings.Core.Store;

namespace Bookings.Store.Graph;

/// <summary>Reading and cancelling appointments, and idempotency records (the outbox on the events: Outbox/).</summary>
public sealed partial class GraphBookingStore
{
    public async Task<IReadOnlyList<Appointment>> ListAppointmentsAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        BookedIn(mailboxId, await CalendarViewAsync(mailboxId, from - MaxBuffer, to + MaxBuffer, ct), from, to);

    private static List<Appointment> BookedIn(string mailboxId, IEnumerable<StoredEvent> events, DateTimeOffset from, DateTimeOffset to) =>
        [.. events.Where(e => e.IsBooked && e.Data.BlockedStart < to && e.Data.BlockedEnd > from)
            .OrderBy(e => e.Data.BlockedStart).ThenBy(e => e.Data.AppointmentId, StringComparer.Ordinal)
            .Select(e => ToAppointment(mailboxId, e))];

    /// <summary>
    /// Booked and cancelled appointments starting in [from, to), from ONE calendarView of [from, to) (plus paging): a cancelled
    /// appointment stays as a free event with State cancelled, and an event meets the range when its start is in it. Holds are
    /// left out; the outbox and idempotency properties are not read.
    /// </summary>
    public async Task<IReadOnlyList<Appointment>> ListAppointmentHistoryAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var items = await CalendarViewItemsAsync(mailboxId, from, to, HistoryQuery, "read the calendar", ct);
        return [.. items.Select(ReadEvent).OfType<StoredEvent>()
            .Where(e => (e.IsBooked || e.State == Cancelled) && e.Data.Start >= from && e.Data.Start < to)
            .OrderBy(e => e.Data.Start).ThenBy(e => e.Data.AppointmentId, StringComparer.Ordinal)
            .Select(e => ToAppointment(mailboxId, e))];
    }

    private string HistoryQuery => $"$select=id,changeKey,createdDateTime,start,end,onlineMeeting&{ExpandProperties(KindProperty, StateProperty, DataProperty)}";

    /// <summary>
    /// Appointments and time off from ONE calendarView (widened by the largest buffer, since events span the
    /// appointment without its buffers), selecting only what availability needs: no outbox, no idempotency record.
    /// </summary>
    public async Task<BusyReading> ReadBusyAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var items = await CalendarViewItemsAsync(mailboxId, from - MaxBuffer, to + MaxBuffer, BusyQuery, "read the calendar", ct);
        var appointments = BookedIn(mailboxId, items.Select(ReadEvent).OfType<StoredEvent>(), from, to);
        return new BusyReading([.. appointments.Select(BusyAppointment.From)], TimeOffIn(mailboxId, items, from, to),
            await CurrentSyncStatesAsync(mailboxId, ct));
    }

    private string BusyQuery => $"$select=id,changeKey,createdDateTime,start,end,categories&{ExpandProperties(
        KindProperty, StateProperty, DataProperty, TimeOffIdProperty, StaffProperty, ReasonProperty)}";

    public async Task<Appointment?> GetAppointmentAsync(string mailboxId, string appointmentId, CancellationToken ct = default) =>
        await FindAppointmentEventAsync(mailboxId, appointmentId, ct) is { } e ? ToAppointment(mailboxId, e) : null;

    /// <summary>
    /// A manage token's hash is on its event as <c>Seat{n}</c> (n = the seat's index). Graph filters extended
    /// properties by equality only, so this asks, per mailbox of the registry, for the events whose Seat0, Seat1, …
    /// equals the hash (one request per mailbox, the seats joined with <c>or</c>, up to the largest seat count the
    /// mailbox's services allow).
    /// </summary>
    public async Task<ManageLookup?> FindByManageTokenHashAsync(string tokenHash, CancellationToken ct = default)
    {
        foreach (var mailbox in await ListMailboxesAsync(ct))
        {
            var seats = Math.Max(1, mailbox.Document.Services.Select(s => s.MaximumAttendeesCount).DefaultIfEmpty(1).Max());
            var filter = string.Join(" or ", Enumerable.Range(0, seats).Select(i => PropertyFilter($"Seat{i}", tokenHash)));
            var answer = await SendAsync(HttpMethod.Get, $"{User(mailbox.Id)}/events?$filter={Q(filter)}&{EventQuery}", null, ct);
            if (!answer.Ok) continue;
            foreach (var e in answer.Body?["value"]?.AsArray().OfType<JsonObject>().Select(ReadEvent).OfType<StoredEvent>() ?? [])
            {
                if (e.IsHold) continue;
                var appointment = ToAppointment(mailbox.Id, e);
                if (appointment.Attendees.FirstOrDefault(a => a.ManageTokenHash == tokenHash) is { } attendee)
                    return new ManageLookup(appointment, attendee);
            }
        }
        return null;
    }

    public async Task<bool> CancelAttendeeAsync(string mailboxId, string appointmentId, string attendeeId, OutboxComposer outbox, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            var e = await FindAppointmentEventAsync(mailboxId, appointmentId, ct);
            if (e is null || !e.Data.Attendees.Any(a => a.Id == attendeeId && a.Status == AttendeeStatus.Booked)) return false;
            var attendees = e.Data.Attendees.Select(a => a.Id == attendeeId ? a with { Status = AttendeeStatus.Cancelled } : a).ToList();
            var data = e.Data with { Attendees = attendees, Sequence = e.Data.Sequence + 1, Version = NewVersion() };
            var state = attendees.Any(a => a.Status == AttendeeStatus.Booked) ? Booked : Cancelled;
            var stored = ToAppointment(mailboxId, e with { State = state, Data = data });
            var messages = NewMessages([e], outbox(stored, stored.Attendees.First(a => a.Id == attendeeId)));
            // The seat's reminders and follow-ups no longer apply (the whole appointment's when it was the last seat).
            var kept = DropScheduled(e.Outbox, state == Cancelled ? $"{appointmentId}:" : $"{appointmentId}:{attendeeId}:", "cancelled", _time.GetUtcNow());
            var patch = new JsonObject
            {
                ["singleValueExtendedProperties"] = EventPropertiesFor(state, data, [.. kept, .. messages], e.Idempotency),
            };
            // A cancelled appointment stays as a free event for the record (its token still finds it); removing its
            // attendees makes Exchange send them the meeting's cancellation, so it leaves the staff member's Outlook.
            if (state == Cancelled)
            {
                patch["showAs"] = "free";
                patch["attendees"] = new JsonArray();
                if (await KnownMailboxAsync(mailboxId, ct) is { } mailbox) patch["subject"] = "Cancelled: " + Subject(mailbox, data);
            }
            var patched = await SendAsync(HttpMethod.Patch, $"{User(mailboxId)}/events/{Q(e.EventId)}", patch, ct, ifMatch: e.ChangeKey);
            if (patched.Ok) return true;
            if (patched.Status == HttpStatusCode.NotFound) return false;
            if (patched.Status != HttpStatusCode.PreconditionFailed) throw Failure("cancel the attendee", patched);
        }
        throw new StoreConflictException($"The appointment '{appointmentId}' kept changing; try again.");
    }

    public Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string mailboxId, string key, CancellationToken ct = default) =>
        ReadIdempotencyAsync(mailboxId, key, ct);

    // The newest record of the key (an expired key may have booked again).
    private async Task<IdempotencyRecord?> ReadIdempotencyAsync(string mailboxId, string key, CancellationToken ct) =>
        (await FindEventsAsync(mailboxId, IdempotencyKeyProperty, key, ct))
            .Where(e => !e.IsHold).Select(e => e.Idempotency).OfType<IdempotencyRecord>()
            .OrderByDescending(r => r.ExpiresAt).FirstOrDefault();
}
