using Bookings.Core.Admin;
using Microsoft.Data.Sqlite;

namespace Bookings.Store.Sqlite.Users;

/// <summary>
/// Local admin accounts in the embedded store's file (bookings.db under the data directory), beside the calendars but not
/// part of <see cref="Core.Store.IBookingStore"/>: on Microsoft 365 sign-in is Microsoft Entra ID and there are no local accounts.
/// </summary>
public sealed class SqliteUserStore(string dataDirectory) : IUserStore
{
    private const string Columns = "id, email, display_name, is_tenant_admin, must_change_password, failed_attempts, locked_until, created_at, password_hash";

    public string DataDirectory { get; } = dataDirectory;

    private readonly SqliteDatabase _database = new(dataDirectory);

    private Task<Session> OpenAsync(bool write, CancellationToken ct) => _database.OpenAsync(write, ct);

    public async Task<int> CountAsync(CancellationToken ct)
    {
        await using var db = await OpenAsync(write: false, ct);
        return (int)await db.ScalarAsync<long>("SELECT COUNT(*) FROM users;", ct);
    }

    public async Task<IReadOnlyList<AdminUser>> ListAsync(CancellationToken ct)
    {
        await using var db = await OpenAsync(write: false, ct);
        var rows = await db.QueryAsync($"SELECT {Columns} FROM users ORDER BY email COLLATE NOCASE;", Read, ct);
        return [.. rows.Select(r => r.User)];
    }

    public async Task<StoredAdminUser?> FindByEmailAsync(string email, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(email);
        await using var db = await OpenAsync(write: false, ct);
        var rows = await db.QueryAsync($"SELECT {Columns} FROM users WHERE email = $email;", Read, ct, ("$email", email.Trim()));
        return rows.FirstOrDefault();
    }

    public async Task<StoredAdminUser?> FindByIdAsync(string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var db = await OpenAsync(write: false, ct);
        var rows = await db.QueryAsync($"SELECT {Columns} FROM users WHERE id = $id;", Read, ct, ("$id", id));
        return rows.FirstOrDefault();
    }

    public Task<bool> AddAsync(AdminUser user, string passwordHash, CancellationToken ct) => InsertAsync(user, passwordHash, onlyFirst: false, ct);

    public Task<bool> AddFirstAsync(AdminUser user, string passwordHash, CancellationToken ct) => InsertAsync(user, passwordHash, onlyFirst: true, ct);

    private async Task<bool> InsertAsync(AdminUser user, string passwordHash, bool onlyFirst, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        await using var db = await OpenAsync(write: true, ct);
        if (onlyFirst && await db.ScalarAsync<long>("SELECT COUNT(*) FROM users;", ct) > 0) return false;
        if (await db.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE email = $email;", ct, ("$email", user.Email.Trim())) > 0) return false;
        await db.ExecuteAsync("""
            INSERT INTO users (id, email, display_name, password_hash, is_tenant_admin, failed_attempts, locked_until, must_change_password, created_at)
            VALUES ($id, $email, $name, $hash, $admin, $failed, $locked, $must, $created);
            """, ct,
            ("$id", user.Id), ("$email", user.Email.Trim()), ("$name", user.DisplayName), ("$hash", passwordHash),
            ("$admin", user.IsTenantAdmin), ("$failed", (long)user.FailedAttempts), ("$locked", user.LockedUntil),
            ("$must", user.MustChangePassword), ("$created", user.CreatedAt));
        await db.CommitAsync(ct);
        return true;
    }

    public async Task<bool> UpdatePasswordAsync(string id, string passwordHash, bool mustChangePassword, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        await using var db = await OpenAsync(write: true, ct);
        var n = await db.ExecuteAsync("""
            UPDATE users SET password_hash = $hash, must_change_password = $must, failed_attempts = 0, locked_until = NULL WHERE id = $id;
            """, ct, ("$id", id), ("$hash", passwordHash), ("$must", mustChangePassword));
        await db.CommitAsync(ct);
        return n == 1;
    }

    public async Task RecordFailureAsync(string id, int maxFailedAttempts, DateTimeOffset lockUntil, CancellationToken ct)
    {
        await using var db = await OpenAsync(write: true, ct);
        // One statement: two concurrent failures both count.
        await db.ExecuteAsync("""
            UPDATE users SET
                locked_until    = CASE WHEN failed_attempts + 1 >= $max THEN $until ELSE locked_until END,
                failed_attempts = CASE WHEN failed_attempts + 1 >= $max THEN 0 ELSE failed_attempts + 1 END
            WHERE id = $id;
            """, ct, ("$id", id), ("$max", (long)Math.Max(1, maxFailedAttempts)), ("$until", lockUntil));
        await db.CommitAsync(ct);
    }

    public async Task ResetFailuresAsync(string id, CancellationToken ct)
    {
        await using var db = await OpenAsync(write: true, ct);
        await db.ExecuteAsync("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $id;", ct, ("$id", id));
        await db.CommitAsync(ct);
    }

    private static StoredAdminUser Read(SqliteDataReader r) => new(
        new AdminUser(
            Id: r.GetString(0),
            Email: r.GetString(1),
            DisplayName: r.GetString(2),
            IsTenantAdmin: r.GetInt64(3) != 0,
            MustChangePassword: r.GetInt64(4) != 0,
            FailedAttempts: (int)r.GetInt64(5),
            LockedUntil: Session.Instant(r, 6),
            CreatedAt: Session.Instant(r.GetInt64(7))),
        r.GetString(8));
}
