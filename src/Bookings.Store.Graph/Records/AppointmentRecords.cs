using Bookings.Core.Store;
using Bookings.Store.Graph.Booking;
using Bookings.Store.Graph.Customers;
using Bookings.Store.Graph.Mailboxes;
using Bookings.Store.Graph.Sync;

namespace Bookings.Store.Graph.Records;

/// <summary>
/// The appointments of the Microsoft 365 store: the reads here (windows of the calendar with the time off in them, lookups by
/// appointment or manage token), booking, moving and cancelling in <see cref="AppointmentWrites"/> (Booking/), customers in
/// <see cref="CustomerContacts"/>.
/// </summary>
internal sealed class AppointmentRecords(RecordReader reader, MailboxCatalog catalog, StaffSyncStates sync, AppointmentWrites writes, CustomerContacts customers)
    : IAppointmentStore
{
    private static readonly TimeSpan MaxBuffer = RecordReader.MaxBuffer;

    public async Task<IReadOnlyList<Appointment>> ListAppointmentsAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var window = await reader.WindowAsync(mailboxId, from - MaxBuffer, to + MaxBuffer, lean: true, ct);
        return BookedIn(mailboxId, window.Seats, from, to);
    }

    private static List<Appointment> BookedIn(string mailboxId, IEnumerable<SeatRecord> seats, DateTimeOffset from, DateTimeOffset to) =>
        [.. Appointments.AssembleAll(mailboxId, seats).Where(a => a.Status == AppointmentStatus.Booked && a.BlockedStart < to && a.BlockedEnd > from)
            .OrderBy(a => a.BlockedStart).ThenBy(a => a.Id, StringComparer.Ordinal)];

    /// <summary>Booked and cancelled appointments starting in [from, to): one calendarView of [from, to) plus paging.</summary>
    public async Task<IReadOnlyList<Appointment>> ListAppointmentHistoryAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var window = await reader.WindowAsync(mailboxId, from, to, lean: true, ct);
        return [.. Appointments.AssembleAll(mailboxId, window.Seats).Where(a => a.Start >= from && a.Start < to)
            .OrderBy(a => a.Start).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>Appointments and time off from ONE calendarView (widened by the largest buffer), without outbox or dispatcher state.</summary>
    public async Task<BusyReading> ReadBusyAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var window = await reader.WindowAsync(mailboxId, from - MaxBuffer, to + MaxBuffer, lean: true, ct);
        var appointments = BookedIn(mailboxId, window.Seats, from, to);
        return new BusyReading([.. appointments.Select(BusyAppointment.From)], TimeOffRecords.In(window.TimeOff, from, to), await sync.CurrentAsync(mailboxId, ct));
    }

    /// <summary>No stamp yet: availability inputs are read on every request (one calendarView).</summary>
    public Task<string?> GetChangeStampAsync(string mailboxId, CancellationToken ct = default) => Task.FromResult<string?>(null);

    public async Task<Appointment?> GetAppointmentAsync(string mailboxId, string appointmentId, CancellationToken ct = default)
    {
        var current = Appointments.Current(await reader.SeatsByKeyAsync(mailboxId, SeatRecords.AppointmentKeyProperty, appointmentId, ct)).ToList();
        return current.Count == 0 ? null : Appointments.Assemble(mailboxId, current);
    }

    /// <summary>
    /// A manage token's hash is on its seat's records (<c>TokenKey</c>): per calendar of the directory, one filtered read; the seat's
    /// appointment is then read whole (one more).
    /// </summary>
    public async Task<ManageLookup?> FindByManageTokenHashAsync(string tokenHash, CancellationToken ct = default)
    {
        foreach (var mailboxId in await catalog.AddressesAsync(ct))
        {
            List<SeatRecord> seats;
            try { seats = await reader.SeatsByKeyAsync(mailboxId, SeatRecords.TokenKeyProperty, tokenHash, ct); }
            catch (MailboxUnreachableException) { continue; }
            if (Appointments.Current(seats).FirstOrDefault(s => s.Data.Attendee.ManageTokenHash == tokenHash) is not { } seat) continue;
            var appointment = await GetAppointmentAsync(mailboxId, seat.Data.AppointmentId, ct);
            if (appointment?.Attendees.FirstOrDefault(a => a.Id == seat.Data.Attendee.Id) is { } attendee) return new ManageLookup(appointment, attendee);
        }
        return null;
    }

    public Task<BookOutcome> BookAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct = default) => writes.BookAsync(command, outbox, ct);

    public Task<RescheduleOutcome> RescheduleAsync(RescheduleCommand command, OutboxComposer outbox, CancellationToken ct = default) =>
        writes.RescheduleAsync(command, outbox, ct);

    public Task<bool> CancelAttendeeAsync(string mailboxId, string appointmentId, string attendeeId, OutboxComposer outbox, CancellationToken ct = default) =>
        writes.CancelAttendeeAsync(mailboxId, appointmentId, attendeeId, outbox, ct);

    public Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string mailboxId, string key, CancellationToken ct = default) =>
        writes.FindIdempotencyAsync(mailboxId, key, ct);

    public Task<IReadOnlyList<Customer>> ListCustomersAsync(string mailboxId, CancellationToken ct = default) => customers.ListAsync(mailboxId, ct);
}
