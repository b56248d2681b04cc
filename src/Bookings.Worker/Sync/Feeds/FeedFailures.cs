namespace Bookings.Worker.Sync.Feeds;

/// <summary>
/// The <see cref="Bookings.Core.Sync.SyncFailure.Detail"/> texts of an ICS feed failure (never the URL: a Google
/// secret address is a credential). HTTP statuses are reported as "HTTP {code}".
/// </summary>
public static class FeedFailures
{
    public const string Malformed = "malformed feed";
    public const string UnknownTimeZone = "malformed feed: unknown time zone";
    public const string TooManyOccurrences = "malformed feed: too many occurrences";
    public const string UnknownStaffTimeZone = "unknown staff time zone";
    public const string InvalidUrl = "invalid feed url";
    public const string SchemeNotAllowed = "scheme not allowed";
    public const string AddressNotAllowed = "address not allowed";
    public const string TooLarge = "feed too large";
    public const string TooManyRedirects = "too many redirects";
    public const string Timeout = "timeout";
    public const string CircuitOpen = "circuit open";
    public const string Throttled = "throttled (HTTP 429)";
    public const string ConnectionFailed = "connection failed";
    public const string FetchFailed = "fetch failed";
}

/// <summary>A fetch refused by policy (address, scheme, size, redirects): not retried, not counted by the circuit breaker.</summary>
internal sealed class FeedRefusedException(string detail) : Exception(detail)
{
    public string Detail { get; } = detail;

    /// <summary>The refusal in <paramref name="e"/> or its inner exceptions (SocketsHttpHandler wraps ConnectCallback's).</summary>
    public static FeedRefusedException? Find(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is FeedRefusedException refused) return refused;
        return null;
    }
}
