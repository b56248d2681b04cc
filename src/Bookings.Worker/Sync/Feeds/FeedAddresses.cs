using System.Net;
using System.Net.Sockets;

namespace Bookings.Worker.Sync.Feeds;

/// <summary>
/// Which IP addresses a feed may not be fetched from unless Sync:Feeds:AllowPrivateAddresses is on (SSRF):
/// loopback, unspecified, private (RFC 1918, IPv6 ULA and the old site-local), link-local (cloud metadata at
/// 169.254.169.254), CGNAT (100.64.0.0/10), benchmarking, IETF protocol assignments, multicast, reserved and
/// broadcast; an IPv4 address embedded in IPv6 (mapped, compatible, NAT64, 6to4) is judged as the IPv4 address.
/// </summary>
public static class FeedAddresses
{
    /// <summary>
    /// Why a feed address is refused, as far as it can be told without the network (null: not refused so far). The same
    /// rules hold when the address is saved (admin app, CLI import) and before every fetch: a complete http, https or webcal
    /// address; no user name or password in it; and, unless <paramref name="allowPrivateAddresses"/>, no host that is a
    /// forbidden IP literal (<see cref="IsPrivateOrSpecial"/>) or a name that only ever means this machine or a local network
    /// (localhost, *.localhost, *.local, *.internal, *.home.arpa). Any other host name is judged by the addresses it resolves
    /// to, when connecting (<see cref="SafeFeedHttp"/>): DNS cannot be asked at save time, and its answer may change.
    /// </summary>
    /// <returns>One of the <see cref="FeedFailures"/> address refusals, or null.</returns>
    public static string? Problem(string? feedUrl, bool allowPrivateAddresses)
    {
        var (uri, failure) = Normalize(feedUrl);
        if (uri is null) return failure;
        if (TargetProblem(uri, address => allowPrivateAddresses || !IsPrivateOrSpecial(address)) is { } problem) return problem;
        return !allowPrivateAddresses && IsLocalName(uri.IdnHost) ? FeedFailures.AddressNotAllowed : null;
    }

    /// <summary>The feed URL as an absolute http(s) URI (webcal → https), or the refusal.</summary>
    internal static (Uri? Uri, string? Failure) Normalize(string? feedUrl)
    {
        if (string.IsNullOrWhiteSpace(feedUrl) || !Uri.TryCreate(feedUrl.Trim(), UriKind.Absolute, out var uri))
            return (null, FeedFailures.InvalidUrl);
        // On Unix "/path" parses as an absolute file: URI; it is a relative (invalid) feed URL.
        if (uri.IsFile && !feedUrl.TrimStart().StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return (null, FeedFailures.InvalidUrl);
        if (uri.Scheme.Equals("webcal", StringComparison.OrdinalIgnoreCase) || uri.Scheme.Equals("webcals", StringComparison.OrdinalIgnoreCase))
        {
            var builder = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttps, Port = uri.IsDefaultPort ? -1 : uri.Port };
            uri = builder.Uri;
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return (null, FeedFailures.SchemeNotAllowed);
        if (string.IsNullOrEmpty(uri.Host)) return (null, FeedFailures.InvalidUrl);
        return (uri, null);
    }

    /// <summary>The refusal of a target (the feed, or a redirect) before any connection: its scheme, credentials in it, or a forbidden IP literal as host.</summary>
    internal static string? TargetProblem(Uri uri, Func<IPAddress, bool> isAllowed)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)) return FeedFailures.SchemeNotAllowed;
        if (!string.IsNullOrEmpty(uri.UserInfo)) return FeedFailures.CredentialsNotAllowed;
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) && !isAllowed(literal)) return FeedFailures.AddressNotAllowed;
        return null; // a host name is checked on the addresses it resolves to, when connecting
    }

    // Names reserved for this machine or a local network, whatever a resolver answers for them: RFC 6761 (localhost), RFC 6762
    // (.local, multicast DNS), RFC 8375 (home.arpa) and ICANN's private-use .internal.
    private static bool IsLocalName(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal) || name.EndsWith(".local", StringComparison.Ordinal)
            || name.EndsWith(".internal", StringComparison.Ordinal) || name == "home.arpa" || name.EndsWith(".home.arpa", StringComparison.Ordinal);
    }

    /// <summary>True for an address that is not a public unicast address.</summary>
    public static bool IsPrivateOrSpecial(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork) return IsPrivateOrSpecialV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return true;

        if (address.IsIPv4MappedToIPv6) return IsPrivateOrSpecialV4(address.MapToIPv4().GetAddressBytes());
        var b = address.GetAddressBytes();
        if (IPAddress.IPv6Any.Equals(address) || IPAddress.IPv6Loopback.Equals(address)) return true;
        if (b[0] == 0xff) return true;                                   // ff00::/8 multicast
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;          // fe80::/10 link-local
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return true;          // fec0::/10 site-local (deprecated)
        if ((b[0] & 0xfe) == 0xfc) return true;                          // fc00::/7 unique local
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return true; // 2001:db8::/32 documentation
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) return true;  // ::/96 IPv4-compatible (deprecated), ::, ::1
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            return IsPrivateOrSpecialV4(b[12..16]);                      // 64:ff9b::/96 NAT64
        if (b[0] == 0x20 && b[1] == 0x02) return IsPrivateOrSpecialV4(b[2..6]); // 2002::/16 6to4
        return false;
    }

    private static bool IsPrivateOrSpecialV4(byte[] b) => b[0] switch
    {
        0 => true,                                          // 0.0.0.0/8 "this network", unspecified
        10 => true,                                         // 10.0.0.0/8 private
        100 => (b[1] & 0xc0) == 64,                         // 100.64.0.0/10 CGNAT
        127 => true,                                        // 127.0.0.0/8 loopback
        169 => b[1] == 254,                                 // 169.254.0.0/16 link-local, cloud metadata
        172 => (b[1] & 0xf0) == 16,                         // 172.16.0.0/12 private
        192 => (b[1] == 168)                                // 192.168.0.0/16 private
            || (b[1] == 0 && b[2] == 0)                     // 192.0.0.0/24 IETF protocol assignments
            || (b[1] == 0 && b[2] == 2),                    // 192.0.2.0/24 documentation
        198 => (b[1] & 0xfe) == 18                          // 198.18.0.0/15 benchmarking
            || (b[1] == 51 && b[2] == 100),                 // 198.51.100.0/24 documentation
        203 => b[1] == 0 && b[2] == 113,                    // 203.0.113.0/24 documentation
        >= 224 => true,                                     // 224.0.0.0/4 multicast, 240.0.0.0/4 reserved, broadcast
        _ => false,
    };
}
