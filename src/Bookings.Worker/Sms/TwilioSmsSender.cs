using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bookings.Worker.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Bookings.Worker.Sms;

/// <summary>
/// Sends SMS through Twilio's REST API (or a Twilio-compatible one at Sms:BaseUrl):
/// <c>POST {BaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>, form-encoded To, From (or MessagingServiceSid)
/// and Body, HTTP Basic auth AccountSid:AuthToken.
/// <list type="bullet">
/// <item>Retried (Polly v8, up to Sms:RetryAttempts) only when the message surely was not accepted: 429 (after its
/// Retry-After, or exponential backoff from 1 s; a Retry-After over <see cref="MaxRetryAfter"/> is not waited for) and a
/// connection that failed before the request was sent (DNS, connect, TLS).</item>
/// <item>Not retried here: 5xx, a connection lost after sending, an attempt over Sms:Timeout: the provider may have
/// accepted the message, and a retry could send it twice. The outbox tries again later (at least once).</item>
/// <item>4xx: <see cref="SmsProviderException"/> with the status and Twilio's numeric <c>code</c> (21211, 21610, …).</item>
/// </list>
/// Logs and exception messages never hold the number or the text.
/// </summary>
public sealed partial class TwilioSmsSender : ISmsSender, IDisposable
{
    /// <summary>A Retry-After longer than this is not waited for: the send fails as throttled and the outbox tries later.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>First backoff delay of a 429 without Retry-After or of a failed connection (doubled per retry, with jitter).</summary>
    public static readonly TimeSpan BaseDelay = RetryAfterRetry.BaseDelay;

    public static readonly TimeSpan MaxBackoff = RetryAfterRetry.MaxBackoff;

    private readonly SmsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TwilioSmsSender> _logger;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<Attempt> _pipeline;

    /// <summary>What one attempt answered: status, Retry-After and the (small, JSON) body.</summary>
    private sealed record Attempt(HttpStatusCode Status, RetryConditionHeaderValue? RetryAfter, string Body);

    public TwilioSmsSender(IOptions<SmsOptions> options, TimeProvider time, ILogger<TwilioSmsSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = _options.Timeout,
        })
        { Timeout = System.Threading.Timeout.InfiniteTimeSpan }; // the per-attempt timeout is the pipeline's
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Bookings-Sms/1.0");
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        _pipeline = BuildPipeline();
    }

    /// <summary>Raised with every retry delay chosen (Retry-After or backoff), before the wait (for tests and diagnostics).</summary>
    public event Action<TimeSpan>? RetryScheduled;

    public async Task<string> SendAsync(string to, string body, CancellationToken ct)
    {
        if (!_options.IsConfigured)
            throw new InvalidOperationException("SMS is not configured (Sms:AccountSid, Sms:AuthToken and Sms:From are empty).");
        var url = $"{_options.BaseUrl.Trim().TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(_options.AccountSid)}/Messages.json";
        var fields = new List<KeyValuePair<string, string>>
        {
            new("To", to),
            _options.FromIsMessagingService ? new("MessagingServiceSid", _options.From) : new("From", _options.From),
            new("Body", body),
        };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.AccountSid}:{_options.AuthToken}"));

        Attempt answer;
        try
        {
            answer = await _pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                return new Attempt(response.StatusCode, response.Headers.RetryAfter, text);
            }, ct).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            LogTimedOut(_logger, _options.Timeout);
            throw new TimeoutException(
                $"The SMS provider did not answer within Sms:Timeout ({_options.Timeout:c}); not retried at once, as it may have accepted the message.", e);
        }

        if (answer.Status is HttpStatusCode.OK or HttpStatusCode.Created)
        {
            var sid = ReadString(answer.Body, "sid") ?? "";
            LogSent(_logger, sid.Length > 0 ? sid : "(no sid)");
            return sid;
        }
        var code = ReadCode(answer.Body);
        var status = (int)answer.Status;
        var codeText = code is { } c ? $", error {c} (https://www.twilio.com/docs/errors/{c})" : "";
        LogRefused(_logger, status, code);
        throw new SmsProviderException(answer.Status, code, status switch
        {
            429 => $"The SMS provider kept throttling (HTTP 429{codeText}).",
            >= 500 => $"The SMS provider failed (HTTP {status}{codeText}); not retried at once, as it may have accepted the message.",
            _ => $"The SMS provider refused the message (HTTP {status}{codeText}).",
        });
    }

    private ResiliencePipeline<Attempt> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<Attempt> { TimeProvider = _time };
        if (_options.RetryAttempts > 0)
        {
            builder.AddRetry(RetryAfterRetry.Options<Attempt>(_options.RetryAttempts, _time, r => r.RetryAfter, ShouldRetry, args =>
            {
                RetryScheduled?.Invoke(args.RetryDelay);
                LogRetrying(_logger, Describe(args.Outcome), args.AttemptNumber + 1, _options.RetryAttempts, args.RetryDelay);
            }));
        }
        builder.AddTimeout(_options.Timeout);
        return builder.Build();
    }

    /// <summary>Only what surely was not accepted: 429 (with a Retry-After we are willing to wait), or no connection at all.</summary>
    private bool ShouldRetry(Outcome<Attempt> outcome) => outcome switch
    {
        { Result: { Status: HttpStatusCode.TooManyRequests } r } => !(Bookings.Core.Time.RetryAfter.Delay(r.RetryAfter, _time.GetUtcNow()) > MaxRetryAfter),
        { Exception: HttpRequestException e } => IsBeforeSending(e),
        _ => false,
    };

    /// <summary>The request never reached the server: DNS, connect or TLS handshake failed (a lost connection after sending is not this).</summary>
    internal static bool IsBeforeSending(HttpRequestException e) =>
        e.StatusCode is null
        && e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;

    private static string Describe(Outcome<Attempt> outcome) => outcome switch
    {
        { Exception: HttpRequestException e } => $"{nameof(HttpRequestException)} ({e.HttpRequestError})",
        { Exception: { } e } => e.GetType().Name,
        { Result: { } r } => ((int)r.Status).ToString(CultureInfo.InvariantCulture),
        _ => "?",
    };

    /// <summary>Twilio's numeric error <c>code</c> from an error body (<c>{"code": 21211, "message": …}</c>); null when absent.</summary>
    internal static int? ReadCode(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("code", out var code)) return null;
            if (code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var n)) return n;
            return code.ValueKind == JsonValueKind.String && int.TryParse(code.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ReadString(string body, string property)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(property, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "SMS accepted by the provider as {MessageSid}")]
    private static partial void LogSent(ILogger logger, string messageSid);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "SMS provider answered {Outcome}; retry {Attempt} of {MaxAttempts} after {Delay}")]
    private static partial void LogRetrying(ILogger logger, string outcome, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "SMS provider answered HTTP {Status} with error code {ErrorCode}")]
    private static partial void LogRefused(ILogger logger, int status, int? errorCode);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "SMS provider did not answer within {Timeout}; not retried at once")]
    private static partial void LogTimedOut(ILogger logger, TimeSpan timeout);
}
