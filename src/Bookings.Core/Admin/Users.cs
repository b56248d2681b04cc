using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bookings.Core.Admin;

/// <summary>A local account of the admin app (embedded store only; on Microsoft 365 sign-in is Microsoft Entra ID).</summary>
public sealed record AdminUser(
    string Id,
    string Email,
    string DisplayName,
    bool IsTenantAdmin,
    bool MustChangePassword,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt);

/// <summary>A user with the stored password hash (never shown, never logged).</summary>
public sealed record StoredAdminUser(AdminUser User, string PasswordHash);

/// <summary>Local accounts. Emails compare case-insensitively.</summary>
public interface IUserStore
{
    Task<int> CountAsync(CancellationToken ct);

    Task<IReadOnlyList<AdminUser>> ListAsync(CancellationToken ct);

    Task<StoredAdminUser?> FindByEmailAsync(string email, CancellationToken ct);

    Task<StoredAdminUser?> FindByIdAsync(string id, CancellationToken ct);

    /// <summary>Adds the user; false when the email is taken.</summary>
    Task<bool> AddAsync(AdminUser user, string passwordHash, CancellationToken ct);

    /// <summary>Adds the user only when there is no user at all (atomically, across processes); false otherwise.</summary>
    Task<bool> AddFirstAsync(AdminUser user, string passwordHash, CancellationToken ct);

    /// <summary>Sets the password hash and the must-change flag, and clears failures and any lockout. False when there is no such user.</summary>
    Task<bool> UpdatePasswordAsync(string id, string passwordHash, bool mustChangePassword, CancellationToken ct);

    /// <summary>
    /// Counts one failed sign-in; the one that reaches <paramref name="maxFailedAttempts"/> locks the account until
    /// <paramref name="lockUntil"/> and starts the count again.
    /// </summary>
    Task RecordFailureAsync(string id, int maxFailedAttempts, DateTimeOffset lockUntil, CancellationToken ct);

    Task ResetFailuresAsync(string id, CancellationToken ct);
}

/// <summary>
/// Password hashes as <c>v1$iterations$salt$hash</c> (PBKDF2-HMAC-SHA256, 16-byte salt, 32-byte hash, base64), shared by the
/// web app and the CLI (which has no ASP.NET Core framework, hence not Identity's PasswordHasher). The iteration count is
/// stored, so it can be raised later without invalidating older hashes.
/// </summary>
public static class AdminPasswords
{
    public const int Iterations = 600_000;
    public const int MinimumLength = 12;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string UrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    // Verified against when the email is unknown, so an unknown and a known address take the same time.
    private static readonly Lazy<string> Dummy = new(() => Hash(NewOneTimePassword()));

    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"v1${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        var parts = (stored ?? "").Split('$');
        if (parts.Length != 4 || parts[0] != "v1" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1) return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (expected.Length == 0) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the time of one verification (for an unknown email).</summary>
    public static void VerifyDummy(string password) => _ = Verify(password, Dummy.Value);

    /// <summary>20 random URL-safe characters (120 bits).</summary>
    public static string NewOneTimePassword() => RandomNumberGenerator.GetString(UrlSafe, 20);
}
