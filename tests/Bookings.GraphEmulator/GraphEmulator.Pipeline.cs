using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bookings.GraphEmulation.OData;
using Bookings.GraphEmulation.State;
using Microsoft.AspNetCore.Http;

namespace Bookings.GraphEmulation;

/// <summary>
/// A canned answer taken instead of the real one (<see cref="GraphEmulator.Fail"/>): a status (429, 503, 504…) with an
/// optional Retry-After, an optional delay first (status 0: only the delay, then the real answer); <paramref name="Method"/>
/// limits it to one HTTP method; <paramref name="AfterProcessing"/>: the request is carried out and only its answer is lost
/// (the status is answered after the write, or the connection is dropped when <paramref name="DropConnection"/>).
/// </summary>
public sealed record Fault(int Status, TimeSpan? RetryAfter = null, TimeSpan? Delay = null, string? Method = null,
    bool AfterProcessing = false, bool DropConnection = false)
{
    public static Fault Throttled(TimeSpan retryAfter) => new(429, retryAfter);
    public static Fault Unavailable(TimeSpan? retryAfter = null) => new(503, retryAfter);
    public static Fault GatewayTimeout() => new(504);
    /// <summary>Waits first, then answers normally; a delay past the client's timeout is a timeout.</summary>
    public static Fault Slow(TimeSpan delay) => new(0, Delay: delay);
    /// <summary>Carried out, then answered with <paramref name="status"/> (the answer is lost).</summary>
    public static Fault Lost(int status = 504) => new(status, AfterProcessing: true);
    /// <summary>Carried out, then the connection is dropped without an answer.</summary>
    public static Fault Dropped() => new(0, AfterProcessing: true, DropConnection: true);
    /// <summary>The connection is dropped before anything is carried out.</summary>
    public static Fault Reset() => new(0, DropConnection: true);
}

/// <summary>One request as the emulator saw it: for debugging and for assertions on what a client sent.</summary>
public sealed record LoggedRequest(string Method, string PathAndQuery, int Status, string Mailbox, string Kind,
    string? IfMatch, string? Prefer, DateTimeOffset At);

