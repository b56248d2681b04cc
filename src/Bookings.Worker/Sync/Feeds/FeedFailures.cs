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
    // The address-safety refusals (SyncFailureKind.NotAllowed): each is the reason an admin reads after "this address is not
    // allowed: " (SyncDiagnosis.NotAllowedFeed), so it names no part of the address.
    public const string InvalidUrl = "it is not a complete web address";
    public const string SchemeNotAllowed = "only http, https and webcal addresses are read";
    public const string AddressNotAllowed = "it leads to a local or private network (loopback, private and link-local addresses are never read)";
    public const string CredentialsNotAllowed = "it holds a user name or password (publish the calendar and paste its secret link instead)";

    /// <summary>The refusals by address (permanent until the address changes), as against a feed that failed to answer.</summary>
    public static bool IsAddressRefusal(string detail) => detail is InvalidUrl or SchemeNotAllowed or AddressNotAllowed or CredentialsNotAllowed;

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
