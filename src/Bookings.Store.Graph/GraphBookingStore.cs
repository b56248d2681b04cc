using System.Net;
using Bookings.Core.Store;
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
/// mapping", as docs/graph-conformance.md amends it). <c>http</c> is the transport's client (Transport/): auth, the one retry layer
/// honouring Retry-After, timeouts, at most 4 requests in flight per mailbox. This class only puts the store together: plain classes
/// sharing one <see cref="GraphClient"/> and one <see cref="ItemProperties"/>, one per port — the calendars (<see cref="MailboxCatalog"/>,
/// Mailboxes/), the appointments (<see cref="AppointmentRecords"/>, Records/, with <see cref="AppointmentWrites"/> over one hold-and-verify,
/// <see cref="SlotClaims"/>, Booking/ and Claims/), time off (<see cref="TimeOffRecords"/>), the outbox and its dispatcher
/// (<see cref="OutboxDispatch"/>, Outbox/, bringing the Outlook events in line: Outlook/), staff sync states, SMS opt-outs and the audit
/// log — and every port member forwards to its class (<see cref="ComposedBookingStore"/>).
/// </summary>
public sealed class GraphBookingStore : ComposedBookingStore, IMailboxReachability, IDispatcherLeases
{
    /// <summary>The recipient type of a calendar adopted by configuration (Graph:AdoptedMailboxes).</summary>
    public const string SharedMailbox = MailboxCatalog.SharedMailbox;

    private readonly MailboxCatalog _catalog;
    private readonly DispatcherLease _lease;

    /// <param name="http">The transport's client, with the Graph base URL as its BaseAddress.</param>
    /// <param name="time">What time it is: the times the store writes (appointments, claims, leases, audit entries).</param>
    /// <param name="options">The directory mailbox, adopted mailboxes and the extended properties' set id.</param>
    /// <param name="timer">
    /// How long to wait: the pauses and deadlines of claims, which measure Graph's latency, not the calendar's time (default: the system
    /// clock; tests pin <paramref name="time"/> while Graph answers in real time).
    /// </param>
    public GraphBookingStore(HttpClient http, TimeProvider time, GraphStoreOptions options, TimeProvider? timer = null)
        : this(Parts.Build(http, time, options, timer ?? TimeProvider.System))
    {
    }

    private GraphBookingStore(Parts parts)
        : base(parts.Catalog, parts.Appointments, parts.TimeOff, parts.Sync, parts.Outbox, parts.OptOuts, parts.Audit)
    {
        _catalog = parts.Catalog;
        _lease = parts.Lease;
    }

    private sealed record Parts(MailboxCatalog Catalog, AppointmentRecords Appointments, TimeOffRecords TimeOff, StaffSyncStates Sync,
        OutboxDispatch Outbox, DispatcherLease Lease, SmsOptOuts OptOuts, AuditMessages Audit)
    {
        public static Parts Build(HttpClient http, TimeProvider time, GraphStoreOptions options, TimeProvider timer)
        {
            ArgumentNullException.ThrowIfNull(http);
            ArgumentNullException.ThrowIfNull(time);
            ArgumentNullException.ThrowIfNull(options);
            var graph = new GraphClient(http);
            var properties = new ItemProperties(options.PropertySetId);
            var folders = new HiddenFolders(graph, options);
            var documents = new CalendarDocuments(graph, properties, folders, time, timer);
            var catalog = new MailboxCatalog(new MailboxDirectory(graph, properties, folders, options, time, timer), documents, folders);
            var records = new SeatRecords(properties);
            var reader = new RecordReader(graph, properties, records);
            var sync = new StaffSyncStates(graph, properties, folders, documents).Attach();
            var customers = new CustomerContacts(graph, properties);
            var outlook = new OutlookEvents(graph, properties, time);
            var writes = new AppointmentWrites(catalog, new SlotClaims(graph, records, reader, time, timer), reader, customers, outlook, time, timer);
            var lease = new DispatcherLease(graph, properties, folders, time, timer);
            return new Parts(catalog, new AppointmentRecords(reader, catalog, sync, writes, customers), new TimeOffRecords(graph, records, reader, catalog),
                sync, new OutboxDispatch(graph, properties, records, reader, folders, catalog, lease, outlook, time), lease,
                new SmsOptOuts(graph, properties, folders, options), new AuditMessages(graph, properties, folders, catalog));
        }
    }

    /// <summary>
    /// Calendars of the directory that Graph refused when last read (admin app, CLI, /health report them), also one adopted while its
    /// mailbox was outside the app's scope (<see cref="MailboxAccessPendingException"/>) until the app can read it.
    /// </summary>
    public IReadOnlyList<UnreachableMailbox> UnreachableMailboxes => _catalog.Unreachable;

    /// <summary>Gives back this instance's dispatcher leases (a graceful stop), so another instance dispatches at once.</summary>
    public Task ReleaseDispatcherLeasesAsync(CancellationToken ct = default) => _lease.ReleaseAllAsync(ct);
}

/// <summary>Microsoft Graph answered with a failure the store cannot map to the port (after the transport's retries).</summary>
public class GraphStoreException(string message, HttpStatusCode status, string? code = null) : StoreRefusedException(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>Graph's error code (<c>error.code</c>), when it gave one.</summary>
    public string? Code { get; } = code;
}
