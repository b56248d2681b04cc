namespace Bookings.Core.Store;

/// <summary>
/// Why a slot could not be had: the codes of <see cref="BookOutcome.Conflict"/> and <see cref="RescheduleOutcome.Conflict"/> that
/// every store answers, and that the API gives as ProblemDetails' <c>code</c> (409). Defined once, here.
/// </summary>
public static class ConflictCodes
{
    /// <summary>The staff member has another appointment (or a hold that won) at that time.</summary>
    public const string SlotTaken = "slot_taken";

    /// <summary>Every seat of the group appointment at that time is taken.</summary>
    public const string SeatsFull = "seats_full";

    /// <summary>No eligible staff member may take more bookings in the day or week (a cap of <see cref="CapWindow"/>).</summary>
    public const string StaffCapReached = "staff_cap_reached";
}
