using System.Net;
using Bookings.Core.Store;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Mailboxes;
using Bookings.Store.Graph.Sync;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Records;

/// <summary>The reads of appointments and time off: windows of the calendar, and lookups by appointment, manage token or key.</summary>
internal sealed class RecordQueries(GraphClient graph, SeatRecords records, RecordReader reader, MailboxCatalog catalog, StaffSyncStates sync)
{
    private static readonly TimeSpan MaxBuffer = RecordReader.MaxBuffer;

    public async Task<IReadOnlyList<Appointment>> ListAppointmentsAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var window = await reader.WindowAsync(mailboxId, from - MaxBuffer, to + MaxBuffer, lean: true, ct);
        return BookedIn(mailboxId, window.Seats, from, to);
    }

    private static List<Appointment> BookedIn(string mailboxId, IEnumerable<SeatRecord> seats, DateTimeOffset from, DateTimeOffset to) =>
        [.. Appointments.AssembleAll(mailboxId, seats).Where(a => a.Status == AppointmentStatus.Booked && a.BlockedStart < to && a.BlockedEnd > from)
            .OrderBy(a => a.BlockedStart).ThenBy(a => a.Id, StringComparer.Ordinal)];

    /// <summary>Booked and cancelled appointments starting in [from, to): one calendarView of [from, to) plus paging.</summary>
    public async Task<IReadOnlyList<Appointment>> ListAppointmentHistoryAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var window = await reader.WindowAsync(mailboxId, from, to, lean: true, ct);
        return [.. Appointments.AssembleAll(mailboxId, window.Seats).Where(a => a.Start >= from && a.Start < to)
            .OrderBy(a => a.Start).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>Appointments and time off from ONE calendarView (widened by the largest buffer), without outbox or dispatcher state.</summary>
    public async Task<BusyReading> ReadBusyAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var window = await reader.WindowAsync(mailboxId, from - MaxBuffer, to + MaxBuffer, lean: true, ct);
        var appointments = BookedIn(mailboxId, window.Seats, from, to);
        return new BusyReading([.. appointments.Select(BusyAppointment.From)], TimeOffIn(window.TimeOff, from, to), await sync.CurrentAsync(mailboxId, ct));
    }

    public async Task<IReadOnlyList<TimeOff>> ListTimeOffAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        TimeOffIn((await reader.WindowAsync(mailboxId, from, to, lean: true, ct)).TimeOff, from, to);

    private static List<TimeOff> TimeOffIn(IEnumerable<TimeOff> timeOff, DateTimeOffset from, DateTimeOffset to) =>
        [.. timeOff.Where(t => t.End > from && t.Start < to).DistinctBy(t => t.Id).OrderBy(t => t.Start).ThenBy(t => t.Id, StringComparer.Ordinal)];

    public async Task<Appointment?> GetAppointmentAsync(string mailboxId, string appointmentId, CancellationToken ct)
    {
        var current = Appointments.Current(await reader.SeatsByKeyAsync(mailboxId, SeatRecords.AppointmentKeyProperty, appointmentId, ct)).ToList();
        return current.Count == 0 ? null : Appointments.Assemble(mailboxId, current);
    }

    /// <summary>
    /// A manage token's hash is on its seat's records (<c>TokenKey</c>): per calendar of the directory, one filtered read; the seat's
    /// appointment is then read whole (one more).
    /// </summary>
    public async Task<ManageLookup?> FindByManageTokenHashAsync(string tokenHash, CancellationToken ct)
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

    // ---- time off ------------------------------------------------------------------------------------------------------------------

    public async Task<TimeOff> AddTimeOffAsync(TimeOff timeOff, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(timeOff);
        if (timeOff.End <= timeOff.Start) throw new ArgumentException("Time off must end after it starts.", nameof(timeOff));
        var mailbox = await catalog.GetAsync(timeOff.MailboxId, ct) ?? throw new KeyNotFoundException($"There is no mailbox '{timeOff.MailboxId}'.");
        var stored = timeOff with { MailboxId = mailbox.Id, Id = string.IsNullOrEmpty(timeOff.Id) ? "off-" + Guid.NewGuid().ToString("N")[..16] : timeOff.Id };
        var created = await graph.SendAsync(HttpMethod.Post, $"{User(mailbox.Id)}/calendar/events", records.NewTimeOff(stored), ct);
        // 409: transactionId answered for a POST the transport replayed; the first one is stored.
        if (!created.Ok && created.Status != HttpStatusCode.Conflict) throw Failure("store the time off", created);
        return stored;
    }

    public async Task<bool> DeleteTimeOffAsync(string mailboxId, string timeOffId, CancellationToken ct)
    {
        var items = await reader.EventsAsync(mailboxId, records.TimeOffKeyFilter(timeOffId), records.ExpandLean, ct);
        var deleted = false;
        foreach (var e in items.Where(e => records.ReadTimeOff(mailboxId, e)?.Id == timeOffId))
            deleted |= await graph.DeleteAsync($"{User(mailboxId)}/events/{Q(e["id"]!.GetValue<string>())}", ct);
        return deleted;
    }
}
