namespace Bookings.Core.Store;

/// <summary>
/// The lean view of a booked appointment that availability and fairness need: who is blocked when,
/// and how many seats are taken. Read without attendees' details, so an availability query never
/// loads customer data.
/// </summary>
public readonly record struct BusyAppointment(
    string Id,
    string StaffId,
    string ServiceId,
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeSpan PreBuffer,
    TimeSpan PostBuffer,
    int Seats,
    int SeatsTaken)
{
    public DateTimeOffset BlockedStart => Start - PreBuffer;
    public DateTimeOffset BlockedEnd => End + PostBuffer;
    public int SeatsLeft => Math.Max(0, Seats - SeatsTaken);

    public static BusyAppointment From(Appointment a) =>
        new(a.Id, a.StaffId, a.ServiceId, a.Start, a.End, a.PreBuffer, a.PostBuffer, a.Seats, a.SeatsTaken);
}

/// <summary>What availability reads of a mailbox over a range (<see cref="IAppointmentStore.ReadBusyAsync"/>).</summary>
public sealed record BusyReading(IReadOnlyList<BusyAppointment> Appointments, IReadOnlyList<TimeOff> TimeOff, IReadOnlyList<Sync.StaffSyncState> StaffSync);
