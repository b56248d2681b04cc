namespace Bookings.Core.Store;

/// <summary>
/// A mailbox's appointments and their attendees: availability's reads, booking, rescheduling and cancelling (each with its
/// outbox messages in one unit), idempotency records, the manage-token lookup, and the customers who booked.
/// </summary>
public interface IAppointmentStore
{
    /// <summary>Active appointments whose blocked interval (buffers included) meets [from, to).</summary>
    Task<IReadOnlyList<Appointment>> ListAppointmentsAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>
    /// The record of [from, to): booked AND cancelled appointments whose own start (buffers left out) is in [from, to),
    /// with every attendee and their status (cancelled seats included), in order of start and id. Never holds. For
    /// reports and a customer's history; availability and the calendar views use <see cref="ListAppointmentsAsync"/>.
    /// </summary>
    Task<IReadOnlyList<Appointment>> ListAppointmentHistoryAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>
    /// What availability reads of a mailbox over [from, to), in one read where the store can: the lean view of the Booked
    /// appointments whose blocked interval meets the range, the time off and closures that meet it, and the staff
    /// calendar sync states (their busy blocks may reach beyond the range).
    /// </summary>
    Task<BusyReading> ReadBusyAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>
    /// An opaque stamp that changes whenever the mailbox's appointments or time off change (from any
    /// process), so that availability inputs can be cached and revalidated cheaply; null: do not cache.
    /// </summary>
    Task<string?> GetChangeStampAsync(string mailboxId, CancellationToken ct = default);

    Task<Appointment?> GetAppointmentAsync(string mailboxId, string appointmentId, CancellationToken ct = default);

    /// <summary>
    /// One check-and-write: either the attendee is stored (a new appointment, or a seat in the
    /// staff member's group appointment of the same service and start) and no buffer-inclusive
    /// overlap with another appointment of the staff member exists, the seats and caps hold, and
    /// the composed outbox messages are written with it; or the answer is a Conflict and nothing
    /// is written. A known idempotency key answers Replay and writes nothing.
    /// </summary>
    Task<BookOutcome> BookAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct = default);

    /// <summary>
    /// Moves a booked one-seat appointment to <see cref="RescheduleCommand.Start"/> with the staff member named, in one
    /// check-and-write like <see cref="BookAsync"/> (buffer-inclusive overlap with the staff member's other appointments,
    /// caps; the appointment itself does not count against its new slot): Sequence + 1, a new Version, the composed messages
    /// written with it, and the appointment's unsent scheduled messages dropped ("{appointmentId}:" keys).
    /// </summary>
    Task<RescheduleOutcome> RescheduleAsync(RescheduleCommand command, OutboxComposer outbox, CancellationToken ct = default);

    Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string mailboxId, string key, CancellationToken ct = default);

    Task<ManageLookup?> FindByManageTokenHashAsync(string tokenHash, CancellationToken ct = default);

    /// <summary>
    /// Cancels one attendee's seat (the whole appointment when it was the last) and writes the outbox messages with it, in one
    /// unit that also drops the attendee's unsent scheduled messages (reminders, follow-ups: <c>NotificationKinds.IsScheduled</c>,
    /// deduplication key starting "{appointmentId}:{attendeeId}:"), and when it was the last seat every unsent scheduled message
    /// of the appointment ("{appointmentId}:"). False when already cancelled.
    /// </summary>
    Task<bool> CancelAttendeeAsync(string mailboxId, string appointmentId, string attendeeId, OutboxComposer outbox, CancellationToken ct = default);

    Task<IReadOnlyList<Customer>> ListCustomersAsync(string mailboxId, CancellationToken ct = default);
}
