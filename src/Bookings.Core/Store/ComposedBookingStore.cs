using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Sync;

namespace Bookings.Core.Store;

/// <summary>
/// An <see cref="IBookingStore"/> put together from one object per port, each member forwarding to its port in one line. Both stores
/// derive from it (<c>SqliteBookingStore</c>, <c>GraphBookingStore</c>), so the forwarding is written once; the ports' classes do the work.
/// </summary>
public class ComposedBookingStore(IMailboxStore mailboxStore, IAppointmentStore appointmentStore, ITimeOffStore timeOffStore,
    IStaffSyncStore staffSyncStore, IOutboxStore outboxStore, ISmsOptOutStore smsOptOutStore, IAuditStore auditStore) : IBookingStore
{
    // Mailboxes
    public Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken ct = default) => mailboxStore.ListMailboxesAsync(ct);
    public Task<Mailbox?> GetMailboxAsync(string id, CancellationToken ct = default) => mailboxStore.GetMailboxAsync(id, ct);
    public Task<Mailbox?> GetMailboxBySlugAsync(string slug, CancellationToken ct = default) => mailboxStore.GetMailboxBySlugAsync(slug, ct);
    public Task<MailboxStamp?> GetMailboxStampAsync(string slug, CancellationToken ct = default) => mailboxStore.GetMailboxStampAsync(slug, ct);
    public Task<Mailbox> CreateMailboxAsync(CalendarDocument document, CancellationToken ct = default) => mailboxStore.CreateMailboxAsync(document, ct);

    public Task<Mailbox> UpdateMailboxAsync(string id, CalendarDocument document, string expectedVersion, CancellationToken ct = default) =>
        mailboxStore.UpdateMailboxAsync(id, document, expectedVersion, ct);

    public Task<bool> DeleteMailboxAsync(string id, CancellationToken ct = default) => mailboxStore.DeleteMailboxAsync(id, ct);

    // Appointments
    public Task<IReadOnlyList<Appointment>> ListAppointmentsAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        appointmentStore.ListAppointmentsAsync(mailboxId, from, to, ct);

    public Task<IReadOnlyList<Appointment>> ListAppointmentHistoryAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        appointmentStore.ListAppointmentHistoryAsync(mailboxId, from, to, ct);

    public Task<BusyReading> ReadBusyAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        appointmentStore.ReadBusyAsync(mailboxId, from, to, ct);

    public Task<string?> GetChangeStampAsync(string mailboxId, CancellationToken ct = default) => appointmentStore.GetChangeStampAsync(mailboxId, ct);

    public Task<Appointment?> GetAppointmentAsync(string mailboxId, string appointmentId, CancellationToken ct = default) =>
        appointmentStore.GetAppointmentAsync(mailboxId, appointmentId, ct);

    public Task<BookOutcome> BookAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct = default) =>
        appointmentStore.BookAsync(command, outbox, ct);

    public Task<RescheduleOutcome> RescheduleAsync(RescheduleCommand command, OutboxComposer outbox, CancellationToken ct = default) =>
        appointmentStore.RescheduleAsync(command, outbox, ct);

    public Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string mailboxId, string key, CancellationToken ct = default) =>
        appointmentStore.GetIdempotencyRecordAsync(mailboxId, key, ct);

    public Task<ManageLookup?> FindByManageTokenHashAsync(string tokenHash, CancellationToken ct = default) =>
        appointmentStore.FindByManageTokenHashAsync(tokenHash, ct);

    public Task<bool> CancelAttendeeAsync(string mailboxId, string appointmentId, string attendeeId, OutboxComposer outbox, CancellationToken ct = default) =>
        appointmentStore.CancelAttendeeAsync(mailboxId, appointmentId, attendeeId, outbox, ct);

    public Task<IReadOnlyList<Customer>> ListCustomersAsync(string mailboxId, CancellationToken ct = default) => appointmentStore.ListCustomersAsync(mailboxId, ct);

    // Time off
    public Task<IReadOnlyList<TimeOff>> ListTimeOffAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        timeOffStore.ListTimeOffAsync(mailboxId, from, to, ct);

    public Task<TimeOff> AddTimeOffAsync(TimeOff timeOff, CancellationToken ct = default) => timeOffStore.AddTimeOffAsync(timeOff, ct);
    public Task<bool> DeleteTimeOffAsync(string mailboxId, string timeOffId, CancellationToken ct = default) => timeOffStore.DeleteTimeOffAsync(mailboxId, timeOffId, ct);

    // Staff calendar sync
    public Task<IReadOnlyList<StaffSyncState>> ListStaffSyncAsync(string mailboxId, CancellationToken ct = default) => staffSyncStore.ListStaffSyncAsync(mailboxId, ct);

    public Task ReplaceStaffSyncAsync(string mailboxId, IReadOnlyList<StaffSyncState> states, CancellationToken ct = default) =>
        staffSyncStore.ReplaceStaffSyncAsync(mailboxId, states, ct);

    // Outbox
    public Task<IReadOnlyList<OutboxMessage>> ClaimDueOutboxAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken ct = default) =>
        outboxStore.ClaimDueOutboxAsync(now, max, lease, ct);

    public Task MarkOutboxSentAsync(string id, DateTimeOffset sentAt, CancellationToken ct = default) => outboxStore.MarkOutboxSentAsync(id, sentAt, ct);
    public Task MarkOutboxFailedAsync(string id, string error, DateTimeOffset retryAt, CancellationToken ct = default) => outboxStore.MarkOutboxFailedAsync(id, error, retryAt, ct);
    public Task MarkOutboxDroppedAsync(string id, string reason, DateTimeOffset at, CancellationToken ct = default) => outboxStore.MarkOutboxDroppedAsync(id, reason, at, ct);
    public Task EnqueueOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default) => outboxStore.EnqueueOutboxAsync(messages, ct);
    public Task<bool> RequeueOutboxAsync(string mailboxId, string id, DateTimeOffset now, CancellationToken ct = default) => outboxStore.RequeueOutboxAsync(mailboxId, id, now, ct);
    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string mailboxId, CancellationToken ct = default) => outboxStore.ListOutboxAsync(mailboxId, ct);

    // SMS opt-outs
    public Task<bool> IsSmsOptedOutAsync(string mailboxId, string phoneE164, CancellationToken ct = default) => smsOptOutStore.IsSmsOptedOutAsync(mailboxId, phoneE164, ct);
    public Task SetSmsOptOutAsync(string phoneE164, bool optedOut, DateTimeOffset at, CancellationToken ct = default) => smsOptOutStore.SetSmsOptOutAsync(phoneE164, optedOut, at, ct);

    // Audit
    public Task AppendAuditAsync(AuditEntry entry, CancellationToken ct = default) => auditStore.AppendAuditAsync(entry, ct);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? mailboxId, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default) =>
        auditStore.ListAuditAsync(mailboxId, from, to, max, ct);
}
