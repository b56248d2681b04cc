using Bookings.Core.Calendars;
using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

// PLACEHOLDER: the embedded store is being written; every method below is replaced.
public sealed class SqliteBookingStore(string dataDirectory, TimeProvider time) : IBookingStore, IDisposable
{
    public string DataDirectory { get; } = dataDirectory;
    public string DatabasePath => Path.Combine(DataDirectory, "bookings.db");
    private readonly TimeProvider _time = time;

    public Task MigrateAsync(CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken ct = default) => throw new NotImplementedException();
    public Task<Mailbox?> GetMailboxAsync(string id, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<Mailbox?> GetMailboxBySlugAsync(string slug, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<Mailbox> CreateMailboxAsync(CalendarDocument document, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<Mailbox> UpdateMailboxAsync(string id, CalendarDocument document, string expectedVersion, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<bool> DeleteMailboxAsync(string id, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<Appointment>> ListAppointmentsAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<Appointment?> GetAppointmentAsync(string mailboxId, string appointmentId, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<BookOutcome> BookAsync(BookingCommand command, OutboxComposer outbox, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string mailboxId, string key, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<ManageLookup?> FindByManageTokenHashAsync(string tokenHash, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<bool> CancelAttendeeAsync(string mailboxId, string appointmentId, string attendeeId, OutboxComposer outbox, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<Customer>> ListCustomersAsync(string mailboxId, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<OutboxMessage>> ListDueOutboxAsync(DateTimeOffset now, int max, CancellationToken ct = default) => throw new NotImplementedException();
    public Task MarkOutboxSentAsync(string id, DateTimeOffset sentAt, CancellationToken ct = default) => throw new NotImplementedException();
    public Task MarkOutboxFailedAsync(string id, string error, DateTimeOffset retryAt, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string mailboxId, CancellationToken ct = default) => throw new NotImplementedException();
    public void Dispose() { }
}
