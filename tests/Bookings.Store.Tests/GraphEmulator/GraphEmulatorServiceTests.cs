using System.Net;
using System.Text.Json.Nodes;
using Bookings.GraphEmulation;

namespace Bookings.Store.Tests.Emulator;

/// <summary>calendarView/delta, getSchedule, throttling, injected faults and the request log of the Graph emulator.</summary>
public sealed class GraphEmulatorServiceTests : IDisposable
{
    private const string User = $"users/{Harness.Mailbox}";
    private const string Window = "startDateTime=2026-03-10T00:00:00Z&endDateTime=2026-03-11T00:00:00Z";
    private readonly Harness _h = new();

    public void Dispose() => _h.Dispose();

    // event-delta.md and concepts/delta-query-events.md: a round of nextLink ($skiptoken) pages ending in a deltaLink
    // ($deltatoken); the next round has the changes, deletions as @removed; delta-query-overview.md: an expired token
    // answers 410 syncStateNotFound with a Location to start again.
    [Fact]
    public async Task DeltaRoundWithRemovedEntriesAndExpiredToken()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(8 + i)))).Id);
        void Two(HttpRequestMessage r) => Harness.Prefer(r, "odata.maxpagesize=2");

        var seen = new List<string>();
        var page = await _h.Get($"{User}/calendarView/delta?{Window}", Two);
        Assert.Contains("odata.maxpagesize=2", page.Header("Preference-Applied"));
        while (page.Body!["@odata.nextLink"] is { } next)
        {
            Assert.Contains("$skiptoken=", next.GetValue<string>());
            seen.AddRange(page.Value.Select(e => e!["id"]!.GetValue<string>()));
            page = await _h.Get(next.GetValue<string>(), Two);
        }
        seen.AddRange(page.Value.Select(e => e!["id"]!.GetValue<string>()));
        Assert.Equal(ids, seen);
        var deltaLink = page.Body["@odata.deltaLink"]!.GetValue<string>();
        Assert.Contains("$deltatoken=", deltaLink);

        await _h.Delete($"{User}/events/{ids[0]}");
        await _h.Patch($"{User}/events/{ids[1]}", new JsonObject { ["subject"] = "Moved" });
        var outside = Harness.Event(Harness.Day.AddDays(3));
        await _h.Patch($"{User}/events/{ids[2]}", new JsonObject { ["start"] = outside["start"]!.DeepClone(), ["end"] = outside["end"]!.DeepClone() });
        var changes = await _h.Get(deltaLink);
        var byId = changes.Value.ToDictionary(e => e!["id"]!.GetValue<string>());
        Assert.Equal("deleted", byId[ids[0]]!["@removed"]!["reason"]!.GetValue<string>());
        Assert.Equal("Moved", byId[ids[1]]!["subject"]!.GetValue<string>());
        Assert.NotNull(byId[ids[2]]!["@removed"]);
        Assert.Equal(3, byId.Count);

        _h.Graph.ExpireDeltaTokens();
        var gone = await _h.Get(changes.Body!["@odata.deltaLink"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
        Assert.Equal("syncStateNotFound", gone.ErrorCode);
        Assert.Contains("calendarView/delta", gone.Header("Location"));
        var resync = await _h.Get(gone.Header("Location"));
        Assert.Equal(HttpStatusCode.OK, resync.Status);
        Assert.Equal(3, resync.Value.Count); // five made, one deleted, one moved out of the window
    }

    // event-delta.md: "You cannot use $select"; $expand, $filter, $orderby and $search are not supported; the first
    // call needs startDateTime and endDateTime.
    [Fact]
    public async Task DeltaRefusesQueryOptionsAndNeedsAWindow()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Get($"{User}/calendarView/delta?{Window}&$select=subject")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Get($"{User}/calendarView/delta?{Window}&$filter=subject eq 'x'")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Get($"{User}/calendarView/delta")).Status);
    }

    // concepts/delta-query-overview.md, Token duration (GraphEmulatorOptions.DeltaTokenLifetime on the emulator's clock).
    [Fact]
    public async Task DeltaTokensExpireAfterTheirLifetime()
    {
        _h.Graph.Options = _h.Graph.Options with { DeltaTokenLifetime = TimeSpan.FromHours(1) };
        var round = await _h.Get($"{User}/calendarView/delta?{Window}");
        var link = round.Body!["@odata.deltaLink"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await _h.Get(link)).Status);
        _h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Gone, (await _h.Get(link)).Status);
    }

    // calendar-getschedule.md: at most 20 schedules, a window under 62 days, per-schedule errors inside a 200.
    [Fact]
    public async Task GetScheduleLimitsAndPerScheduleErrors()
    {
        _h.Graph.AddMailbox("anna@contoso.test");
        _h.Graph.AddEvent("anna@contoso.test", Harness.Day.AddHours(9), Harness.Day.AddHours(10));
        _h.Graph.FailSchedule("piotr@contoso.test");
        JsonObject Body(int schedules, int days) => new()
        {
            ["schedules"] = new JsonArray([.. new[] { "anna@contoso.test", "piotr@contoso.test", "nobody@contoso.test" }.Concat(Enumerable.Range(0, Math.Max(0, schedules - 3)).Select(i => $"x{i}@contoso.test")).Take(schedules).Select(s => (JsonNode)s)]),
            ["startTime"] = new JsonObject { ["dateTime"] = "2026-03-10T08:00:00", ["timeZone"] = "UTC" },
            ["endTime"] = new JsonObject { ["dateTime"] = Harness.Day.AddDays(days).AddHours(-12).ToString("yyyy-MM-dd'T'HH:mm:ss"), ["timeZone"] = "UTC" },
            ["availabilityViewInterval"] = 60,
        };
        var reply = await _h.Post($"{User}/calendar/getSchedule", Body(3, 1));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("0200", reply.Value[0]!["availabilityView"]!.GetValue<string>());
        Assert.Equal("ErrorNoFreeBusyAccess", reply.Value[1]!["error"]!["responseCode"]!.GetValue<string>());
        Assert.Equal("ErrorMailRecipientNotFound", reply.Value[2]!["error"]!["responseCode"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Post($"{User}/calendar/getSchedule", Body(21, 1))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Post($"{User}/calendar/getSchedule", Body(3, 63))).Status);
        Assert.Equal(3, _h.Graph.ScheduleRequests.Count);
    }

    // concepts/throttling-limits.md, Outlook service limits: 4 concurrent requests; magodo/terraform-provider-outlook#21 for
    // the answer (429 ApplicationThrottled "…MailboxConcurrency limit.").
    [Fact]
    public async Task MoreThanFourConcurrentRequestsAreThrottled()
    {
        _h.Graph.Options = _h.Graph.Options with { Latency = TimeSpan.FromMilliseconds(300) };
        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _h.Get($"{User}/events")));
        var throttled = replies.Where(r => (int)r.Status == 429).ToList();
        Assert.NotEmpty(throttled);
        Assert.All(throttled, r => Assert.Equal("ApplicationThrottled", r.ErrorCode));
        Assert.All(throttled, r => Assert.Equal("1", r.Header("Retry-After")));
        Assert.True(replies.Count(r => r.Status == HttpStatusCode.OK) >= 4);
        Assert.True(_h.Graph.ThrottledRequests >= 1);

        _h.Graph.Options = _h.Graph.Options with { ConcurrencyThrottling = false };
        var free = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _h.Get($"{User}/events")));
        Assert.All(free, r => Assert.Equal(HttpStatusCode.OK, r.Status));
    }

    // concepts/throttling-limits.md: 10,000 requests per 10 minutes per app and mailbox (here a budget of 3).
    [Fact]
    public async Task RequestBudgetPerTenMinutes()
    {
        _h.Graph.Options = _h.Graph.Options with { RequestBudgetPer10Minutes = 3 };
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await _h.Get($"{User}/events")).Status);
        var over = await _h.Get($"{User}/events");
        Assert.Equal((HttpStatusCode)429, over.Status);
        Assert.Equal("600", over.Header("Retry-After"));
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await _h.Get($"{User}/events")).Status);
    }

    // Faults as the old fake had them: canned statuses, and "processed but the answer lost".
    [Fact]
    public async Task InjectedFaultsIncludingALostAnswer()
    {
        _h.Graph.Fail(GraphEmulator.Kinds.Events, Fault.Throttled(TimeSpan.FromSeconds(2)), Fault.Lost());
        var throttled = await _h.Post($"{User}/events", Harness.Event(Harness.Day.AddHours(9)));
        Assert.Equal((HttpStatusCode)429, throttled.Status);
        Assert.Equal("2", throttled.Header("Retry-After"));
        Assert.Empty(_h.Graph.EventsOf(Harness.Mailbox));
        var lost = await _h.Post($"{User}/events", Harness.Event(Harness.Day.AddHours(9)));
        Assert.Equal(HttpStatusCode.GatewayTimeout, lost.Status);
        Assert.Single(_h.Graph.EventsOf(Harness.Mailbox));

        _h.Graph.Fail(GraphEmulator.Kinds.Events, Fault.Dropped());
        await Assert.ThrowsAsync<HttpRequestException>(() => _h.Post($"{User}/events", Harness.Event(Harness.Day.AddHours(10))));
        Assert.Equal(2, _h.Graph.EventsOf(Harness.Mailbox).Count);
    }

    // For tests that assert what a client sent: method, path and query, status, If-Match and Prefer.
    [Fact]
    public async Task RequestLogAndCountersSeeWhatWasSent()
    {
        var created = await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9)));
        await _h.Patch($"{User}/events/{created.Id}", new JsonObject { ["subject"] = "x" }, $"W/\"{created.ChangeKey}\"");
        await _h.Get($"{User}/calendarView?{Window}&$select=subject", r => Harness.Prefer(r, "outlook.timezone=\"UTC\""));
        var log = _h.Graph.RequestLog;
        Assert.Equal(3, log.Count);
        Assert.Equal(("PATCH", 200), (log[1].Method, log[1].Status));
        Assert.Equal($"W/\"{created.ChangeKey}\"", log[1].IfMatch);
        Assert.Contains("$select=subject", log[2].PathAndQuery);
        Assert.DoesNotContain(log, l => l.PathAndQuery.Contains("createdDateTime", StringComparison.Ordinal));
        Assert.Equal("outlook.timezone=\"UTC\"", log[2].Prefer);
        Assert.Equal(1, _h.Graph.RequestsOf("PATCH", GraphEmulator.Kinds.Events));
        Assert.Equal(2, _h.Graph.RequestsOfKind(GraphEmulator.Kinds.Events));
        Assert.Equal(3, _h.Graph.RequestsFor(Harness.Mailbox));
        _h.Graph.ResetCounters();
        Assert.Empty(_h.Graph.RequestLog);
        Assert.Equal(0, _h.Graph.TotalRequests);
    }

    // RFC 9110 §6.6.1: every answer carries the server's clock in Date; the emulator's is the test's clock (a refusal's too).
    [Fact]
    public async Task TheDateHeaderIsTheEmulatorsClock()
    {
        var ok = await _h.Get($"{User}/mailFolders");
        _h.Time.Advance(TimeSpan.FromMinutes(90));
        var refused = await _h.Get($"{User}/events/unknown");

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), ok.Response.Headers.Date);
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 30, 0, TimeSpan.Zero), refused.Response.Headers.Date);
    }
}
