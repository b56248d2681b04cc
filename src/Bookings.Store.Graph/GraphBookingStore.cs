using System.Net;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using Bookings.Store.Graph.Audit;
using Bookings.Store.Graph.Booking;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Customers;
using Bookings.Store.Graph.Mailboxes;
using Bookings.Store.Graph.Outbox;
using Bookings.Store.Graph.Outlook;
using Bookings.Store.Graph.Records;
using Bookings.Store.Graph.Sms;
using Bookings.Store.Graph.Sync;

namespace Bookings.Store.Graph;

/// <summary>
/// The Microsoft 365 store: every calendar is an Exchange Online mailbox reached through Microsoft Graph (DESIGN.md, "Microsoft 365
/// mapping", as docs/graph-conformance.md amends it). <paramref name="http"/> is the transport's client (Transport/): auth, the one
/// retry layer honouring Retry-After, timeouts, at most 4 requests in flight per mailbox. The parts, each a plain class sharing one
/// <see cref="GraphClient"/>: the calendar directory and documents (Mailboxes/), seat records and the claims that settle them
/// (Records/, Claims/, Booking/), the outbox and its dispatcher (Outbox/), the Outlook events (Outlook/), customers, the audit log,
/// SMS opt-outs and staff sync states.
/// </summary>
public sealed class GraphBookingStore : IBookingStore, IMailboxReachability, IDispatcherLeases
{
    /// <summary>The recipient type of a calendar adopted by configuration (Graph:AdoptedMailboxes).</summary>
    public const string SharedMailbox = MailboxCatalog.SharedMailbox;

    private readonly MailboxCatalog _catalog;
    private readonly RecordQueries _queries;
    private readonly AppointmentWrites _writes;
    private readonly OutboxDispatch _outbox;
    private readonly DispatcherLease _lease;
    private readonly CustomerContacts _customers;
    private readonly StaffSyncStates _sync;
    private readonly AuditMessages _audit;
    private readonly SmsOptOuts _optOuts;

    /// <param name="time">What time it is: the times the store writes (appointments, claims, leases, audit entries).</param>
    /// <param name="timer">
    /// How long to wait: the pauses and deadlines of claims, which measure Graph's latency, not the calendar's time (default: the system
    /// clock; tests pin <paramref name="time"/> while Graph answers in real time).
    /// </param>
    public GraphBookingStore(HttpClient http, TimeProvider time, GraphStoreOptions options, TimeProvider? timer = null)
    {
        timer ??= TimeProvider.System;
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        var graph = new GraphClient(http);
        var properties = new ItemProperties(options.PropertySetId);
        var folders = new HiddenFolders(graph, options);
        var documents = new CalendarDocuments(graph, properties, folders, time, timer);
        _catalog = new MailboxCatalog(new MailboxDirectory(graph, properties, folders, options, time, timer), documents, folders);
        var records = new SeatRecords(properties);
        var reader = new RecordReader(graph, properties, records);
        _sync = new StaffSyncStates(graph, properties, folders, documents).Attach();
        _queries = new RecordQueries(graph, records, reader, _catalog, _sync);
        _customers = new CustomerContacts(graph, properties);
        var outlook = new OutlookEvents(graph, properties, time);
        _writes = new AppointmentWrites(_catalog, new SlotClaims(graph, records, reader, time, timer), reader, _customers, outlook, time, timer);
        _lease = new DispatcherLease(graph, properties, folders, time, timer);
        _outbox = new OutboxDispatch(graph, properties, records, reader, folders, _catalog, _lease, outlook, time);
        _audit = new AuditMessages(graph, properties, folders, _catalog);
        _optOuts = new SmsOptOuts(graph, properties, folders, options);
    }

    /// <summary>
    /// Calendars of the directory that Graph refused when last read (admin app, CLI, /health report them), also one adopted while its
    /// mailbox was outside the app's scope (<see cref="MailboxAccessPendingException"/>) until the app can read it.
    /// </summary>
    public IReadOnlyList<UnreachableMailbox> UnreachableMailboxes => _catalog.Unreachable;

