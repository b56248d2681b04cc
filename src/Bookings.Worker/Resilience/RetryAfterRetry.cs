using System.Net.Http.Headers;
using Polly;
using Polly.Retry;

namespace Bookings.Worker.Resilience;

/// <summary>
/// The retry the worker's outgoing clients share (ICS feeds, SMS): the server's Retry-After when it gives one, else
/// exponential backoff with jitter from <see cref="BaseDelay"/> up to <see cref="MaxBackoff"/>; what is worth a retry is the
/// caller's to say.
/// </summary>
public static class RetryAfterRetry
{
    /// <summary>The first backoff when there is no Retry-After (doubled per retry, with jitter).</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff; a Retry-After is honoured in full (callers refuse the ones too long to wait for).</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public static RetryStrategyOptions<T> Options<T>(int attempts, TimeProvider time, Func<T, RetryConditionHeaderValue?> retryAfter,
        Func<Outcome<T>, bool> shouldRetry, Action<OnRetryArguments<T>> onRetry) => new()
        {
            MaxRetryAttempts = attempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = BaseDelay,
            MaxDelay = MaxBackoff,
            ShouldHandle = args => ValueTask.FromResult(shouldRetry(args.Outcome)),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is { } r ? Core.Time.RetryAfter.Delay(retryAfter(r), time.GetUtcNow()) : null),
            OnRetry = args =>
            {
                onRetry(args);
                return default;
            },
        };
}
