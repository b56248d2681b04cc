using System.ComponentModel.DataAnnotations;

namespace Bookings.Worker.Sync.Feeds;

/// <summary>Settings under "Sync:Feeds": how ICS feed URLs of staff members are fetched.</summary>
public sealed class FeedOptions
{
    public const string Section = "Sync:Feeds";

    /// <summary>
    /// Allow feeds on loopback, private (RFC 1918, IPv6 ULA), link-local, CGNAT (100.64.0.0/10), unspecified and
    /// multicast addresses (also as IPv4-mapped IPv6). Off: such a feed is refused (SSRF). On only for tests or an
    /// intranet calendar server.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Largest feed accepted, in bytes after decompression; a longer body is abandoned while reading.</summary>
    [Range(typeof(long), "1024", "268435456", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Sync:Feeds:MaxBytes must be between 1024 and 268435456.")]
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Per attempt, covering the connection, every redirect and the whole body.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Sync:Feeds:Timeout must be between 00:00:00.050 and 00:10:00.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Redirects followed per attempt, each target checked again like the feed URL itself.</summary>
    [Range(0, 20, ErrorMessage = "Sync:Feeds:MaxRedirects must be between 0 and 20.")]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Retries after the first attempt (on 408, 429, 5xx, no connection, timeout).</summary>
    [Range(0, 10, ErrorMessage = "Sync:Feeds:RetryAttempts must be between 0 and 10.")]
    public int RetryAttempts { get; set; } = 3;

    /// <summary>How long an open circuit (a feed that kept failing) answers "circuit open" without a request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Sync:Feeds:BreakDuration must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed attempts in a row (within 10 minutes) that open the circuit of a feed.</summary>
    [Range(2, 100, ErrorMessage = "Sync:Feeds:BreakAfterFailures must be between 2 and 100.")]
    public int BreakAfterFailures { get; set; } = 8;
}