    // Mailboxes
    public Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken ct = default) => _catalog.ListAsync(ct);
    public Task<Mailbox?> GetMailboxAsync(string id, CancellationToken ct = default) => _catalog.GetAsync(id, ct);
    public Task<Mailbox?> GetMailboxBySlugAsync(string slug, CancellationToken ct = default) => _catalog.GetBySlugAsync(slug, ct);

    public async Task<MailboxStamp?> GetMailboxStampAsync(string slug, CancellationToken ct = default) =>
        await _catalog.GetBySlugAsync(slug, ct) is { } m ? new MailboxStamp(m.Id, m.Version) : null;

    /// <summary>
    /// Adopts the existing mailbox <c>document.Id</c> (default: the slug's address in the local domain) as a calendar: a directory entry
    /// and the document in its hidden folder. The store never creates a mailbox (applications may not create booking businesses);
    /// <see cref="StoreRefusedException"/> when there is no such mailbox, <see cref="MailboxAccessPendingException"/> when it exists but
    /// the app may not open it yet (the calendar is kept and appears once it can be read).
    /// </summary>
    public Task<Mailbox> CreateMailboxAsync(CalendarDocument document, CancellationToken ct = default) => _catalog.CreateAsync(document, ct);

    public Task<Mailbox> UpdateMailboxAsync(string id, CalendarDocument document, string expectedVersion, CancellationToken ct = default) =>
        _catalog.UpdateAsync(id, document, expectedVersion, ct);

    /// <summary>Forgets the calendar (directory entry, hidden folder); the mailbox and its calendar's events stay in Exchange.</summary>
    public Task<bool> DeleteMailboxAsync(string id, CancellationToken ct = default) => _catalog.DeleteAsync(id, ct);

    // Appointments
    public Task<IReadOnlyList<Appointment>> ListAppointmentsAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        _queries.ListAppointmentsAsync(mailboxId, from, to, ct);

    public Task<IReadOnlyList<Appointment>> ListAppointmentHistoryAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        _queries.ListAppointmentHistoryAsync(mailboxId, from, to, ct);

    public Task<BusyReading> ReadBusyAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        _queries.ReadBusyAsync(mailboxId, from, to, ct);

    /// <summary>No stamp yet: availability inputs are read on every request (one calendarView).</summary>
    public Task<string?> GetChangeStampAsync(string mailboxId, CancellationToken ct = default) => Task.FromResult<string?>(null);

    public Task<Appointment?> GetAppointmentAsync(string mailboxId, string appointmentId, CancellationToken ct = default) =>
        _queries.GetAppointmentAsync(mailboxId, appointmentId, ct);

    public Task<BookOutcome> BookAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct = default) => _writes.BookAsync(command, outbox, ct);

    public Task<RescheduleOutcome> RescheduleAsync(RescheduleCommand command, OutboxComposer outbox, CancellationToken ct = default) =>
        _writes.RescheduleAsync(command, outbox, ct);

    public Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string mailboxId, string key, CancellationToken ct = default) =>
        _writes.FindIdempotencyAsync(mailboxId, key, ct);

    public Task<ManageLookup?> FindByManageTokenHashAsync(string tokenHash, CancellationToken ct = default) => _queries.FindByManageTokenHashAsync(tokenHash, ct);

    public Task<bool> CancelAttendeeAsync(string mailboxId, string appointmentId, string attendeeId, OutboxComposer outbox, CancellationToken ct = default) =>
        _writes.CancelAttendeeAsync(mailboxId, appointmentId, attendeeId, outbox, ct);

    // Time off
    public Task<IReadOnlyList<TimeOff>> ListTimeOffAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        _queries.ListTimeOffAsync(mailboxId, from, to, ct);

    public Task<TimeOff> AddTimeOffAsync(TimeOff timeOff, CancellationToken ct = default) => _queries.AddTimeOffAsync(timeOff, ct);
    public Task<bool> DeleteTimeOffAsync(string mailboxId, string timeOffId, CancellationToken ct = default) => _queries.DeleteTimeOffAsync(mailboxId, timeOffId, ct);

    // Staff calendar sync
    public Task<IReadOnlyList<StaffSyncState>> ListStaffSyncAsync(string mailboxId, CancellationToken ct = default) => _sync.ListAsync(mailboxId, ct);
    public Task ReplaceStaffSyncAsync(string mailboxId, IReadOnlyList<StaffSyncState> states, CancellationToken ct = default) => _sync.ReplaceAsync(mailboxId, states, ct);

    // Customers
    public Task<IReadOnlyList<Customer>> ListCustomersAsync(string mailboxId, CancellationToken ct = default) => _customers.ListAsync(mailboxId, ct);

    // Outbox
    public Task<IReadOnlyList<OutboxMessage>> ClaimDueOutboxAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken ct = default) =>
        _outbox.ClaimAsync(now, max, lease, ct);

    public Task MarkOutboxSentAsync(string id, DateTimeOffset sentAt, CancellationToken ct = default) => _outbox.MarkSentAsync(id, sentAt, ct);
    public Task MarkOutboxFailedAsync(string id, string error, DateTimeOffset retryAt, CancellationToken ct = default) => _outbox.MarkFailedAsync(id, error, retryAt, ct);
    public Task MarkOutboxDroppedAsync(string id, string reason, DateTimeOffset at, CancellationToken ct = default) => _outbox.MarkDroppedAsync(id, reason, at, ct);
    public Task EnqueueOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default) => _outbox.EnqueueAsync(messages, ct);
    public Task<bool> RequeueOutboxAsync(string mailboxId, string id, DateTimeOffset now, CancellationToken ct = default) => _outbox.RequeueAsync(mailboxId, id, now, ct);
    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string mailboxId, CancellationToken ct = default) => _outbox.ListAsync(mailboxId, ct);

    /// <summary>Gives back this instance's dispatcher leases (a graceful stop), so another instance dispatches at once.</summary>
    public Task ReleaseDispatcherLeasesAsync(CancellationToken ct = default) => _lease.ReleaseAllAsync(ct);

    // SMS opt-outs: one list for every calendar, in the directory mailbox.
    public Task<bool> IsSmsOptedOutAsync(string mailboxId, string phoneE164, CancellationToken ct = default) => _optOuts.IsOptedOutAsync(phoneE164, ct);
    public Task SetSmsOptOutAsync(string phoneE164, bool optedOut, DateTimeOffset at, CancellationToken ct = default) => _optOuts.SetAsync(phoneE164, optedOut, at, ct);

    // Audit
    public Task AppendAuditAsync(AuditEntry entry, CancellationToken ct = default) => _audit.AppendAsync(entry, ct);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? mailboxId, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default) =>
        _audit.ListAsync(mailboxId, from, to, max, ct);
}

/// <summary>Microsoft Graph answered with a failure the store cannot map to the port (after the transport's retries).</summary>
public class GraphStoreException(string message, HttpStatusCode status, string? code = null) : StoreRefusedException(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>Graph's error code (<c>error.code</c>), when it gave one.</summary>
    public string? Code { get; } = code;
}
