using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

/// <summary>
/// The embedded store: every scheduling mailbox as rows in one SQLite file (WAL) under the data directory. A connection per
/// operation; every write is one <c>BEGIN IMMEDIATE</c> transaction, so writers in other threads and other processes queue on the
/// file lock instead of failing. This class only puts the store together: one plain class per port (Mailboxes/, Appointments/ with
/// Booking/ and Customers/, TimeOff/, Sync/, Outbox/, Sms/, Audit/) sharing one <see cref="SqliteDatabase"/>; every port member
/// forwards to its class (<see cref="ComposedBookingStore"/>).
/// </summary>
public sealed class SqliteBookingStore : ComposedBookingStore, IDisposable
{
    /// <summary>
    /// The longest blocked interval (buffers included) an appointment may have. It bounds every range query from below, so a query
    /// reads the index from <c>from - MaxBlockedSpan</c> instead of from the first appointment ever booked. The calendar document
    /// allows at most three days (a one-day service with one-day buffers).
    /// </summary>
    public static readonly TimeSpan MaxBlockedSpan = AppointmentRows.MaxBlockedSpan;

    private readonly SqliteDatabase _database;

    public SqliteBookingStore(string dataDirectory, TimeProvider time) : this(new SqliteDatabase(dataDirectory), time)
    {
    }

    private SqliteBookingStore(SqliteDatabase database, TimeProvider time)
        : base(new SqliteMailboxStore(database, time), new SqliteAppointmentStore(database, time), new SqliteTimeOffStore(database, time),
            new SqliteStaffSyncStore(database), new SqliteOutboxStore(database), new SqliteSmsOptOutStore(database), new SqliteAuditStore(database)) =>
        _database = database;

    public string DataDirectory => _database.DataDirectory;
    public string DatabasePath => _database.DatabasePath;

    /// <summary>Creates the directory and the file, sets WAL and applies the migrations. Idempotent.</summary>
    public Task MigrateAsync(CancellationToken ct = default) => _database.MigrateAsync(ct);

    // Releases the pooled connections so the file is not held open after the store is gone.
    public void Dispose() => _database.ClearPool();
}
