using Microsoft.Data.Sqlite;

namespace Bookings.Store.Sqlite;

// One connection for one store operation, optionally inside a BEGIN IMMEDIATE transaction.
// Disposing without CommitAsync rolls back, so an early return writes nothing.
internal sealed class Session : IAsyncDisposable
{
    // Long enough that a CLI writing next to the web server makes the other side wait, not fail.
    public const int BusyTimeoutMilliseconds = 30_000;

    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    private Session(SqliteConnection connection) => _connection = connection;

    /// <summary>The one database file of a data directory, as every store of this assembly opens it.</summary>
    public static string ConnectionString(string dataDirectory) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataDirectory, "bookings.db"),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        ForeignKeys = true,
        DefaultTimeout = BusyTimeoutMilliseconds / 1000,
    }.ToString();

    public static async Task<Session> OpenAsync(string connectionString, bool write, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        var session = new Session(connection);
        try
        {
            await connection.OpenAsync(ct);
            await session.ExecuteAsync($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};", ct);
            if (write) session.BeginImmediate();
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    // Takes the write lock now rather than at the first write: a deferred transaction that reads
    // and then writes can fail with SQLITE_BUSY instead of waiting when another writer went first.
    public void BeginImmediate() => _transaction = _connection.BeginTransaction(deferred: false);

    // A read transaction (deferred): several reads see one snapshot in WAL mode.
    public void BeginRead() => _transaction = _connection.BeginTransaction(deferred: true);

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_transaction is null) throw new InvalidOperationException("No transaction to commit.");
        await _transaction.CommitAsync(ct);
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, ToDb(value));
        return command;
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<T?> ScalarAsync<T>(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteScalarAsync(ct) is T value ? value : default;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> map, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(map(reader));
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null) await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    // Instants are stored as UTC ticks and durations as ticks, so ranges compare as integers.
    private static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset instant => instant.UtcTicks,
        TimeSpan duration => duration.Ticks,
        bool flag => flag ? 1L : 0L,
        _ => value,
    };

    public static DateTimeOffset Instant(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    public static DateTimeOffset? Instant(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Instant(reader.GetInt64(ordinal));

    public static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
