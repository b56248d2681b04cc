using System.Net.Http.Headers;

namespace Bookings.Core.Time;

/// <summary>The wait a Retry-After header asks for, for every outgoing client (Graph, ICS feeds, SMS): one reading of it.</summary>
public static class RetryAfter
{
    /// <summary>Delta seconds, or an HTTP date relative to <paramref name="now"/> (never negative); null without a header.</summary>
    public static TimeSpan? Delay(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date - now < TimeSpan.Zero ? TimeSpan.Zero : date - now,
        _ => null,
    };
}
