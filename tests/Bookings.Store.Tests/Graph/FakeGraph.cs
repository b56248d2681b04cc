using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// A stateful fake of the slice of Microsoft Graph v1.0 the Microsoft 365 store uses, on a WireMock.Net
/// server bound to a random loopback port. The wire shapes follow the Graph reference (bookingBusiness,
/// mailFolder, message, event, contact, sendMail, getSchedule); the model is in memory behind one lock.
/// Callbacks are slightly slow so that concurrency per mailbox is observable, and failures can be
/// queued per path kind (<see cref="Fail"/>).
/// </summary>
public sealed partial class FakeGraph : IDisposable
{
    /// <summary>Path kinds used by the counters and the fault queues.</summary>
    public static class Kinds
    {
        public const string BookingBusinesses = "bookingBusinesses";
        public const string MailFolders = "mailFolders";
        public const string Messages = "messages";
        public const string Events = "events";
        public const string CalendarView = "calendarView";
        public const string ContactFolders = "contactFolders";
        public const string Contacts = "contacts";
        public const string SendMail = "sendMail";
        public const string GetSchedule = "getSchedule";
    }

    /// <summary>
    /// A canned answer taken instead of the real one: a status (429, 503, 504, 412, 413…), an optional Retry-After,
    /// an optional delay first (status 0: only the delay, then the real answer); <paramref name="Method"/> limits it to one HTTP method;
    /// <paramref name="AfterProcessing"/>: the request is carried out and only its answer is lost (a 504 after the write).
    /// </summary>
    public sealed record Fault(int Status, TimeSpan? RetryAfter = null, TimeSpan? Delay = null, string? Method = null, bool AfterProcessing = false)
    {
        public static Fault Throttled(TimeSpan retryAfter) => new(429, retryAfter);
        public static Fault Unavailable() => new(503);
        public static Fault GatewayTimeout() => new(504);
        public static Fault Slow(TimeSpan delay) => new(0, Delay: delay);
    }

    private const int PageSize = 10;
    private readonly WireMockServer _server;
    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private readonly Dictionary<string, FakeMailbox> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _perMailbox = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _perKind = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _maxInFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _log = new();
    private long _sequence;

    /// <param name="time">The clock for createdDateTime and lastModifiedDateTime (the test's fake clock).</param>
    /// <param name="latency">How long each callback waits before answering (default 3 ms).</param>
    public FakeGraph(TimeProvider? time = null, TimeSpan? latency = null)
    {
        _time = time ?? TimeProvider.System;
        Latency = latency ?? TimeSpan.FromMilliseconds(3);
        _server = WireMockServer.Start();
        _server.Given(Request.Create().UsingAnyMethod().WithPath(new WildcardMatcher("/v1.0/*")))
            .RespondWith(Response.Create().WithCallback(HandleAsync));
    }

    public TimeSpan Latency { get; set; }

    /// <summary>The Graph base URL with a trailing slash, on loopback.</summary>
    public Uri BaseAddress => new(_server.Urls[0].TrimEnd('/') + "/v1.0/");

    /// <summary>An HttpClient on <see cref="BaseAddress"/>, as the store expects it.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <summary>An existing (shared) mailbox the store may adopt by address.</summary>
    public void AddSharedMailbox(string address, string? displayName = null)
    {
        lock (_lock) _mailboxes[address] = new FakeMailbox(address, displayName ?? address, IsBookingBusiness: false);
    }

    public bool MailboxExists(string address) { lock (_lock) return _mailboxes.ContainsKey(address); }

    public void Fail(string kind, params Fault[] faults)
    {
        var queue = _faults.GetOrAdd(kind, _ => new ConcurrentQueue<Fault>());
        foreach (var fault in faults) queue.Enqueue(fault);
    }

    public int RequestsFor(string mailbox) => _perMailbox.GetValueOrDefault(mailbox);
    public int RequestsOfKind(string kind) => _perKind.GetValueOrDefault(kind);
    public int TotalRequests => _perKind.Values.Sum();
    public int MaxInFlightFor(string mailbox) => _maxInFlight.GetValueOrDefault(mailbox);
    public IReadOnlyList<string> RequestLog => [.. _log];

    public void ResetCounters()
    {
        _perMailbox.Clear();
        _perKind.Clear();
        _maxInFlight.Clear();
        _log.Clear();
    }

