using Bookings.Store.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace Bookings.Store.Sqlite;

/// <summary>
/// The one database file of a data directory (bookings.db, WAL) as every store class of this assembly opens it: its connection string,
/// the migrate-once gate, and a <see cref="Session"/> per operation. The port classes of <see cref="SqliteBookingStore"/> share one
/// instance; <see cref="Users.SqliteUserStore"/> opens its own on the same file.
/// </summary>
internal sealed class SqliteDatabase(string dataDirectory)
{
    public string DataDirectory { get; } = dataDirectory;
    public string DatabasePath => Path.Combine(DataDirectory, "bookings.db");

    private readonly string _connectionString = Session.ConnectionString(dataDirectory);
    private readonly SemaphoreSlim _migrateGate = new(1, 1);
    private volatile bool _migrated;

    /// <summary>Creates the directory and the file, sets WAL and applies the migrations. Idempotent.</summary>
    public Task MigrateAsync(CancellationToken ct) => MigrateAsync(always: true, ct);

    // always: false, a caller that found the file unmigrated, applies nothing when another one did meanwhile.
    private async Task MigrateAsync(bool always, CancellationToken ct)
    {
        await _migrateGate.WaitAsync(ct);
        try
        {
            if (_migrated && !always) return;
            Directory.CreateDirectory(DataDirectory);
            await Migrations.ApplyAsync(_connectionString, ct);
            _migrated = true;
        }
        finally
        {
            _migrateGate.Release();
        }
    }

    /// <summary>
    /// One connection for one operation; <paramref name="write"/>: inside a <c>BEGIN IMMEDIATE</c> transaction. Hosts migrate at start;
    /// a store used without that (a test, a tool) migrates once here.
    /// </summary>
    public async Task<Session> OpenAsync(bool write, CancellationToken ct)
    {
        if (!_migrated) await MigrateAsync(always: false, ct);
        return await Session.OpenAsync(_connectionString, write, ct);
    }

    /// <summary>Releases the pooled connections so the file is not held open after the store is gone.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>A new opaque version (of a mailbox document or an appointment), also the random part of new ids.</summary>
    public static string NewVersion() => Guid.NewGuid().ToString("N");
}