public sealed partial class GraphEmulator
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _perMailbox = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _perKind = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _maxInFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<LoggedRequest> _log = new();
    private int _throttled;

    /// <summary>Queues canned answers for the next requests of a kind (<see cref="Kinds"/>), taken in order.</summary>
    public void Fail(string kind, params Fault[] faults)
    {
        var queue = _faults.GetOrAdd(kind, _ => new ConcurrentQueue<Fault>());
        foreach (var fault in faults) queue.Enqueue(fault);
    }

    /// <summary>Requests addressed to a mailbox (by address as the client wrote it, lower-cased; "solutions" for Bookings).</summary>
    public int RequestsFor(string mailbox) => _perMailbox.GetValueOrDefault(mailbox);
    /// <summary>Requests of a kind, any method.</summary>
    public int RequestsOfKind(string kind) => _perKind.GetValueOrDefault(kind);
    /// <summary>Requests of a kind with one method, e.g. <c>RequestsOf("PATCH", Kinds.Events)</c>.</summary>
    public int RequestsOf(string method, string kind) => _perKind.GetValueOrDefault($"{method.ToUpperInvariant()} {kind}");
    public int TotalRequests => _log.Count;
    public int MaxInFlightFor(string mailbox) => _maxInFlight.GetValueOrDefault(mailbox);
    /// <summary>Requests answered 429 by the emulator's own throttling (not by <see cref="Fail"/>).</summary>
    public int ThrottledRequests => _throttled;
    public IReadOnlyList<LoggedRequest> RequestLog => [.. _log];

    /// <summary>Clears request counters, the request log, meeting-mail and sendMail records and getSchedule requests.</summary>
    public void ResetCounters()
    {
        _perMailbox.Clear();
        _perKind.Clear();
        _maxInFlight.Clear();
        _log.Clear();
        Interlocked.Exchange(ref _throttled, 0);
        lock (_lock)
        {
            _meetingMail.Clear();
            _scheduleRequests.Clear();
            foreach (var m in _mailboxes.Values) m.Sent.Clear();
        }
    }

    internal sealed class Call
    {
        public required string Method { get; init; }
        public required string[] Segments { get; init; }
        public required string Path { get; init; }
        public required IReadOnlyDictionary<string, string> Query { get; init; }
        public required IReadOnlyDictionary<string, string> Headers { get; init; }
        public required JsonNode? Body { get; init; }
        public required Principal Principal { get; init; }
        public Dictionary<string, string> ResponseHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);
        private QueryOptions? _options;
        public QueryOptions Options => _options ??= QueryOptions.Parse(Query);
        public JsonObject BodyObject => Body as JsonObject ?? throw new GraphError(400, "BadRequest", "Empty Payload. JSON content expected.");
        public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

        /// <summary>The preferences of the Prefer header(s): outlook.timezone, outlook.body-content-type, odata.maxpagesize.</summary>
        public string? Prefer(string name)
        {
            if (Header("Prefer") is not { } prefer) return null;
            foreach (var part in SplitPreferences(prefer))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                var key = (eq < 0 ? part : part[..eq]).Trim();
                if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return eq < 0 ? "" : part[(eq + 1)..].Trim().Trim('"');
            }
            return null;
        }

        public void Applied(string preference)
        {
            ResponseHeaders["Preference-Applied"] = ResponseHeaders.TryGetValue("Preference-Applied", out var existing) ? $"{existing}, {preference}" : preference;
        }

        private static IEnumerable<string> SplitPreferences(string header)
        {
            var quoted = false;
            var start = 0;
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] == '"') quoted = !quoted;
                else if (header[i] == ',' && !quoted) { yield return header[start..i]; start = i + 1; }
            }
            yield return header[start..];
        }
    }

    internal sealed record Answer(int Status, JsonNode? Body = null);

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        var all = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = all.Skip(1).Select(Uri.UnescapeDataString).ToArray();
        var kind = KindOf(segments);
        var mailboxKey = (segments.Length > 1 && segments[0].Equals("users", StringComparison.OrdinalIgnoreCase) ? segments[1] : "solutions").ToLowerInvariant();
        var method = http.Request.Method.ToUpperInvariant();
        _perKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
        _perKind.AddOrUpdate($"{method} {kind}", 1, (_, n) => n + 1);
        _perMailbox.AddOrUpdate(mailboxKey, 1, (_, n) => n + 1);
        var inFlight = _inFlight.AddOrUpdate(mailboxKey, 1, (_, n) => n + 1);
        _maxInFlight.AddOrUpdate(mailboxKey, inFlight, (_, n) => Math.Max(n, inFlight));
        var options = _options;
        var responseHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Answer answer;
        var drop = false;
        try
        {
            answer = await AnswerAsync(http, all, segments, kind, mailboxKey, inFlight, options, responseHeaders, d => drop = d);
        }
        catch (GraphError e)
        {
            answer = Error(e.Status, e.Code, e.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            answer = new Answer(499);
            drop = true;
        }
        finally
        {
            _inFlight.AddOrUpdate(mailboxKey, 0, (_, n) => n - 1);
        }

        _log.Enqueue(new LoggedRequest(method, path + http.Request.QueryString.Value, drop ? 0 : answer.Status, mailboxKey, kind,
            http.Request.Headers.IfMatch.FirstOrDefault(), http.Request.Headers["Prefer"].FirstOrDefault(), _time.GetUtcNow()));
        if (drop)
        {
            http.Abort();
            return;
        }
        // RFC 9110 §6.6.1: the server's clock when it answered, here the emulator's (the clock of its createdDateTime and budgets), so a
        // client comparing its clock with Graph's (bookings graph check) sees the one the test pinned.
        responseHeaders["Date"] = _time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        await WriteAsync(http, answer, responseHeaders);
    }

    private async Task<Answer> AnswerAsync(HttpContext http, string[] all, string[] segments, string kind, string mailboxKey, int inFlight,
        GraphEmulatorOptions options, Dictionary<string, string> responseHeaders, Action<bool> drop)
    {
        var aborted = http.RequestAborted;
        // concepts/throttling-limits.md, Outlook service limits: 4 concurrent requests per app and mailbox; the refusal as
        // tenants give it (magodo/terraform-provider-outlook#21): 429 ApplicationThrottled "…MailboxConcurrency limit."
        if (options.ConcurrencyThrottling && mailboxKey != "solutions" && inFlight > options.MaxConcurrentRequestsPerMailbox)
        {
            if (options.Latency > TimeSpan.Zero) await Task.Delay(options.Latency, aborted);
            Interlocked.Increment(ref _throttled);
            responseHeaders["Retry-After"] = Seconds(options.ThrottleRetryAfter);
            return Error(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.");
        }
        if (options.Latency > TimeSpan.Zero) await Task.Delay(options.Latency, aborted);

        if (all.Length == 0 || all[0] != "v1.0")
            return Error(400, "BadRequest", $"Invalid version: {(all.Length == 0 ? "" : all[0])}");

        // Every call needs "Authorization: Bearer {token}" (every API page, Request headers).
        var principal = Authenticate(http.Request.Headers.Authorization.FirstOrDefault(), out var refusal);
        if (principal is null)
        {
            responseHeaders["WWW-Authenticate"] = "Bearer";
            return refusal!;
        }

        if (mailboxKey != "solutions" && options.RequestBudgetPer10Minutes is { } budget && OverBudget(mailboxKey, budget, options) is { } retryAfter)
        {
            Interlocked.Increment(ref _throttled);
            responseHeaders["Retry-After"] = Seconds(retryAfter);
            return Error(429, "ApplicationThrottled", "Application is over its MailboxRequests limit.");
        }

        Fault? lost = null;
        if (_faults.TryGetValue(kind, out var queue) && queue.TryPeek(out var next)
            && (next.Method is null || next.Method.Equals(http.Request.Method, StringComparison.OrdinalIgnoreCase)) && queue.TryDequeue(out var fault))
        {
            if (fault.Delay is { } delay) await Task.Delay(delay, aborted);
            if (fault.AfterProcessing) lost = fault;
            else if (fault.DropConnection) { drop(true); return new Answer(0); }
            else if (fault.Status != 0)
            {
                if (fault.RetryAfter is { } after) responseHeaders["Retry-After"] = Seconds(after);
                return Error(fault.Status, FaultCode(fault.Status), "Injected failure.");
            }
        }

        JsonNode? body = null;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            var text = await reader.ReadToEndAsync(aborted);
            if (!string.IsNullOrWhiteSpace(text))
            {
                try { body = JsonNode.Parse(text); }
                catch (JsonException) { return Error(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."); }
            }
        }
        var call = new Call
        {
            Method = http.Request.Method.ToUpperInvariant(),
            Segments = segments,
            Path = http.Request.Path.Value ?? "",
            Query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = body,
            Principal = principal,
        };
        Answer answer;
        try
        {
            lock (_lock) answer = Route(call, options);
        }
        catch (GraphError e)
        {
            answer = Error(e.Status, e.Code, e.Message);
        }
        foreach (var (k, v) in call.ResponseHeaders) responseHeaders[k] = v;
        if (lost is not null)
        {
            if (lost.DropConnection) { drop(true); return new Answer(0); }
            responseHeaders.Clear();
            return Error(lost.Status, FaultCode(lost.Status), "Injected failure after the request was carried out.");
        }
        return answer;
    }

    private Principal? Authenticate(string? authorization, out Answer? refusal)
    {
        refusal = null;
        var m = authorization is null ? null : BearerHeader().Match(authorization);
        if (m is not { Success: true })
        {
            refusal = Error(401, "InvalidAuthenticationToken", "Access token is empty.");
            return null;
        }
        if (!_tokens.TryGetValue(m.Groups["token"].Value, out var principal))
        {
            refusal = Error(401, "InvalidAuthenticationToken", "IDX14100: JWT is not well formed, there are no dots (.).");
            return null;
        }
        if (principal.Revoked)
        {
            refusal = Error(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.");
            return null;
        }
        return principal;
    }

    [GeneratedRegex(@"^\s*Bearer\s+(?<token>\S+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex BearerHeader();

    // concepts/throttling-limits.md: 10,000 API requests in a 10 minute period per app and mailbox (emulator clock).
    private TimeSpan? OverBudget(string mailboxKey, int budget, GraphEmulatorOptions options)
    {
        lock (_lock)
        {
            var mailbox = Resolve(mailboxKey);
            if (mailbox is null) return null;
            var now = _time.GetUtcNow();
            var window = TimeSpan.FromMinutes(10);
            while (mailbox.RequestTimes.Count > 0 && now - mailbox.RequestTimes.Peek() >= window) mailbox.RequestTimes.Dequeue();
            if (mailbox.RequestTimes.Count >= budget)
            {
                var wait = mailbox.RequestTimes.Peek() + window - now;
                return wait > options.ThrottleRetryAfter ? wait : options.ThrottleRetryAfter;
            }
            mailbox.RequestTimes.Enqueue(now);
            return null;
        }
    }

    private static string Seconds(TimeSpan t) => ((int)Math.Ceiling(Math.Max(0, t.TotalSeconds))).ToString(CultureInfo.InvariantCulture);

    private static string FaultCode(int status) => status switch
    {
        429 => "TooManyRequests",
        503 => "ServiceNotAvailable",
        504 => "GatewayTimeout",
        412 => "ErrorIrresolvableConflict",
        413 => "RequestEntityTooLarge",
        _ => "generalException",
    };

    private static string KindOf(string[] s)
    {
        if (s.Length >= 2 && s[0].Equals("solutions", StringComparison.OrdinalIgnoreCase)) return Kinds.BookingBusinesses;
        if (s.Length < 2 || !s[0].Equals("users", StringComparison.OrdinalIgnoreCase)) return Kinds.Other;
        if (s.Length == 2) return Kinds.Users;
        bool Has(string x) => s.Skip(2).Contains(x, StringComparer.OrdinalIgnoreCase);
        if (Has("calendarView")) return Has("delta") ? Kinds.CalendarViewDelta : Kinds.CalendarView;
        if (Has("getSchedule")) return Kinds.GetSchedule;
        if (s[2].Equals("sendMail", StringComparison.OrdinalIgnoreCase)) return Kinds.SendMail;
        if (Has("messages")) return Kinds.Messages;
        if (Has("events")) return Kinds.Events;
        if (Has("contacts")) return Kinds.Contacts;
        if (s[2].Equals("contactFolders", StringComparison.OrdinalIgnoreCase)) return Kinds.ContactFolders;
        if (s[2].Equals("mailFolders", StringComparison.OrdinalIgnoreCase)) return Kinds.MailFolders;
        if (s[2].Equals("calendar", StringComparison.OrdinalIgnoreCase)) return Kinds.Calendar;
        return Kinds.Other;
    }

    private static async Task WriteAsync(HttpContext http, Answer answer, Dictionary<string, string> headers)
    {
        var response = http.Response;
        response.StatusCode = answer.Status;
        var requestId = Guid.NewGuid().ToString();
        response.Headers["request-id"] = requestId;
        response.Headers["client-request-id"] = http.Request.Headers["client-request-id"].FirstOrDefault() ?? requestId;
        foreach (var (k, v) in headers) response.Headers[k] = v;
        if (answer.Body is null) return;
        response.ContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
        await response.WriteAsync(answer.Body.ToJsonString(), http.RequestAborted);
    }

    /// <summary>concepts/errors.md: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>.</summary>
    internal Answer Error(int status, string code, string message)
    {
        var id = Guid.NewGuid().ToString();
        return new Answer(status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject
                {
                    ["date"] = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                    ["request-id"] = id,
                    ["client-request-id"] = id,
                },
            },
        });
    }

    private static GraphError NotFound() => new(404, "ErrorItemNotFound", "The specified object was not found in the store.");

    private static GraphError MethodNotAllowed() => new(405, "Request_BadRequest", "The HTTP method is not allowed on the resource.");

    private static GraphError SegmentNotFound(string segment) => new(400, "BadRequest", $"Resource not found for the segment '{segment}'.");
}