    /// <summary>Events of a mailbox as stored (raw JSON), for assertions.</summary>
    public IReadOnlyList<JsonObject> EventsOf(string mailbox)
    {
        lock (_lock) return _mailboxes.TryGetValue(mailbox, out var m) ? [.. m.Events.Values.Select(e => (JsonObject)e.DeepClone())] : [];
    }

    public IReadOnlyList<JsonObject> SentMailOf(string mailbox)
    {
        lock (_lock) return _mailboxes.TryGetValue(mailbox, out var m) ? [.. m.SentMail.Select(e => (JsonObject)e.DeepClone())] : [];
    }

    public void Dispose() => _server.Stop();

    private sealed record FakeMailbox(string Id, string DisplayName, bool IsBookingBusiness)
    {
        public JsonObject? Business { get; set; }
        public Dictionary<string, JsonObject> Folders { get; } = [];
        public Dictionary<string, JsonObject> Messages { get; } = [];
        public Dictionary<string, JsonObject> Events { get; } = [];
        public Dictionary<string, JsonObject> ContactFolders { get; } = [];
        public Dictionary<string, JsonObject> Contacts { get; } = [];
        public List<JsonObject> SentMail { get; } = [];
    }

    private sealed record Call(string Method, string[] Segments, Dictionary<string, string> Query, Dictionary<string, string> Headers, JsonObject? Body);

    private sealed record Answer(int Status, JsonNode? Body = null, IDictionary<string, string>? Headers = null);

