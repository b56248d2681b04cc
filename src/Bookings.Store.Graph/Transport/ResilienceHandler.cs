using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Bookings.Store.Graph.Transport;

/// <summary>
/// The one retry layer of the Graph transport (no Graph SDK RetryHandler beside it): a Polly v8
/// <see cref="ResiliencePipeline{T}"/> of a retry around a per-attempt timeout, both on the injected
/// <see cref="TimeProvider"/>.
/// <list type="bullet">
/// <item>Retried, up to Graph:MaxRetries times: 429, 503, 504, <see cref="HttpRequestException"/> and an
/// attempt that exceeded Graph:Timeout. Every other status (400, 404, 409, 412, 413…) is returned at once.</item>
/// <item>The delay is the response's Retry-After (delta seconds or HTTP date) when it has one, else
/// exponential backoff with jitter from <see cref="BaseDelay"/>, at most <see cref="MaxBackoff"/>.</item>
/// <item>POST is retried like every other method: the store makes its creating POSTs idempotent (events
/// carry a Graph <c>transactionId</c>, the idempotency key) and reads back before it trusts a write, so a
/// replay after a lost answer does not create a duplicate. A request marked <see cref="NotIdempotent"/>
/// (sendMail) is retried on 429 only.</item>
/// <item>Request content is buffered before the first attempt so that every attempt sends the same bytes;
/// the response body is read within the attempt, so the timeout covers it.</item>
/// <item>When the retries are spent the last response is returned (its status tells the caller what
/// happened); when the last attempt timed out a <see cref="GraphTimeoutException"/> is thrown, and when it
/// could not connect the last <see cref="HttpRequestException"/>.</item>
/// </list>
/// </summary>
public sealed class ResilienceHandler : DelegatingHandler
{
    /// <summary>First backoff delay when Graph gives no Retry-After (doubled per retry, with jitter).</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>Longest backoff delay when Graph gives no Retry-After.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Bookings.Graph.Request");
    private static readonly ResiliencePropertyKey<string> MailboxKey = new("Bookings.Graph.MailboxHash");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _basePath;
    private readonly int _maxRetries;
    private readonly TimeSpan _timeout;

    public ResilienceHandler(GraphOptions options, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _basePath = options.BaseAddress.AbsolutePath;
        _maxRetries = options.MaxRetries;
        _timeout = options.Timeout;
        _pipeline = BuildPipeline();
    }

    /// <summary>The pipeline: retry (outer) around the per-attempt timeout (inner).</summary>
    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        if (_maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = BaseDelay,
                MaxDelay = MaxBackoff, // caps the backoff only; a longer Retry-After is still honoured
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Context.Properties.GetValue(RequestKey, null!) is { } request && IsNotIdempotent(request)
                        ? args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests
                        : ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response ? RetryAfter(response, _time.GetUtcNow()) : null),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    GraphTransportLog.Retrying(_logger, request?.Method.Method ?? "?", args.Context.Properties.GetValue(MailboxKey, "-"),
                        Describe(args.Outcome), args.AttemptNumber + 1, _maxRetries, args.RetryDelay);
                    return default;
                },
            });
        }
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = _timeout });
        return builder.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Every attempt must send the same bytes: buffer once (Graph refuses writes over 4 MB anyway).
        if (request.Content is { } content) await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);

        var mailboxHash = GraphTransportLog.MailboxHash(GraphMailbox.Of(request.RequestUri, _basePath));
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        context.Properties.Set(MailboxKey, mailboxHash);
        var attempts = 0;
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(async (ctx, state) =>
            {
                Interlocked.Increment(ref attempts);
                try
                {
                    var response = await state.Handler.SendInnerAsync(state.Request, ctx.CancellationToken).ConfigureAwait(ctx.ContinueOnCapturedContext);
                    // Read the body inside the attempt, so its timeout covers a body that never ends too
                    // (a failed read surfaces as HttpRequestException and is retried).
                    try { await response.Content.LoadIntoBufferAsync(ctx.CancellationToken).ConfigureAwait(ctx.ContinueOnCapturedContext); }
                    catch
                    {
                        response.Dispose();
                        throw;
                    }
                    return Outcome.FromResult(response);
                }
                catch (Exception e)
                {
                    return Outcome.FromException<HttpResponseMessage>(e);
                }
            }, context, (Handler: this, Request: request)).ConfigureAwait(false);

            if (ShouldRetry(outcome) && !cancellationToken.IsCancellationRequested)
                GraphTransportLog.GaveUp(_logger, request.Method.Method, mailboxHash, attempts, Describe(outcome));
            if (outcome.Exception is TimeoutRejectedException timeout)
                throw new GraphTimeoutException(
                    $"Microsoft Graph did not answer {request.Method.Method} within Graph:Timeout ({_timeout:c}) on {attempts} attempt(s).", timeout);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Marks a request that must not be replayed after an answer that may have been lost (sendMail has no idempotency
    /// key): it is retried only on 429, which Graph answers before doing anything. A timeout, 503 or 504 goes back to the
    /// caller (the outbox retries later), so a lost answer costs no duplicate here.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> NotIdempotent = new("Bookings.Graph.NotIdempotent");

    private static bool IsNotIdempotent(HttpRequestMessage request) => request.Options.TryGetValue(NotIdempotent, out var value) && value;

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    /// <summary>Transient for Graph: throttled, unavailable, gateway timeout, no connection, attempt timed out.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Exception: not null } => false,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        _ => false,
    };

    /// <summary>The wait a response's Retry-After asks for; null without one.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) =>
        Bookings.Core.Time.RetryAfter.Delay(response.Headers.RetryAfter, now);

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "timeout",
        { Exception: { } e } => e.GetType().Name,
        { Result: { } r } => ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "?",
    };
}

/// <summary>Graph did not answer within Graph:Timeout on the last attempt (after the retries).</summary>
public sealed class GraphTimeoutException(string message, Exception? inner = null) : HttpRequestException(message, inner);
