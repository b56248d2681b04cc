using System.Net;
using System.Text;
using Bookings.Core.Sync;
using Bookings.GraphEmulation;
using Bookings.Store.Graph;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// Staff free/busy through getSchedule on the Graph emulator (calendar-getschedule.md: at most 20 schedules and a window under 62 days
/// per call, else 400; per-schedule errors inside the 200), through the store's own transport (retries honouring Retry-After, at most
/// 4 requests in flight per mailbox): batching, mapping, merging, failures and retries.
/// </summary>
public sealed class GraphScheduleReaderTests : IDisposable
{
    private const string Mailbox = "bookings@contoso.test";
    private static readonly DateTimeOffset From = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly EmulatedTenant _tenant = new(GraphEmulatorOptions.Strict, new FakeTimeProvider(From));
    private readonly GraphScheduleReader _reader;

    public GraphScheduleReaderTests()
    {
        Graph.AddSharedMailbox(Mailbox);
        _reader = new GraphScheduleReader(_tenant.Transport());
    }

    private GraphEmulator Graph => _tenant.Graph;

    public void Dispose() => _tenant.Dispose();

    private static string Staff(int i) => $"staff{i:D3}@contoso.test";

    private List<string> AddStaff(int count)
    {
        var staff = Enumerable.Range(0, count).Select(Staff).ToList();
        foreach (var address in staff) Graph.AddSharedMailbox(address);
        return staff;
    }

    private static IReadOnlyList<BusyBlock> Busy(IReadOnlyDictionary<string, FreeBusyResult> results, string address)
    {
        var result = results[address];
        Assert.True(result.Succeeded, $"{address}: {result.Failure}");
        return result.Busy!;
    }

    /// <summary>Every getSchedule call was answered 200: none broke the documented limits (the emulator answers 400 to those).</summary>
    private void AssertEveryCallWasAccepted() =>
        Assert.All(Graph.RequestLog.Where(r => r.Kind == GraphEmulator.Kinds.GetSchedule), r => Assert.Equal(200, r.Status));

    [Fact]
    public async Task HundredAddressesOverSixtyDaysCostFiveCallsAndAnswerEveryAddress()
    {
        var staff = AddStaff(100);
        Graph.AddEvent(Staff(57), From.AddDays(30).AddHours(9), From.AddDays(30).AddHours(10));

        var results = await _reader.ReadAsync(Mailbox, staff, From, From.AddDays(60));

        Assert.Equal(5, Graph.RequestsOfKind(GraphEmulator.Kinds.GetSchedule));
        Assert.Equal(100, results.Count);
        Assert.All(staff, a => Assert.True(results[a].Succeeded));
        Assert.Equal([new BusyBlock(From.AddDays(30).AddHours(9), From.AddDays(30).AddHours(10))], Busy(results, Staff(57)));
        Assert.All(staff.Where(a => a != Staff(57)), a => Assert.Empty(Busy(results, a)));
        var requests = Graph.ScheduleRequests;
        Assert.All(requests, r => Assert.Equal(20, r.Schedules.Count));
        Assert.Equal(staff.Order(), requests.SelectMany(r => r.Schedules).Order());
        Assert.InRange(Graph.MaxInFlightFor(Mailbox), 1, 4);
        Assert.Equal(0, Graph.ThrottledRequests);
        AssertEveryCallWasAccepted();
    }

