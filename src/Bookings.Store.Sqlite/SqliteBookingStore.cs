using Bookings.Core.Store;
using Bookings.Store.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace Bookings.Store.Sqlite;

/// <summary>
/// The embedded store: every scheduling mailbox as rows in one SQLite file (WAL) under the data
/// directory. A connection per operation; every write is one <c>BEGIN IMMEDIATE</c> transaction,
/// so writers in other threads and other processes queue on the file lock instead of failing.
/// The operations live beside this file, one per feature (Mailboxes, Appointments, Booking, Customers, Outbox, Schema).
/// </summary>
public sealed partial class SqliteBookingStore(string dataDirectory, TimeProvider time) : IBookingStore, IDisposable
{
    public string DataDirectory { get; } = dataDirectory;
    public string DatabasePath => Path.Combine(DataDirectory, "bookings.db");

    private readonly TimeProvider _time = time;
    private readonly string _connectionString = Session.ConnectionString(dataDirectory);

    private readonly SemaphoreSlim _migrateGate = new(1, 1);
    private volatile bool _migrated;

    /// <summary>Creates the directory and the file, sets WAL and applies the migrations. Idempotent.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await _migrateGate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(DataDirectory);
            await Migrations.ApplyAsync(_connectionString, ct);
            _migrated = true;
        }
        finally
        {
            _migrateGate.Release();
        }
    }

    private async Task<Session> OpenAsync(bool write, CancellationToken ct)
    {
        // Hosts call MigrateAsync at start; a store used without it (a test, a tool) migrates once here.
        if (!_migrated) await MigrateAsync(ct);
        return await Session.OpenAsync(_connectionString, write, ct);
    }

    private static string NewVersion() => Guid.NewGuid().ToString("N");

    // Releases the pooled connections so the file is not held open after the store is gone.
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
