using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Worker.Mail;

namespace Bookings.Web.Tests.Worker;

/// <summary>Just the outbox of a store, in memory; everything else is not needed by the dispatcher.</summary>
internal sealed class InMemoryOutboxStore : IBookingStore
{
    private readonly Lock _lock = new();
    private readonly List<OutboxMessage> _outbox = [];

    public void Add(params IEnumerable<OutboxMessage> messages)
    {
        lock (_lock) _outbox.AddRange(messages);
    }

    public OutboxMessage Get(string id)
    {
        lock (_lock) return _outbox.Single(m => m.Id == id);
    }

    public Task<IReadOnlyList<OutboxMessage>> ClaimDueOutboxAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var due = _outbox.Where(m => m.IsPending && m.DueAt <= now && (m.LeaseUntil is null || m.LeaseUntil <= now)).OrderBy(m => m.DueAt).Take(max)
                .Select(m => m with { LeaseUntil = now + lease }).ToList();
            foreach (var m in due) _outbox[_outbox.FindIndex(x => x.Id == m.Id)] = m;
            return Task.FromResult<IReadOnlyList<OutboxMessage>>(due);
        }
    }

    public Task MarkOutboxSentAsync(string id, DateTimeOffset sentAt, CancellationToken ct = default) =>
        Update(id, m => m with { SentAt = sentAt, LeaseUntil = null });

    public Task MarkOutboxFailedAsync(string id, string error, DateTimeOffset retryAt, CancellationToken ct = default) =>
        Update(id, m => m with { Attempts = m.Attempts + 1, LastError = error, DueAt = retryAt, LeaseUntil = null });

    public Task MarkOutboxDroppedAsync(string id, string reason, DateTimeOffset at, CancellationToken ct = default) =>
        Update(id, m => m with { DroppedAt = at, LastError = reason, LeaseUntil = null });

    public HashSet<string> OptedOut { get; } = [];

    public Task<bool> IsSmsOptedOutAsync(string mailboxId, string phoneE164, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(OptedOut.Contains(phoneE164));
    }

    public Task SetSmsOptOutAsync(string phoneE164, bool optedOut, DateTimeOffset at, CancellationToken ct = default)
    {
        lock (_lock) { if (optedOut) OptedOut.Add(phoneE164); else OptedOut.Remove(phoneE164); }
        return Task.CompletedTask;
    }

    public Task EnqueueOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<bool> RequeueOutboxAsync(string mailboxId, string id, DateTimeOffset now, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<RescheduleOutcome> RescheduleAsync(RescheduleCommand command, OutboxComposer outbox, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string mailboxId, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<OutboxMessage>>([.. _outbox.Where(m => m.MailboxId == mailboxId)]);
    }

    private Task Update(string id, Func<OutboxMessage, OutboxMessage> change)
    {
        lock (_lock)
        {
            var i = _outbox.FindIndex(m => m.Id == id);
            _outbox[i] = change(_outbox[i]);
        }
        return Task.CompletedTask;
    }

    public static OutboxMessage Message(string id, DateTimeOffset due, string channel = EmailMessage.Channel) =>
        new(id, "contoso@bookings.local", $"apt-1:a-1:booking.customer:{id}", channel, NotificationKinds.BookingCustomer,
            new EmailMessage(new EmailContact("jan@example.com", "Jan Kowalski"), "Contoso", null, "Booked", "Text\n", "<p>Html</p>", []).ToJson(),
            due, due);

    public Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public Task AppendAuditAsync(Bookings.Core.Admin.AuditEntry entry, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Bookings.Core.Admin.AuditEntry>> ListAuditAsync(string? mailboxId, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default) =>
        throw new NotSupportedException();
    public Task<Mailbox?> GetMailboxAsync(string id, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<Mailbox?> GetMailboxBySlugAsync(string slug, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<Mailbox> CreateMailboxAsync(CalendarDocument document, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<Mailbox> UpdateMailboxAsync(string id, CalendarDocument document, string expectedVersion, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<bool> DeleteMailboxAsync(string id, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Appointment>> ListAppointmentsAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Appointment>> ListAppointmentHistoryAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<BusyReading> ReadBusyAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<MailboxStamp?> GetMailboxStampAsync(string slug, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<string?> GetChangeStampAsync(string mailboxId, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Core.Sync.StaffSyncState>> ListStaffSyncAsync(string mailboxId, CancellationToken ct = default) => throw new NotSupportedException();
    public Task ReplaceStaffSyncAsync(string mailboxId, IReadOnlyList<Core.Sync.StaffSyncState> states, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<TimeOff>> ListTimeOffAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<TimeOff> AddTimeOffAsync(TimeOff timeOff, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<bool> DeleteTimeOffAsync(string mailboxId, string timeOffId, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<Appointment?> GetAppointmentAsync(string mailboxId, string appointmentId, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<BookOutcome> BookAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string mailboxId, string key, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ManageLookup?> FindByManageTokenHashAsync(string tokenHash, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<bool> CancelAttendeeAsync(string mailboxId, string appointmentId, string attendeeId, OutboxComposer outbox, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Customer>> ListCustomersAsync(string mailboxId, CancellationToken ct = default) => throw new NotSupportedException();
}

/// <summary>Remembers what it was asked to send; fails while <see cref="FailuresLeft"/> is above zero.</summary>
internal sealed class RecordingEmailSender : IEmailSender
{
    private readonly Lock _lock = new();
    private readonly List<string> _sent = [];

    public int FailuresLeft { get; set; }

    public IReadOnlyList<string> Sent
    {
        get { lock (_lock) return [.. _sent]; }
    }

    public Task SendAsync(EmailMessage message, string mailboxId, string deduplicationKey, DateTimeOffset queuedAt, CancellationToken ct)
    {
        lock (_lock)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new IOException("The mail server said no.");
            }
            _sent.Add(deduplicationKey);
        }
        return Task.CompletedTask;
    }
}
