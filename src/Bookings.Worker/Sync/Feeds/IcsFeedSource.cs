using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Bookings.Core.Sync;
using Bookings.Worker.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Bookings.Worker.Sync.Feeds;

/// <summary>
/// Reads a staff member's busy time from an ICS feed URL (a published Outlook calendar, a Google secret address).
/// <list type="bullet">
/// <item>Fetched through <see cref="SafeFeedHttp"/> (SSRF-safe: http(s) only, no private addresses unless
/// Sync:Feeds:AllowPrivateAddresses, every redirect checked, Sync:Feeds:MaxBytes).</item>
/// <item>One Polly v8 pipeline per feed (keyed by a hash of its URL, so one broken secret address on a shared host
/// such as calendar.google.com does not open the circuit of every other feed there): retry (outer) → circuit
/// breaker → timeout per attempt (inner), all on the injected <see cref="TimeProvider"/>.</item>
/// <item>Retried, up to Sync:Feeds:RetryAttempts: 408, 429, 5xx, no connection, an attempt over Sync:Feeds:Timeout.
/// The delay is Retry-After (delta or date) when given, else exponential backoff with jitter from 1 s, at most 30 s.
/// A Retry-After longer than <see cref="MaxRetryAfter"/> is not waited for.</item>
/// <item>The circuit of a feed opens after Sync:Feeds:BreakAfterFailures failed attempts in a row (within 10 minutes)
/// and then answers "circuit open" without a request for Sync:Feeds:BreakDuration.</item>
/// <item>401/403 → PermissionDenied, 404/410 → NotFound, an address the safety rules refuse (<see cref="FeedFailures.IsAddressRefusal"/>,
/// before the request, at a redirect or when its name resolves to a private address) → NotAllowed, everything else Unknown with a
/// detail from <see cref="FeedFailures"/> or "HTTP {status}".</item>
/// <item>Logs name the feed by scheme and host only: the rest of the URL can be a credential.</item>
/// </list>
/// </summary>
public sealed partial class IcsFeedSource : IDisposable
{
    /// <summary>A Retry-After longer than this is not waited for: the read fails as throttled and the next sync tries again.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    /// <summary>First backoff delay without Retry-After (doubled per retry, with jitter).</summary>
    public static readonly TimeSpan BaseDelay = RetryAfterRetry.BaseDelay;

    /// <summary>Longest backoff delay without Retry-After.</summary>
    public static readonly TimeSpan MaxBackoff = RetryAfterRetry.MaxBackoff;

    /// <summary>The window in which Sync:Feeds:BreakAfterFailures failed attempts open the circuit.</summary>
    public static readonly TimeSpan BreakSamplingDuration = TimeSpan.FromMinutes(10);

    private static readonly ResiliencePropertyKey<string> HostKey = new("Bookings.Feeds.Host");

    private readonly FeedOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SafeFeedHttp _http;
    private readonly ConcurrentDictionary<string, Lazy<ResiliencePipeline<FeedResponse>>> _pipelines = new(StringComparer.Ordinal);

    public IcsFeedSource(IOptions<FeedOptions> options, TimeProvider time, ILogger<IcsFeedSource> logger)
        : this(options?.Value!, time, logger)
    {
    }

    /// <param name="options">The settings, already validated.</param>
    /// <param name="time">The clock of the retry waits, the timeouts and the circuit breaker.</param>
    /// <param name="logger">Where failures, retries and circuit changes are logged.</param>
    /// <param name="treatAsPublicForTests">
    /// Tests only (the SSRF redirect tests need a "public" server, and all they have is loopback): an address and
    /// port that pass the address check although they are private. Null in production.
    /// </param>
    public IcsFeedSource(FeedOptions options, TimeProvider time, ILogger logger, Func<IPAddress, int, bool>? treatAsPublicForTests = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _time = time;
        _logger = logger;
        _http = new SafeFeedHttp(options, treatAsPublicForTests);
    }

    /// <summary>Raised with every retry delay chosen (Retry-After or backoff), before the wait.</summary>
    public event Action<TimeSpan>? RetryScheduled;

