using System.Security.Cryptography;
using System.Text;

namespace Bookings.Core.Booking;

/// <summary>Manage-link tokens: 256 random bits, base64url in the link, only a SHA-256 hash stored.</summary>
public static class ManageTokens
{
    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Cheap shape check before a store lookup; anything else is the same not-found.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(12));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