    // ---- dispatch -------------------------------------------------------------------------------

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        var path = request.Path;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(Uri.UnescapeDataString).ToArray();
        var kind = KindOf(segments);
        var mailbox = segments.Length > 1 && segments[0] == "users" ? segments[1] : "solutions";
        _perKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
        _perMailbox.AddOrUpdate(mailbox, 1, (_, n) => n + 1);
        _log.Enqueue($"{request.Method} {path}{(string.IsNullOrEmpty(request.RawQuery) ? "" : request.RawQuery)}");
        var inFlight = _inFlight.AddOrUpdate(mailbox, 1, (_, n) => n + 1);
        _maxInFlight.AddOrUpdate(mailbox, inFlight, (_, n) => Math.Max(n, inFlight));
        try
        {
            if (Latency > TimeSpan.Zero) await Task.Delay(Latency);
            Fault? lost = null;
            if (_faults.TryGetValue(kind, out var queue) && queue.TryPeek(out var next)
                && (next.Method is null || next.Method.Equals(request.Method, StringComparison.OrdinalIgnoreCase)) && queue.TryDequeue(out var fault))
            {
                if (fault.Delay is { } delay) await Task.Delay(delay);
                if (fault.AfterProcessing) lost = fault;
                if (fault.Status != 0 && !fault.AfterProcessing)
                {
                    var headers = new Dictionary<string, string>();
                    if (fault.RetryAfter is { } after) headers["Retry-After"] = ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                    return ToResponse(new Answer(fault.Status, Error(FaultCode(fault.Status), "Injected failure."), headers));
                }
            }

            var query = (request.Query ?? new Dictionary<string, WireMockList<string>>())
                .ToDictionary(q => q.Key, q => string.Join(",", q.Value), StringComparer.OrdinalIgnoreCase);
            var headersIn = (request.Headers ?? new Dictionary<string, WireMockList<string>>())
                .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            JsonObject? body = null;
            if (!string.IsNullOrWhiteSpace(request.Body))
            {
                try { body = JsonNode.Parse(request.Body) as JsonObject; }
                catch (JsonException) { return ToResponse(new Answer(400, Error("BadRequest", "Unable to read JSON request payload."))); }
            }
            var call = new Call(request.Method.ToUpperInvariant(), segments, query, headersIn, body);
            Answer answer;
            lock (_lock) answer = Route(call);
            if (lost is not null)
                return ToResponse(new Answer(lost.Status, Error(FaultCode(lost.Status), "Injected failure after the request was carried out.")));
            return ToResponse(answer);
        }
        finally
        {
            _inFlight.AddOrUpdate(mailbox, 0, (_, n) => n - 1);
        }
    }

    private static string FaultCode(int status) => status switch
    {
        429 => "TooManyRequests",
        503 => "ServiceNotAvailable",
        504 => "GatewayTimeout",
        412 => "PreconditionFailed",
        413 => "RequestEntityTooLarge",
        _ => "generalException",
    };

    private static string KindOf(string[] s)
    {
        if (s.Length >= 2 && s[0] == "solutions") return Kinds.BookingBusinesses;
        if (s.Length < 3 || s[0] != "users") return "other";
        if (s.Contains("calendarView", StringComparer.OrdinalIgnoreCase)) return Kinds.CalendarView;
        if (s.Contains("getSchedule", StringComparer.OrdinalIgnoreCase)) return Kinds.GetSchedule;
        if (s[2].Equals("sendMail", StringComparison.OrdinalIgnoreCase)) return Kinds.SendMail;
        if (s.Contains("messages", StringComparer.OrdinalIgnoreCase)) return Kinds.Messages;
        if (s.Contains("events", StringComparer.OrdinalIgnoreCase)) return Kinds.Events;
        if (s.Contains("contacts", StringComparer.OrdinalIgnoreCase)) return Kinds.Contacts;
        if (s[2].Equals("contactFolders", StringComparison.OrdinalIgnoreCase)) return Kinds.ContactFolders;
        if (s[2].Equals("mailFolders", StringComparison.OrdinalIgnoreCase)) return Kinds.MailFolders;
        return "other";
    }

    private static IResponseMessage ToResponse(Answer answer)
    {
        var response = new ResponseMessage { StatusCode = answer.Status };
        if (answer.Headers is not null)
            foreach (var (k, v) in answer.Headers) response.AddHeader(k, v);
        if (answer.Body is not null)
        {
            response.AddHeader("Content-Type", "application/json; charset=utf-8");
            response.BodyData = new BodyData { BodyAsString = answer.Body.ToJsonString(), DetectedBodyType = BodyType.String };
        }
        return response;
    }

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static Answer NotFound(string what = "The specified object was not found in the store.") => new(404, Error("ErrorItemNotFound", what));

    private Answer Route(Call c)
    {
        var s = c.Segments;
        if (s.Length >= 2 && s[0] == "solutions" && s[1] == "bookingBusinesses") return BookingBusinesses(c);
        if (s.Length < 3 || s[0] != "users") return new Answer(400, Error("BadRequest", "Resource not found for the segment."));
        if (!_mailboxes.TryGetValue(s[1], out var mailbox))
            return new Answer(404, Error("ErrorInvalidUser", $"The requested user '{s[1]}' is invalid."));
        var rest = s[2..];
        return rest switch
        {
            ["mailFolders"] => MailFolders(c, mailbox),
            ["mailFolders", var f] => MailFolder(c, mailbox, f),
            ["mailFolders", var f, "messages"] => FolderMessages(c, mailbox, f),
            ["messages", var m] => Item(c, mailbox.Messages, m, isEvent: false),
            ["calendar", "events"] or ["events"] => Events(c, mailbox),
            ["calendar", "events", var e] => Item(c, mailbox.Events, e, isEvent: true),
            ["events", var e] => Item(c, mailbox.Events, e, isEvent: true),
            ["calendar", "calendarView"] or ["calendarView"] => CalendarView(c, mailbox),
            ["calendar", "getSchedule"] => GetSchedule(c),
            ["sendMail"] => SendMail(c, mailbox),
            ["contactFolders"] => ContactFolders(c, mailbox),
            ["contactFolders", var f, "contacts"] => FolderContacts(c, mailbox, f),
            ["contacts", var id] => Item(c, mailbox.Contacts, id, isEvent: false),
            _ => new Answer(400, Error("BadRequest", "Resource not found for the segment.")),
        };
    }

    // ---- bookingBusinesses ----------------------------------------------------------------------

    private Answer BookingBusinesses(Call c)
    {
        var s = c.Segments;
        if (s.Length == 2)
        {
            if (c.Method == "GET")
            {
                var list = _mailboxes.Values.Where(m => m.IsBookingBusiness).Select(m => (JsonNode)Shape(m.Business!, c.Query)).ToList();
                return Collection("solutions/bookingBusinesses", list, c.Query);
            }
            if (c.Method == "POST")
            {
                var displayName = c.Body?["displayName"]?.GetValue<string>();
                if (string.IsNullOrWhiteSpace(displayName)) return new Answer(400, Error("ErrorInvalidRequest", "displayName is required."));
                // Real Exchange derives the SMTP address from the display name; the fake takes the requested
                // email when there is one so tests can name addresses.
                var id = c.Body?["email"]?.GetValue<string>() ?? $"{Regex.Replace(displayName, "[^A-Za-z0-9]", "")}@bookings.local";
                if (_mailboxes.ContainsKey(id)) return new Answer(409, Error("ErrorFolderExists", $"A mailbox with address '{id}' already exists."));
                var business = new JsonObject
                {
                    ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#solutions/bookingBusinesses/$entity",
                    ["id"] = id,
                    ["displayName"] = displayName,
                    ["businessType"] = c.Body?["businessType"]?.DeepClone() ?? "",
                    ["phone"] = c.Body?["phone"]?.DeepClone() ?? "",
                    ["email"] = id,
                    ["webSiteUrl"] = c.Body?["webSiteUrl"]?.DeepClone() ?? "",
                    ["defaultCurrencyIso"] = "USD",
                    ["isPublished"] = false,
                    ["publicUrl"] = "",
                    ["languageTag"] = "en-US",
                };
                _mailboxes[id] = new FakeMailbox(id, displayName, IsBookingBusiness: true) { Business = business };
                return new Answer(201, business.DeepClone());
            }
        }
        else if (s.Length == 3)
        {
            if (!_mailboxes.TryGetValue(s[2], out var m) || !m.IsBookingBusiness) return NotFound();
            if (c.Method == "GET") return new Answer(200, Shape(m.Business!, c.Query));
            if (c.Method == "DELETE") { _mailboxes.Remove(m.Id); return new Answer(204); }
        }
        return new Answer(405, Error("BadRequest", "Method not allowed."));
    }

    // ---- mail folders and messages --------------------------------------------------------------

    private Answer MailFolders(Call c, FakeMailbox m)
    {
        if (c.Method == "GET")
        {
            var hidden = c.Query.TryGetValue("includeHiddenFolders", out var h) && h.Equals("true", StringComparison.OrdinalIgnoreCase);
            var folders = m.Folders.Values.Where(f => hidden || !f["isHidden"]!.GetValue<bool>()).Select(f => (JsonNode)Shape(f, c.Query)).ToList();
            return Collection($"users/{m.Id}/mailFolders", folders, c.Query);
        }
        if (c.Method == "POST")
        {
            var name = c.Body?["displayName"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(name)) return new Answer(400, Error("ErrorInvalidRequest", "displayName is required."));
            if (m.Folders.Values.Any(f => string.Equals(f["displayName"]!.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase)))
                return new Answer(409, Error("ErrorFolderExists", "A folder with the specified name already exists."));
            var id = NewId("AAMkF");
            var folder = new JsonObject
            {
                ["id"] = id,
                ["displayName"] = name,
                ["parentFolderId"] = "AAMkRoot",
                ["childFolderCount"] = 0,
                ["unreadItemCount"] = 0,
                ["totalItemCount"] = 0,
                ["isHidden"] = c.Body?["isHidden"]?.GetValue<bool>() ?? false,
            };
            m.Folders[id] = folder;
            return new Answer(201, folder.DeepClone());
        }
        return new Answer(405, Error("BadRequest", "Method not allowed."));
    }

    private Answer MailFolder(Call c, FakeMailbox m, string folderId)
    {
        if (!m.Folders.TryGetValue(folderId, out var folder)) return NotFound();
        if (c.Method == "GET")
        {
            folder["totalItemCount"] = m.Messages.Values.Count(x => x["parentFolderId"]!.GetValue<string>() == folderId);
            return new Answer(200, Shape(folder, c.Query));
        }
        if (c.Method == "DELETE")
        {
            m.Folders.Remove(folderId);
            foreach (var id in m.Messages.Where(x => x.Value["parentFolderId"]!.GetValue<string>() == folderId).Select(x => x.Key).ToList())
                m.Messages.Remove(id);
            return new Answer(204);
        }
        return new Answer(405, Error("BadRequest", "Method not allowed."));
    }

    private Answer FolderMessages(Call c, FakeMailbox m, string folderId)
    {
        if (!m.Folders.ContainsKey(folderId)) return NotFound();
        if (c.Method == "GET")
        {
            var list = m.Messages.Values.Where(x => x["parentFolderId"]!.GetValue<string>() == folderId && MatchesFilter(x, c.Query.GetValueOrDefault("$filter")))
                .OrderBy(x => x["createdDateTime"]!.GetValue<string>(), StringComparer.Ordinal)
                .Select(x => (JsonNode)Shape(x, c.Query)).ToList();
            return Collection($"users/{m.Id}/mailFolders/{folderId}/messages", list, c.Query);
        }
        if (c.Method == "POST")
        {
            var message = NewItem(c.Body ?? [], "AAMkM");
            message["parentFolderId"] = folderId;
            message["isDraft"] = true;
            message["body"] ??= new JsonObject { ["contentType"] = "text", ["content"] = "" };
            m.Messages[message["id"]!.GetValue<string>()] = message;
            return new Answer(201, Shape(message, c.Query));
        }
        return new Answer(405, Error("BadRequest", "Method not allowed."));
    }

    // ---- events ---------------------------------------------------------------------------------

    private Answer Events(Call c, FakeMailbox m)
    {
        if (c.Method == "POST")
        {
            var body = c.Body ?? [];
            if (body["start"] is null || body["end"] is null) return new Answer(400, Error("ErrorInvalidRequest", "start and end are required."));
            if (body["transactionId"]?.GetValue<string>() is { Length: > 0 } tx &&
                m.Events.Values.FirstOrDefault(e => e["transactionId"]?.GetValue<string>() == tx) is { } existing)
                return new Answer(201, Shape(existing, c.Query));
            var ev = NewItem(body, "AAMkE");
            ev["iCalUId"] ??= NewId("040000008200E0");
            ev["isCancelled"] ??= false;
            ev["attendees"] ??= new JsonArray();
            ev["categories"] ??= new JsonArray();
            ev["showAs"] ??= "busy";
            MakeOnlineMeeting(ev);
            m.Events[ev["id"]!.GetValue<string>()] = ev;
            return new Answer(201, Shape(ev, c.Query));
        }
        if (c.Method == "GET")
        {
            var list = m.Events.Values.Where(e => MatchesFilter(e, c.Query.GetValueOrDefault("$filter")))
                .OrderBy(e => Start(e)).ThenBy(e => e["id"]!.GetValue<string>(), StringComparer.Ordinal)
                .Select(e => (JsonNode)Shape(e, c.Query)).ToList();
            return Collection($"users/{m.Id}/events", list, c.Query);
        }
        return new Answer(405, Error("BadRequest", "Method not allowed."));
    }

    private Answer CalendarView(Call c, FakeMailbox m)
    {
        if (c.Method != "GET") return new Answer(405, Error("BadRequest", "Method not allowed."));
        if (!c.Query.TryGetValue("startDateTime", out var from) || !c.Query.TryGetValue("endDateTime", out var to))
            return new Answer(400, Error("ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime."));
        var start = ParseInstant(from);
        var end = ParseInstant(to);
        var list = m.Events.Values
            .Where(e => Start(e) < end && End(e) > start && MatchesFilter(e, c.Query.GetValueOrDefault("$filter")))
            .OrderBy(e => Start(e)).ThenBy(e => e["id"]!.GetValue<string>(), StringComparer.Ordinal)
            .Select(e => (JsonNode)Shape(e, c.Query)).ToList();
        return Collection($"users/{m.Id}/calendar/calendarView", list, c.Query);
    }

    private Answer GetSchedule(Call c)
    {
        if (c.Method != "POST") return new Answer(405, Error("BadRequest", "Method not allowed."));
        var schedules = c.Body?["schedules"]?.AsArray().Select(x => x!.GetValue<string>()).ToList() ?? [];
        if (schedules.Count > 20) return new Answer(400, Error("ErrorInvalidParameter", "At most 20 schedules."));
        var start = ParseInstant(c.Body?["startTime"]?["dateTime"]?.GetValue<string>() ?? "");
        var end = ParseInstant(c.Body?["endTime"]?["dateTime"]?.GetValue<string>() ?? "");
        if (end - start >= TimeSpan.FromDays(62)) return new Answer(400, Error("ErrorInvalidParameter", "The window must be under 62 days."));
        var prefer = RecordScheduleRequest(c);
        if (prefer is not null && !prefer.Equals("UTC", StringComparison.OrdinalIgnoreCase))
            return new Answer(400, Error("ErrorInvalidParameter", "The fake answers getSchedule in UTC only."));
        var value = new JsonArray();
        foreach (var address in schedules)
        {
            if (ScheduleErrorFor(address) is { } scheduleError)
            {
                value.Add(new JsonObject { ["scheduleId"] = address, ["error"] = scheduleError });
                continue;
            }
            if (!_mailboxes.TryGetValue(address, out var who))
            {
                value.Add(new JsonObject
                {
                    ["scheduleId"] = address,
                    ["error"] = new JsonObject { ["message"] = "The specified user could not be found.", ["responseCode"] = "ErrorMailRecipientNotFound" },
                });
                continue;
            }
            var items = new JsonArray();
            foreach (var e in who.Events.Values.Where(e => Start(e) < end && End(e) > start && !(e["isCancelled"]?.GetValue<bool>() ?? false)).OrderBy(Start))
                items.Add(new JsonObject
                {
                    ["isPrivate"] = false,
                    ["status"] = e["showAs"]?.GetValue<string>() ?? "busy",
                    ["subject"] = e["subject"]?.DeepClone(),
                    ["start"] = UtcDateTimeTimeZone(Start(e)),
                    ["end"] = UtcDateTimeTimeZone(End(e)),
                });
            value.Add(new JsonObject { ["scheduleId"] = address, ["availabilityView"] = "", ["scheduleItems"] = items, ["workingHours"] = new JsonObject() });
        }
        return new Answer(200, new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)", ["value"] = value });
    }

    private Answer SendMail(Call c, FakeMailbox m)
    {
        if (c.Method != "POST") return new Answer(405, Error("BadRequest", "Method not allowed."));
        if (c.Body?["message"] is not JsonObject message) return new Answer(400, Error("ErrorInvalidRequest", "message is required."));
        m.SentMail.Add((JsonObject)message.DeepClone());
        return new Answer(202);
    }

    // ---- contacts -------------------------------------------------------------------------------

    private Answer ContactFolders(Call c, FakeMailbox m)
    {
        if (c.Method == "GET")
            return Collection($"users/{m.Id}/contactFolders", [.. m.ContactFolders.Values.Where(f => MatchesFilter(f, c.Query.GetValueOrDefault("$filter"))).Select(f => (JsonNode)Shape(f, c.Query))], c.Query);
        if (c.Method == "POST")
        {
            var id = NewId("AAMkC");
            var folder = new JsonObject { ["id"] = id, ["displayName"] = c.Body?["displayName"]?.DeepClone(), ["parentFolderId"] = "AAMkRoot" };
            m.ContactFolders[id] = folder;
            return new Answer(201, folder.DeepClone());
        }
        return new Answer(405, Error("BadRequest", "Method not allowed."));
    }

    private Answer FolderContacts(Call c, FakeMailbox m, string folderId)
    {
        if (!m.ContactFolders.ContainsKey(folderId)) return NotFound();
        if (c.Method == "GET")
            return Collection($"users/{m.Id}/contactFolders/{folderId}/contacts",
                [.. m.Contacts.Values.Where(x => x["parentFolderId"]!.GetValue<string>() == folderId && MatchesFilter(x, c.Query.GetValueOrDefault("$filter")))
                    .OrderBy(x => x["createdDateTime"]!.GetValue<string>(), StringComparer.Ordinal).Select(x => (JsonNode)Shape(x, c.Query))], c.Query);
        if (c.Method == "POST")
        {
            var contact = NewItem(c.Body ?? [], "AAMkP");
            contact["parentFolderId"] = folderId;
            m.Contacts[contact["id"]!.GetValue<string>()] = contact;
            return new Answer(201, Shape(contact, c.Query));
        }
        return new Answer(405, Error("BadRequest", "Method not allowed."));
    }

    // ---- one item: GET, PATCH with If-Match, DELETE ---------------------------------------------

    private Answer Item(Call c, Dictionary<string, JsonObject> items, string id, bool isEvent)
    {
        if (!items.TryGetValue(id, out var item)) return NotFound();
        switch (c.Method)
        {
            case "GET":
                return new Answer(200, Shape(item, c.Query));
            case "DELETE":
                items.Remove(id);
                return new Answer(204);
            case "PATCH":
                if (c.Headers.TryGetValue("If-Match", out var ifMatch) && !ETagMatches(ifMatch, item))
                    return new Answer(412, Error("ErrorIrresolvableConflict", "The change key passed in the request does not match the current change key for the item."));
                if (c.Body is { } patch)
                {
                    if (!isEvent && patch.ContainsKey("body") && item["isDraft"]?.GetValue<bool>() == false)
                        return new Answer(400, Error("ErrorInvalidPropertyUpdateSentMessage", "Update of body is not supported for a sent message."));
                    foreach (var (key, value) in patch)
                    {
                        if (key is "id" or "changeKey" or "createdDateTime" or "lastModifiedDateTime" or "@odata.etag") continue;
                        if (key == "singleValueExtendedProperties") MergeProperties(item, value as JsonArray);
                        else item[key] = value?.DeepClone();
                    }
                }
                if (isEvent) MakeOnlineMeeting(item);
                Touch(item);
                return new Answer(200, Shape(item, c.Query));
        }
        return new Answer(405, Error("BadRequest", "Method not allowed."));
    }

    private static bool ETagMatches(string ifMatch, JsonObject item)
    {
        if (ifMatch.Trim() == "*") return true;
        var changeKey = item["changeKey"]!.GetValue<string>();
        var tag = ifMatch.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
        return tag.Trim('"') == changeKey;
    }

    private JsonObject NewItem(JsonObject body, string prefix)
    {
        var item = new JsonObject();
        foreach (var (key, value) in body)
            if (key != "singleValueExtendedProperties") item[key] = value?.DeepClone();
        // Exchange stamps creation to the tick; the fake's clock stands still in tests, so a counter orders creations.
        var now = _time.GetUtcNow().AddTicks(Interlocked.Increment(ref _sequence)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        item["id"] = NewId(prefix);
        item["createdDateTime"] = now;
        MergeProperties(item, body["singleValueExtendedProperties"] as JsonArray);
        Touch(item);
        return item;
    }

    private void Touch(JsonObject item)
    {
        var changeKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray())[..16];
        item["changeKey"] = changeKey;
        item["@odata.etag"] = $"W/\"{changeKey}\"";
        item["lastModifiedDateTime"] = _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    }

    // Extended properties are kept beside the item and returned only through $expand, as Graph does.
    private static void MergeProperties(JsonObject item, JsonArray? properties)
    {
        if (properties is null) return;
        var store = item["__props"] as JsonObject ?? [];
        foreach (var p in properties.OfType<JsonObject>())
        {
            var id = NormalizePropertyId(p["id"]!.GetValue<string>());
            store[id] = p["value"]?.DeepClone();
        }
        item["__props"] = store;
    }

    private static string NormalizePropertyId(string id) => Regex.Replace(id.Trim(), @"\s+", " ").ToLowerInvariant();

    private string NewId(string prefix) => $"{prefix}{Interlocked.Increment(ref _sequence):D6}{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 38)];

    // ---- OData: $select, $expand of extended properties, $filter (a small subset), paging -------

    private static JsonObject Shape(JsonObject item, IDictionary<string, string> query)
    {
        JsonObject shaped;
        if (query.TryGetValue("$select", out var select) && !string.IsNullOrWhiteSpace(select))
        {
            shaped = [];
            var fields = select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
            fields.Add("id");
            foreach (var (key, value) in item)
                if (fields.Contains(key) || key == "@odata.etag") shaped[key] = value?.DeepClone();
        }
        else
        {
            shaped = (JsonObject)item.DeepClone();
        }
        shaped.Remove("__props");
        shaped.Remove("transactionId");
        if (item.ContainsKey("transactionId") && (select is null || select.Contains("transactionId", StringComparison.OrdinalIgnoreCase)))
            shaped["transactionId"] = item["transactionId"]?.DeepClone();

        if (query.TryGetValue("$expand", out var expand) && expand.StartsWith("singleValueExtendedProperties", StringComparison.OrdinalIgnoreCase))
        {
            var wanted = Regex.Matches(expand, "'([^']*)'").Select(m => NormalizePropertyId(m.Groups[1].Value)).ToHashSet();
            var props = new JsonArray();
            if (item["__props"] is JsonObject stored)
                foreach (var (id, value) in stored)
                    if (wanted.Count == 0 || wanted.Contains(id))
                        props.Add(new JsonObject { ["id"] = OriginalCase(id), ["value"] = value?.DeepClone() });
            if (props.Count > 0) shaped["singleValueExtendedProperties"] = props;
        }
        return shaped;
    }

    // Graph answers property ids as "String {guid} Name X"; the fake keeps them lower-cased internally.
    private static string OriginalCase(string id)
    {
        var m = Regex.Match(id, @"^(\w+) (\{[^}]+\}) name (.+)$");
        if (!m.Success) return id;
        var type = char.ToUpperInvariant(m.Groups[1].Value[0]) + m.Groups[1].Value[1..];
        return $"{type} {m.Groups[2].Value} Name {m.Groups[3].Value}";
    }

    /// <summary>
    /// The filters the store uses: <c>singleValueExtendedProperties/Any(ep: ep/id eq '…' and ep/value eq '…')</c> (or ge/gt/le/lt),
    /// <c>categories/any(c:c eq '…')</c>, <c>displayName eq '…'</c>, joined by <c>and</c>; alternatives joined by <c>or</c> at the top level.
    /// </summary>
    private static bool MatchesFilter(JsonObject item, string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return true;
        var alternatives = SplitOr(filter);
        if (alternatives.Count > 1) return alternatives.Any(a => MatchesFilter(item, a));
        var rest = filter;
        foreach (Match ep in EpFilter().Matches(filter))
        {
            var id = NormalizePropertyId(ep.Groups["id"].Value);
            var value = ep.Groups["value"].Value.Replace("''", "'");
            if (item["__props"] is not JsonObject props || props[id]?.GetValue<string>() is not { } actual) return false;
            // eq, or an ordinal comparison of the text (ge, gt, le, lt), as Exchange compares string properties.
            var order = string.CompareOrdinal(actual, value);
            var matches = ep.Groups["op"].Value.ToLowerInvariant() switch
            {
                "ge" => order >= 0,
                "gt" => order > 0,
                "le" => order <= 0,
                "lt" => order < 0,
                _ => order == 0,
            };
            if (!matches) return false;
            rest = rest.Replace(ep.Value, "");
        }
        foreach (Match cat in CategoryFilter().Matches(rest))
        {
            var wanted = cat.Groups["value"].Value.Replace("''", "'");
            if (item["categories"] is not JsonArray cats || !cats.Any(x => x?.GetValue<string>() == wanted)) return false;
            rest = rest.Replace(cat.Value, "");
        }
        foreach (Match eq in EqFilter().Matches(rest))
        {
            var value = eq.Groups["value"].Value.Replace("''", "'");
            var actual = eq.Groups["field"].Value.Split('/').Aggregate((JsonNode?)item, (node, part) => node?[part]);
            if (actual is null || !string.Equals(actual.GetValue<string>(), value, StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    // The top-level "or" alternatives of a filter: outside quoted strings ('' escapes a quote) and parentheses.
    private static List<string> SplitOr(string filter)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < filter.Length; i++)
        {
            var ch = filter[i];
            if (ch == '\'') quoted = !quoted; // '' toggles twice: still quoted
            else if (quoted) continue;
            else if (ch == '(') depth++;
            else if (ch == ')') depth--;
            else if (depth == 0 && string.Compare(filter, i, " or ", 0, 4, StringComparison.OrdinalIgnoreCase) == 0)
            {
                parts.Add(filter[start..i].Trim());
                start = i + 4;
                i += 3;
            }
        }
        parts.Add(filter[start..].Trim());
        return parts;
    }

    [GeneratedRegex(@"singleValueExtendedProperties/any\(\s*(?<v>\w+)\s*:\s*\k<v>/id eq '(?<id>[^']*)' and \k<v>/value (?<op>eq|ge|gt|le|lt) '(?<value>(?:[^']|'')*)'\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex EpFilter();

    [GeneratedRegex(@"categories/any\(\s*(?<v>\w+)\s*:\s*\k<v> eq '(?<value>(?:[^']|'')*)'\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex CategoryFilter();

    [GeneratedRegex(@"(?<field>[A-Za-z/]+) eq '(?<value>(?:[^']|'')*)'")]
    private static partial Regex EqFilter();

    private Answer Collection(string path, List<JsonNode> items, IDictionary<string, string> query)
    {
        var top = query.TryGetValue("$top", out var t) && int.TryParse(t, CultureInfo.InvariantCulture, out var n) ? n : PageSize;
        var skip = query.TryGetValue("$skip", out var k) && int.TryParse(k, CultureInfo.InvariantCulture, out var sk) ? sk : 0;
        var page = new JsonArray([.. items.Skip(skip).Take(top)]);
        var result = new JsonObject
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#{path}",
            ["value"] = page,
        };
        if (skip + top < items.Count)
        {
            var next = query.Where(q => q.Key is not "$skip" and not "$top")
                .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}")
                .Append($"$top={top}").Append($"$skip={skip + top}");
            result["@odata.nextLink"] = $"{BaseAddress}{path}?{string.Join("&", next)}";
        }
        return new Answer(200, result);
    }

    private static DateTimeOffset Start(JsonObject e) => DateTimeTimeZone(e["start"]);
    private static DateTimeOffset End(JsonObject e) => DateTimeTimeZone(e["end"]);

    // The store writes and asks for UTC (dateTimeTimeZone with timeZone "UTC"); that is all the fake supports.
    private static DateTimeOffset DateTimeTimeZone(JsonNode? node) =>
        new(DateTime.SpecifyKind(DateTime.Parse(node!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc));

    private static DateTimeOffset ParseInstant(string s) =>
        DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    internal static HttpStatusCode StatusOf(int status) => (HttpStatusCode)status;
}
