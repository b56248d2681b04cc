namespace Bookings.Core.Store;

public enum AppointmentStatus { Booked, Cancelled }

public enum AttendeeStatus { Booked, Cancelled }

/// <summary>
/// One appointment: an event in the scheduling mailbox. A group booking is one appointment with
/// one attendee per seat. Start and End are UTC; the blocked interval adds the buffers.
/// OnlineMeetingUrl: the join link of the appointment's online meeting (Teams on the Microsoft 365 store), if any.
/// </summary>
public sealed record Appointment(
    string Id,
    string MailboxId,
    string ServiceId,
    string StaffId,
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeSpan PreBuffer,
    TimeSpan PostBuffer,
    int Seats,
    AppointmentStatus Status,
    IReadOnlyList<Attendee> Attendees,
    string IcsUid,
    int Sequence,
    string Version,
    DateTimeOffset CreatedAt,
    string? OnlineMeetingUrl = null)
{
    public DateTimeOffset BlockedStart => Start - PreBuffer;
    public DateTimeOffset BlockedEnd => End + PostBuffer;
    public IEnumerable<Attendee> ActiveAttendees => Attendees.Where(a => a.Status == AttendeeStatus.Booked);
    public int SeatsTaken => Attendees.Count(a => a.Status == AttendeeStatus.Booked);
    public int SeatsLeft => Math.Max(0, Seats - SeatsTaken);
}

/// <summary>One customer's seat in an appointment, with what they told us and their manage token's hash.</summary>
public sealed record Attendee(
    string Id,
    string CustomerId,
    string Name,
    string? Email,
    string? Phone,
    string? TimeZone,
    string? Notes,
    IReadOnlyDictionary<string, string> Answers,
    DateTimeOffset? ConsentAt,
    bool SmsOptIn,
    string ManageTokenHash,
    AttendeeStatus Status,
    DateTimeOffset CreatedAt,
    string? Language = null);

public sealed record Customer(string Id, string MailboxId, string Name, string? Email, string? Phone);

/// <summary>Everything the store needs to book one staff member atomically.</summary>
public sealed record BookingCommand(
    string MailboxId,
    string ServiceId,
    string StaffId,
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeSpan PreBuffer,
    TimeSpan PostBuffer,
    int Seats,
    string NewAppointmentId,
    Attendee Attendee,
    Customer Customer,
    IReadOnlyList<CapWindow> Caps,
    IdempotencyRecord? Idempotency);

/// <summary>At most <paramref name="Max"/> active appointments of the staff member may start in [From, To).</summary>
public sealed record CapWindow(DateTimeOffset From, DateTimeOffset To, int Max, string Code);

/// <summary>
/// The first answer to an Idempotency-Key, kept so a replay can be answered the same.
/// <paramref name="ProtectedToken"/> is the manage token encrypted by the host (never stored in clear).
/// </summary>
public sealed record IdempotencyRecord(
    string Key,
    string RequestFingerprint,
    string AppointmentId,
    string AttendeeId,
    string ProtectedToken,
    DateTimeOffset ExpiresAt);

public abstract record BookOutcome
{
    public sealed record Booked(Appointment Appointment, Attendee Attendee) : BookOutcome;

    /// <summary>The slot is not free: <paramref name="Code"/> is slot_taken, seats_full or a cap's code.</summary>
    public sealed record Conflict(string Code) : BookOutcome;

    /// <summary>The idempotency key was seen before; the caller compares fingerprints.</summary>
    public sealed record Replay(IdempotencyRecord Record) : BookOutcome;
}

public sealed record ManageLookup(Appointment Appointment, Attendee Attendee);

/// <summary>Moves a one-seat appointment to a new start (and staff member), checked like a booking.</summary>
public sealed record RescheduleCommand(
    string MailboxId,
    string AppointmentId,
    string StaffId,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<CapWindow> Caps);

public abstract record RescheduleOutcome
{
    /// <summary>Moved: the appointment before and after (same id, Sequence + 1, a new Version).</summary>
    public sealed record Moved(Appointment Before, Appointment After, Attendee Attendee) : RescheduleOutcome;

    /// <summary>The new slot is not free: slot_taken or a cap's code. Nothing changed.</summary>
    public sealed record Conflict(string Code) : RescheduleOutcome;

    /// <summary>No such booked one-seat appointment.</summary>
    public sealed record NotFound : RescheduleOutcome;
}

/// <summary>Builds the notifications of a change once the store knows what it wrote.</summary>
public delegate IReadOnlyList<OutboxMessage> OutboxComposer(Appointment appointment, Attendee attendee);
