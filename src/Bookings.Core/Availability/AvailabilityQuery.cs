using Bookings.Core.Calendars;
using Bookings.Core.Store;

namespace Bookings.Core.Availability;

/// <summary>Busy time of one staff member (StaffId) or of the whole calendar (StaffId null): time off, closures, synced free/busy.</summary>
public readonly record struct BusyInterval(string? StaffId, DateTimeOffset Start, DateTimeOffset End);

public sealed class AvailabilityQuery
{
    public required CalendarDocument Calendar { get; init; }
    public required BookingService Service { get; init; }

    /// <summary>Candidate staff, already narrowed to the service and (when chosen) one staff member.</summary>
    public required IReadOnlyList<BookingStaffMember> Staff { get; init; }

    /// <summary>Window of slot starts, UTC, [From, To).</summary>
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required DateTimeOffset Now { get; init; }

    /// <summary>Booked appointments of the calendar around the window (a week either side for caps).</summary>
    public IReadOnlyList<BusyAppointment> Appointments { get; init; } = [];
    public IReadOnlyList<BusyInterval> Busy { get; init; } = [];
    public bool IncludeStaffIds { get; init; }
}

/// <summary>A bookable slot: UTC start and end, seats left (1 for an individual service), and who can take it when asked for.</summary>
public readonly record struct Slot(DateTimeOffset Start, DateTimeOffset End, int SeatsLeft, string[]? StaffIds);
