using Bookings.Core.Calendars;
using Bookings.Core.Store;

namespace Bookings.Core.Availability;

/// <summary>Loads what the availability function needs for one calendar from the store and runs it.</summary>
public sealed class AvailabilityService(IBookingStore store, TimeProvider time)
{
    // Caps count a whole ISO week around any slot, and buffers reach at most a day either side.
    private static readonly TimeSpan Margin = TimeSpan.FromDays(8);

    public TimeProvider Time => time;

    public async Task<(List<Slot> Slots, IReadOnlyList<Appointment> Appointments)> GetSlotsAsync(
        Mailbox mailbox, BookingService service, string? staffId, DateTimeOffset from, DateTimeOffset to,
        bool includeStaffIds, CancellationToken ct = default)
    {
        var appointments = await store.ListAppointmentsAsync(mailbox.Id, from - Margin, to + Margin, ct);
        var slots = Compute(mailbox.Document, service, staffId, from, to, includeStaffIds, appointments);
        return (slots, appointments);
    }

    public List<Slot> Compute(CalendarDocument calendar, BookingService service, string? staffId, DateTimeOffset from, DateTimeOffset to,
        bool includeStaffIds, IReadOnlyList<Appointment> appointments, IReadOnlyList<BusyInterval>? busy = null)
    {
        return AvailabilityEngine.Compute(new AvailabilityQuery
        {
            Calendar = calendar,
            Service = service,
            Staff = AvailabilityEngine.EligibleStaff(calendar, service, staffId),
            From = from,
            To = to,
            Now = time.GetUtcNow(),
            Appointments = appointments,
            Busy = busy ?? [],
            IncludeStaffIds = includeStaffIds,
        });
    }
}
