using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Bookings.Core.Sync;
using Bookings.Worker.Sync.Feeds;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Bookings.Web.Tests.Worker.Feeds;

public sealed class IcsFeedSourceTests : IDisposable
{
    private static readonly DateTimeOffset From = new(2026, 3, 9, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 3, 16, 0, 0, 0, TimeSpan.Zero);

    private static readonly string Feed = IcsBusyParserTests.Calendar(
        "UID:busy\r\nDTSTART:20260310T090000Z\r\nDTEND:20260310T100000Z",
        "UID:transparent\r\nTRANSP:TRANSPARENT\r\nDTSTART:20260311T090000Z\r\nDTEND:20260311T100000Z",
        "UID:cancelled\r\nSTATUS:CANCELLED\r\nDTSTART:20260312T090000Z\r\nDTEND:20260312T100000Z",
        "UID:allday\r\nDTSTART;VALUE=DATE:20260313\r\nDTEND;VALUE=DATE:20260314");

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero));
    private readonly List<IcsFeedSource> _sources = [];

    public void Dispose()
    {
        foreach (var source in _sources) source.Dispose();
        _server.Stop();
        _server.Dispose();
    }

    /// <summary>A source on loopback (WireMock) unless <paramref name="configure"/> says otherwise; fake time by default.</summary>
    private IcsFeedSource Source(Action<FeedOptions>? configure = null, TimeProvider? time = null, Func<IPAddress, int, bool>? treatAsPublic = null)
    {
        var options = new FeedOptions { AllowPrivateAddresses = true, Timeout = TimeSpan.FromMinutes(10), RetryAttempts = 3 };
        configure?.Invoke(options);
        var source = new IcsFeedSource(options, time ?? _time, NullLogger.Instance, treatAsPublic);
        _sources.Add(source);
        return source;
    }

    private string Url(string path) => _server.Url + path;

    private void Serve(string path, int status = 200, string? body = null, Action<IResponseBuilder>? configure = null)
    {
        var response = Response.Create().WithStatusCode(status);
        if (body is not null) response = response.WithHeader("Content-Type", "text/calendar; charset=utf-8").WithBody(body);
        configure?.Invoke(response);
        _server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(response);
    }

    /// <summary>Runs a read while advancing the fake clock, so Retry-After waits pass without wall-clock waiting.</summary>
    private async Task<FreeBusyResult> ReadAdvancingAsync(IcsFeedSource source, string url)
    {
        var read = source.ReadAsync(url, "Europe/Warsaw", From, To, CancellationToken.None);
        var guard = Stopwatch.StartNew();
        while (!read.IsCompleted && guard.Elapsed < TimeSpan.FromSeconds(60))
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(5);
        }
        return await read;
    }

    private static void AssertFailure(FreeBusyResult result, SyncFailureKind kind, string detail)
    {
        Assert.False(result.Succeeded, "expected a failure");
        Assert.Equal(kind, result.Failure!.Kind);
        Assert.Equal(detail, result.Failure.Detail);
    }

    [Fact]
    public async Task PlainFeedEventsBecomeBlocksTransparentAndCancelledDoNot()
    {
        Serve("/cal.ics", body: Feed);

        var result = await Source().ReadAsync(Url("/cal.ics"), "Europe/Warsaw", From, To, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Detail);
        Assert.Equal(
            [
                new BusyBlock(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.Zero)),
                new BusyBlock(new DateTimeOffset(2026, 3, 12, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 13, 23, 0, 0, TimeSpan.Zero)),
            ], result.Busy!);
        var request = Assert.Single(_server.LogEntries).RequestMessage;
        Assert.StartsWith("Bookings-CalendarSync/", request.Headers!["User-Agent"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GzipFeedIsDecompressed()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(Feed));
        _server.Given(Request.Create().WithPath("/gz.ics").UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "text/calendar").WithHeader("Content-Encoding", "gzip").WithBody(compressed.ToArray()));

        var result = await Source().ReadAsync(Url("/gz.ics"), "Europe/Warsaw", From, To, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Detail);
        Assert.Equal(2, result.Busy!.Count);
    }

    [Fact]
    public async Task MalformedFeedIsUnknownMalformedWithoutRetries()
    {
        Serve("/bad.ics", body: "<html>Please sign in</html>");

        var result = await Source().ReadAsync(Url("/bad.ics"), "Europe/Warsaw", From, To, CancellationToken.None);

        AssertFailure(result, SyncFailureKind.Unknown, FeedFailures.Malformed);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task HangingFeedTimesOutWellBeforeTheServerAnswers()
    {
        // The server holds the answer for 4 s (and the test's disposal waits for it): keep it short.
        Serve("/hang.ics", body: Feed, configure: r => r.WithDelay(TimeSpan.FromSeconds(4)));
        var source = Source(o => { o.Timeout = TimeSpan.FromMilliseconds(300); o.RetryAttempts = 0; }, TimeProvider.System);

        var watch = Stopwatch.StartNew();
        var result = await source.ReadAsync(Url("/hang.ics"), "Europe/Warsaw", From, To, CancellationToken.None);

        AssertFailure(result, SyncFailureKind.Unknown, FeedFailures.Timeout);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task TooManyRequestsStormRetryAfterIsHonouredThenTheFeedIsRead()
    {
        _server.Given(Request.Create().WithPath("/busy.ics").UsingGet()).InScenario("storm").WillSetStateTo("1")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7"));
        _server.Given(Request.Create().WithPath("/busy.ics").UsingGet()).InScenario("storm").WhenStateIs("1").WillSetStateTo("2")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7"));
        _server.Given(Request.Create().WithPath("/busy.ics").UsingGet()).InScenario("storm").WhenStateIs("2").WillSetStateTo("3")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7"));
        _server.Given(Request.Create().WithPath("/busy.ics").UsingGet()).InScenario("storm").WhenStateIs("3")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/calendar").WithBody(Feed));
        var source = Source(o => o.RetryAttempts = 3);
        var delays = new List<TimeSpan>();
        source.RetryScheduled += delays.Add;

        var result = await ReadAdvancingAsync(source, Url("/busy.ics"));

        Assert.True(result.Succeeded, result.Failure?.Detail);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], delays);
        Assert.Equal(4, _server.LogEntries.Count());
    }

    [Fact]
    public async Task TooManyRequestsStormLongerThanTheRetriesIsUnknownThrottled()
    {
        Serve("/storm.ics", 429, configure: r => r.WithHeader("Retry-After", "7"));
        var source = Source(o => o.RetryAttempts = 2);
        var delays = new List<TimeSpan>();
        source.RetryScheduled += delays.Add;

        var result = await ReadAdvancingAsync(source, Url("/storm.ics"));

        AssertFailure(result, SyncFailureKind.Unknown, FeedFailures.Throttled);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], delays);
        Assert.Equal(3, _server.LogEntries.Count());
    }

    [Fact]
    public async Task RetryAfterFarAwayIsNotWaitedFor()
    {
        Serve("/later.ics", 503, configure: r => r.WithHeader("Retry-After", "3600"));
        var source = Source(o => o.RetryAttempts = 3);

        var result = await source.ReadAsync(Url("/later.ics"), "Europe/Warsaw", From, To, CancellationToken.None);

        AssertFailure(result, SyncFailureKind.Unknown, "HTTP 503");
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public void RetryAfterAsDeltaOrHttpDate()
    {
        var now = new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(7), Bookings.Core.Time.RetryAfter.Delay(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now));
        Assert.Equal(TimeSpan.FromSeconds(42), Bookings.Core.Time.RetryAfter.Delay(RetryConditionHeaderValue.Parse("Sun, 08 Mar 2026 12:00:42 GMT"), now));
        Assert.Equal(TimeSpan.Zero, Bookings.Core.Time.RetryAfter.Delay(new RetryConditionHeaderValue(now.AddMinutes(-1)), now));
        Assert.Null(Bookings.Core.Time.RetryAfter.Delay(null, now));
    }

    [Fact]
    public async Task RetryAfterAsHttpDateIsHonouredOnTheInjectedClock()
    {
        var retryAt = _time.GetUtcNow().AddSeconds(30).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        _server.Given(Request.Create().WithPath("/date.ics").UsingGet()).InScenario("date").WillSetStateTo("1")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", retryAt));
        _server.Given(Request.Create().WithPath("/date.ics").UsingGet()).InScenario("date").WhenStateIs("1")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/calendar").WithBody(Feed));
        var source = Source();
        var delays = new List<TimeSpan>();
        source.RetryScheduled += delays.Add;

        var result = await ReadAdvancingAsync(source, Url("/date.ics"));

        Assert.True(result.Succeeded, result.Failure?.Detail);
        // The HTTP date is relative to the fake clock, which moves on in steps while the first attempt is made.
        var delay = Assert.Single(delays);
        Assert.InRange(delay, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ServerErrorsAreRetriedWithBackoff()
    {
        Serve("/flaky.ics", 502);
        var source = Source(o => o.RetryAttempts = 2);
        var delays = new List<TimeSpan>();
        source.RetryScheduled += delays.Add;

        var result = await ReadAdvancingAsync(source, Url("/flaky.ics"));

        AssertFailure(result, SyncFailureKind.Unknown, "HTTP 502");
        Assert.Equal(2, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, IcsFeedSource.MaxBackoff));
        Assert.Equal(3, _server.LogEntries.Count());
    }

    [Theory]
    [InlineData(404, SyncFailureKind.NotFound)]
    [InlineData(410, SyncFailureKind.NotFound)]
    [InlineData(403, SyncFailureKind.PermissionDenied)]
    [InlineData(401, SyncFailureKind.PermissionDenied)]
    public async Task ClientErrorsMapToTheirKindWithoutRetries(int status, SyncFailureKind kind)
    {
        Serve("/gone.ics", status);

        var result = await Source().ReadAsync(Url("/gone.ics"), "Europe/Warsaw", From, To, CancellationToken.None);

        AssertFailure(result, kind, $"HTTP {status}");
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task CircuitBreakerOpensAfterRepeatedFailuresAnswersWithoutARequestThenTriesAgain()
    {
        Serve("/down.ics", 500);
        var source = Source(o => { o.RetryAttempts = 0; o.BreakAfterFailures = 3; o.BreakDuration = TimeSpan.FromMinutes(5); });
        var url = Url("/down.ics");

        for (var i = 0; i < 3; i++)
            AssertFailure(await source.ReadAsync(url, "Europe/Warsaw", From, To, CancellationToken.None), SyncFailureKind.Unknown, "HTTP 500");
        Assert.Equal(3, _server.LogEntries.Count());

        AssertFailure(await source.ReadAsync(url, "Europe/Warsaw", From, To, CancellationToken.None), SyncFailureKind.Unknown, FeedFailures.CircuitOpen);
        Assert.Equal(3, _server.LogEntries.Count());

        // Another feed (even on the same host) has its own circuit.
        Serve("/other.ics", body: Feed);
        Assert.True((await source.ReadAsync(Url("/other.ics"), "Europe/Warsaw", From, To, CancellationToken.None)).Succeeded);

        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        AssertFailure(await source.ReadAsync(url, "Europe/Warsaw", From, To, CancellationToken.None), SyncFailureKind.Unknown, "HTTP 500");
        Assert.Equal(5, _server.LogEntries.Count());
    }

    [Fact]
    public async Task OversizedBodyIsUnknownTooLarge()
    {
        Serve("/big.ics", body: Feed + new string('X', 10_000));
        var source = Source(o => o.MaxBytes = 1024);

        var result = await source.ReadAsync(Url("/big.ics"), "Europe/Warsaw", From, To, CancellationToken.None);

        AssertFailure(result, SyncFailureKind.Unknown, FeedFailures.TooLarge);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task CompressedBombIsCutOffWhileReading()
    {
        // 2 MB of feed in a few kilobytes of gzip: the declared length passes, the decompressed body does not.
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(Feed + new string('X', 2_000_000)));
        Assert.True(compressed.Length < 64 * 1024);
        _server.Given(Request.Create().WithPath("/bomb.ics").UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "text/calendar").WithHeader("Content-Encoding", "gzip").WithBody(compressed.ToArray()));
        var source = Source(o => o.MaxBytes = 64 * 1024);

        var result = await source.ReadAsync(Url("/bomb.ics"), "Europe/Warsaw", From, To, CancellationToken.None);

        AssertFailure(result, SyncFailureKind.Unknown, FeedFailures.TooLarge);
    }

    [Fact]
    public async Task RedirectsAreFollowedUpToTheLimit()
    {
        Serve("/start.ics", 302, configure: r => r.WithHeader("Location", "/moved.ics"));
        Serve("/moved.ics", body: Feed);
        Serve("/loop.ics", 302, configure: r => r.WithHeader("Location", "/loop.ics"));
        var source = Source(o => o.MaxRedirects = 2);

        Assert.True((await source.ReadAsync(Url("/start.ics"), "Europe/Warsaw", From, To, CancellationToken.None)).Succeeded);
        AssertFailure(await source.ReadAsync(Url("/loop.ics"), "Europe/Warsaw", From, To, CancellationToken.None),
            SyncFailureKind.Unknown, FeedFailures.TooManyRedirects);
        Assert.Equal(2 + 3, _server.LogEntries.Count());
    }

    [Fact]
    public async Task CallerCancellationThrows()
    {
        Serve("/slow.ics", body: Feed, configure: r => r.WithDelay(TimeSpan.FromSeconds(4)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Source(time: TimeProvider.System).ReadAsync(Url("/slow.ics"), "Europe/Warsaw", From, To, cts.Token));
    }
}