    /// <summary>
    /// The busy blocks of the feed within [<paramref name="from"/>, <paramref name="to"/>), all-day and floating
    /// times read in <paramref name="timeZoneId"/> (the staff member's IANA zone), or a failure. Throws only
    /// <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled.
    /// </summary>
    public async Task<FreeBusyResult> ReadAsync(string feedUrl, string timeZoneId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var (uri, invalid) = SafeFeedHttp.NormalizeUrl(feedUrl);
        if (uri is null) return Fail(SyncFailureKind.NotAllowed, invalid!, "-");
        var host = uri.Scheme + "://" + uri.Host;
        if (_http.CheckTarget(uri) is { } refused) return Fail(SyncFailureKind.NotAllowed, refused, host);

        var pipeline = _pipelines.GetOrAdd(KeyOf(uri), _ => new Lazy<ResiliencePipeline<FeedResponse>>(BuildPipeline)).Value;
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(HostKey, host);
        Outcome<FeedResponse> outcome;
        try
        {
            outcome = await pipeline.ExecuteOutcomeAsync(static async (ctx, state) =>
            {
                try
                {
                    return Outcome.FromResult(await state.Http.FetchAsync(state.Uri, ctx.CancellationToken).ConfigureAwait(false));
                }
                catch (Exception e)
                {
                    return Outcome.FromException<FeedResponse>(e);
                }
            }, context, (Http: _http, Uri: uri)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Exception is { } exception)
        {
            if (exception is OperationCanceledException && ct.IsCancellationRequested) throw new OperationCanceledException(ct);
            return exception switch
            {
                TimeoutRejectedException => Fail(SyncFailureKind.Unknown, FeedFailures.Timeout, host),
                BrokenCircuitException => Fail(SyncFailureKind.Unknown, FeedFailures.CircuitOpen, host),
                _ when FeedRefusedException.Find(exception) is { } refusal =>
                    Fail(FeedFailures.IsAddressRefusal(refusal.Detail) ? SyncFailureKind.NotAllowed : SyncFailureKind.Unknown, refusal.Detail, host),
                HttpRequestException => Fail(SyncFailureKind.Unknown, FeedFailures.ConnectionFailed, host),
                _ => Fail(SyncFailureKind.Unknown, FeedFailures.FetchFailed, host, exception),
            };
        }

        var response = outcome.Result!;
        var code = (int)response.Status;
        if (response.Body is { } body)
        {
            var result = IcsBusyParser.Parse(body, timeZoneId, from, to, IcsBusyParser.DefaultMaxOccurrences, ct);
            if (result.Failure is { } failure) LogFailed(_logger, host, failure.Kind, failure.Detail);
            return result;
        }
        return response.Status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => Fail(SyncFailureKind.PermissionDenied, $"HTTP {code}", host),
            HttpStatusCode.NotFound or HttpStatusCode.Gone => Fail(SyncFailureKind.NotFound, $"HTTP {code}", host),
            HttpStatusCode.TooManyRequests => Fail(SyncFailureKind.Unknown, FeedFailures.Throttled, host),
            _ => Fail(SyncFailureKind.Unknown, $"HTTP {code}", host),
        };
    }

    private FreeBusyResult Fail(SyncFailureKind kind, string detail, string host, Exception? exception = null)
    {
        if (exception is null) LogFailed(_logger, host, kind, detail);
        else LogFailedWithException(_logger, host, kind, detail, exception);
        return FreeBusyResult.Failed(kind, detail);
    }

    /// <summary>The pipeline key of a feed: a hash, so the registry holds no secret address.</summary>
    private static string KeyOf(Uri uri) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(uri.AbsoluteUri)));

    private ResiliencePipeline<FeedResponse> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<FeedResponse> { TimeProvider = _time };
        if (_options.RetryAttempts > 0)
        {
            builder.AddRetry(RetryAfterRetry.Options<FeedResponse>(_options.RetryAttempts, _time, r => r.RetryAfter,
                outcome => IsTransient(outcome)
                    && !(outcome.Result is { } r && Bookings.Core.Time.RetryAfter.Delay(r.RetryAfter, _time.GetUtcNow()) > MaxRetryAfter),
                args =>
                {
                    RetryScheduled?.Invoke(args.RetryDelay);
                    LogRetrying(_logger, args.Context.Properties.GetValue(HostKey, "-"), Describe(args.Outcome),
                        args.AttemptNumber + 1, _options.RetryAttempts, args.RetryDelay);
                }));
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<FeedResponse>
        {
            FailureRatio = 1.0,
            MinimumThroughput = _options.BreakAfterFailures,
            SamplingDuration = BreakSamplingDuration,
            BreakDuration = _options.BreakDuration,
            ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
            OnOpened = args =>
            {
                LogCircuitOpened(_logger, args.Context.Properties.GetValue(HostKey, "-"), args.BreakDuration, Describe(args.Outcome));
                return default;
            },
            OnClosed = args =>
            {
                LogCircuitClosed(_logger, args.Context.Properties.GetValue(HostKey, "-"));
                return default;
            },
        });
        builder.AddTimeout(_options.Timeout);
        return builder.Build();
    }

    /// <summary>Worth another attempt: 408, 429, 5xx, no connection, attempt timed out. Refusals by policy are not.</summary>
    internal static bool IsTransient(Outcome<FeedResponse> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => true,
        { Exception: { } e } when FeedRefusedException.Find(e) is not null => false,
        { Exception: HttpRequestException } => true,
        { Exception: not null } => false,
        { Result: { } r } => r.Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.Status >= 500,
        _ => false,
    };

    private static string Describe(Outcome<FeedResponse> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "timeout",
        { Exception: { } e } => e.GetType().Name,
        { Result: { } r } => ((int)r.Status).ToString(CultureInfo.InvariantCulture),
        _ => "?",
    };

    public void Dispose() => _http.Dispose();

    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning, Message = "Feed on {FeedHost} answered {Outcome}; retry {Attempt} of {MaxAttempts} after {Delay}")]
    private static partial void LogRetrying(ILogger logger, string feedHost, string outcome, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Feed on {FeedHost} could not be read: {Kind} ({Detail})")]
    private static partial void LogFailed(ILogger logger, string feedHost, SyncFailureKind kind, string detail);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Feed on {FeedHost} could not be read: {Kind} ({Detail})")]
    private static partial void LogFailedWithException(ILogger logger, string feedHost, SyncFailureKind kind, string detail, Exception exception);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Circuit of a feed on {FeedHost} opened for {BreakDuration} after {Outcome}")]
    private static partial void LogCircuitOpened(ILogger logger, string feedHost, TimeSpan breakDuration, string outcome);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "Circuit of a feed on {FeedHost} closed")]
    private static partial void LogCircuitClosed(ILogger logger, string feedHost);
}
