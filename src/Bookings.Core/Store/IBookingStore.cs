using Bookings.Core.Calendars;

namespace Bookings.Core.Store;

/// <summary>
/// The store port: every scheduling mailbox and what it holds. Implemented by the embedded
/// (SQLite) store and the Microsoft 365 (Graph) store, both held to one contract suite.
/// </summary>
public interface IBookingStore
{
    // Mailboxes
    Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken ct = default);
    Task<Mailbox?> GetMailboxAsync(string id, CancellationToken ct = default);
    Task<Mailbox?> GetMailboxBySlugAsync(string slug, CancellationToken ct = default);

    /// <summary>The mailbox's address and document version for a slug, without reading the document: a cheap revalidation.</summary>
    Task<MailboxStamp?> GetMailboxStampAsync(string slug, CancellationToken ct = default);

    /// <summary>Creates a mailbox for a valid document; <see cref="StoreConflictException"/> when the slug or address is taken.</summary>
    Task<Mailbox> CreateMailboxAsync(CalendarDocument document, CancellationToken ct = default);

    /// <summary>Replaces the document if <paramref name="expectedVersion"/> is current; otherwise <see cref="StoreConflictException"/>.</summary>
    Task<Mailbox> UpdateMailboxAsync(string id, CalendarDocument document, string expectedVersion, CancellationToken ct = default);

    Task<bool> DeleteMailboxAsync(string id, CancellationToken ct = default);

    // Appointments
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

    // Time off and closures
    /// <summary>Time off and closures that meet [from, to).</summary>
    Task<IReadOnlyList<TimeOff>> ListTimeOffAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>Stores time off (StaffId set) or a closure (StaffId null); KeyNotFoundException for an unknown mailbox.</summary>
    Task<TimeOff> AddTimeOffAsync(TimeOff timeOff, CancellationToken ct = default);

    Task<bool> DeleteTimeOffAsync(string mailboxId, string timeOffId, CancellationToken ct = default);

    // Staff calendar sync
    /// <summary>The sync state of each staff member of the mailbox whose own calendar is synced (any order).</summary>
    Task<IReadOnlyList<Sync.StaffSyncState>> ListStaffSyncAsync(string mailboxId, CancellationToken ct = default);

    /// <summary>Replaces the mailbox's sync states with <paramref name="states"/> (one per staff member); KeyNotFoundException for an unknown mailbox.</summary>
    Task ReplaceStaffSyncAsync(string mailboxId, IReadOnlyList<Sync.StaffSyncState> states, CancellationToken ct = default);

    // Customers
    Task<IReadOnlyList<Customer>> ListCustomersAsync(string mailboxId, CancellationToken ct = default);

    // Notification outbox
    /// <summary>
    /// Claims up to <paramref name="max"/> pending messages due at <paramref name="now"/> whose lease is free, oldest due first,
    /// leasing each until now + <paramref name="lease"/>: a second dispatcher (another process) does not take them meanwhile,
    /// and a crashed one's lease runs out, so a message is sent once and never lost.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueOutboxAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken ct = default);

    /// <summary>
    /// Marks the message sent. A message sent or dropped (here, by <see cref="MarkOutboxDroppedAsync"/>, or when its appointment is
    /// cancelled or moved) is kept without a manage or invitation link in clear (<c>SealedLinks.WithoutClearLinks</c>): earlier versions wrote
    /// them; messages composed now hold sealed placeholders only, which stay so that a resend works.
    /// </summary>
    Task MarkOutboxSentAsync(string id, DateTimeOffset sentAt, CancellationToken ct = default);

    /// <summary>Counts the attempt, keeps the error, frees the lease and makes it due again at <paramref name="retryAt"/>.</summary>
    Task MarkOutboxFailedAsync(string id, string error, DateTimeOffset retryAt, CancellationToken ct = default);

    /// <summary>A message that will not be sent (a reminder past its cut-off): kept for the record with the reason as its error.</summary>
    Task MarkOutboxDroppedAsync(string id, string reason, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Queues messages that belong to no appointment (staff invitations, time-off notices); a known deduplication key is not queued twice.</summary>
    Task EnqueueOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default);

    /// <summary>Queues a message of the mailbox again, due at <paramref name="now"/> (an admin's resend); false when there is none.</summary>
    Task<bool> RequeueOutboxAsync(string mailboxId, string id, DateTimeOffset now, CancellationToken ct = default);

    // SMS opt-outs (a STOP reply): the number receives no SMS from any calendar until it opts in again.
    Task<bool> IsSmsOptedOutAsync(string mailboxId, string phoneE164, CancellationToken ct = default);
    Task SetSmsOptOutAsync(string phoneE164, bool optedOut, DateTimeOffset at, CancellationToken ct = default);
    Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string mailboxId, CancellationToken ct = default);

    // Audit log of admin changes
    /// <summary>Keeps one admin change for good (entries are never changed or removed, except with their mailbox).</summary>
    Task AppendAuditAsync(Admin.AuditEntry entry, CancellationToken ct = default);

    /// <summary>
    /// The admin changes in [from, to), newest first, at most <paramref name="max"/>: of one mailbox, or with
    /// <paramref name="mailboxId"/> null of every mailbox and those outside any mailbox.
    /// </summary>
    Task<IReadOnlyList<Admin.AuditEntry>> ListAuditAsync(string? mailboxId, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default);
}