    [Fact]
    public async Task SeventyDayWindowCostsTwoCallsAndReturnsBusyFromBothHalves()
    {
        var staff = AddStaff(3);
        var early = new BusyBlock(From.AddDays(5).AddHours(9), From.AddDays(5).AddHours(11));
        var late = new BusyBlock(From.AddDays(65).AddHours(14), From.AddDays(65).AddHours(15));
        // Spans the boundary between the two calls: both answer it, the merge makes it one block again.
        var across = new BusyBlock(From + GraphScheduleReader.MaxWindow - TimeSpan.FromHours(1), From + GraphScheduleReader.MaxWindow + TimeSpan.FromHours(2));
        foreach (var b in new[] { early, late, across }) Graph.AddEvent(staff[1], b.Start, b.End);

        var results = await _reader.ReadAsync(Mailbox, staff, From, From.AddDays(70));

        Assert.Equal(2, Graph.RequestsOfKind(GraphEmulator.Kinds.GetSchedule));
        Assert.Equal([early, across, late], Busy(results, staff[1]));
        Assert.Empty(Busy(results, staff[0]));
        Assert.All(Graph.ScheduleRequests, r =>
        {
            var start = DateTimeOffset.Parse(r.Body["startTime"]!["dateTime"]!.GetValue<string>() + "Z", System.Globalization.CultureInfo.InvariantCulture);
            var end = DateTimeOffset.Parse(r.Body["endTime"]!["dateTime"]!.GetValue<string>() + "Z", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(end - start < TimeSpan.FromDays(62));
            Assert.Equal("UTC", r.Body["startTime"]!["timeZone"]!.GetValue<string>());
            Assert.Equal("UTC", r.PreferredTimeZone);
            Assert.Equal(3, r.Schedules.Count);
        });
        AssertEveryCallWasAccepted();
    }

    [Fact]
    public async Task BusyOofAndTentativeBlockTimeFreeAndWorkingElsewhereDoNotAndBlocksAreMergedAndClipped()
    {
        var staff = AddStaff(1)[0];
        var to = From.AddDays(7);
        Graph.AddEvent(staff, From.AddHours(-2), From.AddHours(1));                              // clipped at the start
        Graph.AddEvent(staff, From.AddHours(9), From.AddHours(10), "busy");
        Graph.AddEvent(staff, From.AddHours(10).AddMinutes(30), From.AddHours(11), "oof");
        Graph.AddEvent(staff, From.AddHours(10).AddMinutes(45), From.AddHours(12), "tentative"); // overlaps the oof
        Graph.AddEvent(staff, From.AddHours(12), From.AddHours(12).AddMinutes(30), "busy");      // touches it
        Graph.AddEvent(staff, From.AddHours(13), From.AddHours(14), "free");
        Graph.AddEvent(staff, From.AddHours(15), From.AddHours(16), "workingElsewhere");
        Graph.AddEvent(staff, From.AddDays(1).AddHours(8), From.AddDays(1).AddHours(9), "tentative");
        Graph.AddEvent(staff, to.AddHours(-1), to.AddHours(3));                                  // clipped at the end

        // The same address twice, in another case: one call, one answer.
        var results = await _reader.ReadAsync(Mailbox, [staff, staff.ToUpperInvariant()], From, to);

        Assert.Single(results);
        Assert.Equal(
        [
            new BusyBlock(From, From.AddHours(1)),
            new BusyBlock(From.AddHours(9), From.AddHours(10)),
            new BusyBlock(From.AddHours(10).AddMinutes(30), From.AddHours(12).AddMinutes(30)),
            new BusyBlock(From.AddDays(1).AddHours(8), From.AddDays(1).AddHours(9)),
            new BusyBlock(to.AddHours(-1), to),
        ], Busy(results, staff.ToUpperInvariant()));
        Assert.Equal([staff], Assert.Single(Graph.ScheduleRequests).Schedules);
    }

    [Fact]
    public async Task UnknownAddressIsNotFoundWhileTheOthersInTheSameCallSucceed()
    {
        var staff = AddStaff(2);
        Graph.AddEvent(staff[0], From.AddHours(9), From.AddHours(10));
        const string ghost = "left.the.company@contoso.test";

        var results = await _reader.ReadAsync(Mailbox, [staff[0], ghost, staff[1]], From, From.AddDays(1));

        Assert.Equal(1, Graph.RequestsOfKind(GraphEmulator.Kinds.GetSchedule));
        Assert.Equal(SyncFailureKind.NotFound, results[ghost].Failure?.Kind);
        Assert.Contains("ErrorMailRecipientNotFound", results[ghost].Failure!.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("left.the.company", results[ghost].Failure!.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([new BusyBlock(From.AddHours(9), From.AddHours(10))], Busy(results, staff[0]));
        Assert.Empty(Busy(results, staff[1]));
    }

    [Fact]
    public async Task ScheduleWithoutFreeBusyAccessIsPermissionDenied()
    {
        var staff = AddStaff(3);
        Graph.FailSchedule(staff[1]);                               // ErrorNoFreeBusyAccess
        Graph.FailSchedule(staff[2], "ErrorFreeBusyAccessDenied");

        var results = await _reader.ReadAsync(Mailbox, staff, From, From.AddDays(1));

        Assert.Equal(SyncFailureKind.PermissionDenied, results[staff[1]].Failure?.Kind);
        Assert.Equal(SyncFailureKind.PermissionDenied, results[staff[2]].Failure?.Kind);
        Assert.DoesNotContain(staff[1], results[staff[1]].Failure!.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.True(results[staff[0]].Succeeded);
    }

    [Fact]
    public async Task AFailureInOneWindowIsTheAnswerForTheWholeWindow()
    {
        var staff = AddStaff(2);
        Graph.AddEvent(staff[0], From.AddHours(9), From.AddHours(10));
        // One of the two calls (one window) fails as a whole, the other succeeds.
        Graph.Fail(GraphEmulator.Kinds.GetSchedule, new Fault(500));

        var results = await _reader.ReadAsync(Mailbox, staff, From, From.AddDays(70));

        Assert.Equal(2, Graph.RequestsOfKind(GraphEmulator.Kinds.GetSchedule));
        Assert.All(staff, a => Assert.Equal(SyncFailureKind.Unknown, results[a].Failure?.Kind));
        Assert.All(staff, a => Assert.Null(results[a].Busy));
    }

    [Theory]
    [InlineData("ErrorMailRecipientNotFound", SyncFailureKind.NotFound)]
    [InlineData("ErrorInvalidRecipients", SyncFailureKind.NotFound)]
    [InlineData("ErrorNonExistentMailbox", SyncFailureKind.NotFound)]
    [InlineData("ErrorRecipientNotFound", SyncFailureKind.NotFound)]
    [InlineData("ErrorAccessDenied", SyncFailureKind.PermissionDenied)]
    [InlineData("ErrorNoFreeBusyAccess", SyncFailureKind.PermissionDenied)]
    [InlineData("ErrorFreeBusyAccessDenied", SyncFailureKind.PermissionDenied)]
    [InlineData("ErrorProxyRequestNotAllowed", SyncFailureKind.Unknown)]
    [InlineData("ErrorTimeoutExpired", SyncFailureKind.Unknown)]
    [InlineData("", SyncFailureKind.Unknown)]
    public void ResponseCodesMapToFailureKinds(string code, SyncFailureKind expected) =>
        Assert.Equal(expected, GraphScheduleReader.KindOf(code));

    [Fact]
    public async Task WholeCall403IsPermissionDeniedForTheChunkAnd500IsUnknown()
    {
        var staff = AddStaff(25);

        Graph.Fail(GraphEmulator.Kinds.GetSchedule, new Fault(403));
        var denied = await _reader.ReadAsync(Mailbox, staff, From, From.AddDays(1));

        // Two chunks (20 + 5); whichever call met the 403 fails as a whole, the other succeeds.
        var failed = staff.Where(a => !denied[a].Succeeded).ToList();
        Assert.True(failed.SequenceEqual(staff.Take(20)) || failed.SequenceEqual(staff.Skip(20)), $"{failed.Count} failed");
        Assert.All(failed, a => Assert.Equal(SyncFailureKind.PermissionDenied, denied[a].Failure!.Kind));
        Assert.All(failed, a => Assert.Contains("403", denied[a].Failure!.Detail, StringComparison.Ordinal));

        Graph.Fail(GraphEmulator.Kinds.GetSchedule, new Fault(500), new Fault(500));
        var broken = await _reader.ReadAsync(Mailbox, staff, From, From.AddDays(1));

        Assert.All(staff, a => Assert.Equal(SyncFailureKind.Unknown, broken[a].Failure?.Kind));
        Assert.All(staff, a => Assert.Contains("500", broken[a].Failure!.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThrottledUnavailableAndLostAnswersAreRetriedByTheTransportAndTheReaderAddsNoRetryOfItsOwn()
    {
        var staff = AddStaff(3);
        Graph.AddEvent(staff[2], From.AddHours(9), From.AddHours(10));
        Graph.Fail(GraphEmulator.Kinds.GetSchedule, Fault.Throttled(TimeSpan.FromSeconds(1)), Fault.Unavailable(TimeSpan.Zero), Fault.Lost());

        var results = await _reader.ReadAsync(Mailbox, staff, From, From.AddDays(1));

        Assert.Equal(4, Graph.RequestsOfKind(GraphEmulator.Kinds.GetSchedule)); // one call, three retries
        Assert.Equal([429, 503, 504, 200], Graph.RequestLog.Select(r => r.Status));
        Assert.Equal([new BusyBlock(From.AddHours(9), From.AddHours(10))], Busy(results, staff[2]));
        Assert.All(staff.Take(2), a => Assert.Empty(Busy(results, a)));

        // Once the transport's retries (Graph:MaxRetries, 4) are spent, its last answer is the chunk's failure: no retry on top.
        Graph.ResetCounters();
        Graph.Fail(GraphEmulator.Kinds.GetSchedule, [.. Enumerable.Repeat(Fault.Unavailable(TimeSpan.Zero), 5)]);
        var unavailable = await _reader.ReadAsync(Mailbox, staff, From, From.AddDays(1));

        Assert.Equal(5, Graph.RequestsOfKind(GraphEmulator.Kinds.GetSchedule));
        Assert.All(staff, a => Assert.Equal(SyncFailureKind.Unknown, unavailable[a].Failure?.Kind));
        Assert.All(staff, a => Assert.Contains("503", unavailable[a].Failure!.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASchedulingMailboxOutsideTheAppsScopeIsPermissionDeniedForEveryAddress()
    {
        var staff = AddStaff(2);
        Graph.SetOutsideAppScope(Mailbox); // 403 ErrorAccessDenied on every app call (concepts/auth-limit-mailbox-access.md)

        var results = await _reader.ReadAsync(Mailbox, staff, From, From.AddDays(1));

        Assert.Equal(1, Graph.RequestsOfKind(GraphEmulator.Kinds.GetSchedule));
        Assert.All(staff, a =>
        {
            Assert.Equal(SyncFailureKind.PermissionDenied, results[a].Failure?.Kind);
            Assert.Contains("403 ErrorAccessDenied", results[a].Failure!.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AnUnknownSchedulingMailboxIsUnknownWithADetailSayingSo()
    {
        var staff = AddStaff(2);

        var results = await _reader.ReadAsync("nobody@contoso.test", staff, From, From.AddDays(1));

        Assert.All(staff, a =>
        {
            Assert.Equal(SyncFailureKind.Unknown, results[a].Failure?.Kind);
            Assert.Contains("404", results[a].Failure!.Detail, StringComparison.Ordinal);
            Assert.Contains("mailbox is unknown", results[a].Failure!.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("nobody", results[a].Failure!.Detail, StringComparison.Ordinal);
        });
    }

    // ---- without the emulator: transport failures and foreign wire shapes -----------------------------------

    private sealed class StubHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests) Requests.Add(request.RequestUri!);
            return answer(request, cancellationToken);
        }
    }

    private static HttpClient Client(StubHandler handler) => new(handler) { BaseAddress = new Uri("https://graph.example.test/v1.0/") };

    [Fact]
    public async Task NoConnectionAndTimeoutAreUnknownForTheChunk()
    {
        using var refused = Client(new StubHandler((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused")));
        var a = await new GraphScheduleReader(refused).ReadAsync(Mailbox, ["a@contoso.test", "b@contoso.test"], From, From.AddDays(1));
        Assert.All(a.Values, r => Assert.Equal(SyncFailureKind.Unknown, r.Failure?.Kind));
        Assert.Contains("ConnectionError", a["a@contoso.test"].Failure!.Detail, StringComparison.Ordinal);

        using var slow = Client(new StubHandler((_, _) => throw new TaskCanceledException("timeout", new TimeoutException())));
        var b = await new GraphScheduleReader(slow).ReadAsync(Mailbox, ["a@contoso.test"], From, From.AddDays(1));
        Assert.Equal(SyncFailureKind.Unknown, b["a@contoso.test"].Failure?.Kind);
        Assert.Contains("timed out", b["a@contoso.test"].Failure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellationPropagates()
    {
        using var cts = new CancellationTokenSource();
        using var http = Client(new StubHandler(async (_, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        }));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new GraphScheduleReader(http).ReadAsync(Mailbox, ["a@contoso.test"], From, From.AddDays(1), cts.Token));
    }

    [Fact]
    public async Task ItemTimesInAnotherZoneOrWithoutAZoneAreReadAndTheMailboxIsEscaped()
    {
        const string json = """
            {"value":[
              {"scheduleId":"A@contoso.test","scheduleItems":[
                {"status":"busy","start":{"dateTime":"2026-03-02T09:00:00.0000000","timeZone":"Europe/Warsaw"},"end":{"dateTime":"2026-03-02T10:00:00.0000000","timeZone":"Europe/Warsaw"}},
                {"status":"oof","start":{"dateTime":"2026-03-02T12:00:00.0000000"},"end":{"dateTime":"2026-03-02T13:00:00.0000000"}}]},
              {"scheduleId":"b@contoso.test"},
              {"scheduleId":"c@contoso.test","scheduleItems":[{"status":"busy","start":{"dateTime":"soon","timeZone":"UTC"},"end":{"dateTime":"later","timeZone":"UTC"}}]}
            ]}
            """;
        var handler = new StubHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") }));
        using var http = Client(handler);

        var results = await new GraphScheduleReader(http).ReadAsync("room #1@contoso.test", ["a@contoso.test", "b@contoso.test", "c@contoso.test", "d@contoso.test"], From, From.AddDays(1));

        Assert.Equal(
        [
            new BusyBlock(From.AddHours(8), From.AddHours(9)),   // 09:00 in Warsaw (UTC+1 in March) is 08:00 UTC
            new BusyBlock(From.AddHours(12), From.AddHours(13)),
        ], Busy(results, "a@contoso.test"));
        Assert.Empty(Busy(results, "b@contoso.test"));             // neither error nor items
        Assert.Equal(SyncFailureKind.Unknown, results["c@contoso.test"].Failure?.Kind);
        Assert.Equal(SyncFailureKind.Unknown, results["d@contoso.test"].Failure?.Kind); // missing from the answer
        var uri = Assert.Single(handler.Requests);
        Assert.Equal("https://graph.example.test/v1.0/users/room%20%231%40contoso.test/calendar/getSchedule", uri.AbsoluteUri);
    }
}
