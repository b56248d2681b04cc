using System.Net;
using System.Text;
using Bookings.Store.Graph.Transport;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Bookings.Store.Tests.GraphTransport;

// WireMock servers take free ports found by probing; one collection keeps them from racing for the same port.
[Collection(WireMockServers.Name)]
public sealed class ResilienceTests
{
    private const string Path = "/v1.0/users/frontdesk@contoso.com/events";
    private const string Relative = "users/frontdesk@contoso.com/events";

    [Fact]
    public async Task SendsTheBearerTokenToTheBaseUrl()
    {
        using var rig = new TransportRig();
        rig.Sequence(Path, TransportRig.Status(200));

        using var response = await rig.Http.GetAsync(Relative);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(rig.Server.LogEntries);
        Assert.Equal($"Bearer {FakeCredential.Token}", Assert.Single(entry.RequestMessage.Headers!["Authorization"]));
        Assert.Equal(rig.Options.BaseAddress, rig.Http.BaseAddress);
        Assert.Equal($"http://{rig.Options.BaseAddress.Host}/.default", Assert.Single(Assert.Single(rig.Credential.Scopes)));
    }

    [Fact]
    public async Task ThrottledWithRetryAfter7WaitsExactly7SecondsOfFakeTime()
    {
        using var rig = new TransportRig();
        rig.Sequence(Path, TransportRig.Status(429, ("Retry-After", "7")), TransportRig.Status(200));

        var retryWaitStarted = rig.Time.TimerCreated(TimeSpan.FromSeconds(7));
        var call = rig.Http.GetAsync(Relative);
        await retryWaitStarted.WaitAsync(TimeSpan.FromSeconds(30));

        rig.Time.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.False(call.IsCompleted, "the retry went out before Retry-After had passed");
        Assert.Equal(1, rig.RequestCount);

        rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, rig.RequestCount);
        // The only delay the pipeline chose is Retry-After's (per-attempt timeouts start as infinite timers and are then set).
        Assert.Equal([TimeSpan.FromSeconds(7)], rig.Time.TimerDueTimes.Where(t => t > TimeSpan.Zero).ToArray());
    }

    [Fact]
    public async Task ARetryAfterLongerThanTheBackoffCapIsHonouredInFull()
    {
        using var rig = new TransportRig();
        rig.Sequence(Path, TransportRig.Status(429, ("Retry-After", "120")), TransportRig.Status(200));

        await AssertTheRetryWaitsExactly(rig, TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task RetryAfterAsAnHttpDateIsHonoured()
    {
        using var rig = new TransportRig();
        var at = rig.Time.GetUtcNow().AddSeconds(12);
        rig.Sequence(Path, TransportRig.Status(503, ("Retry-After", at.ToString("R"))), TransportRig.Status(200));

        await AssertTheRetryWaitsExactly(rig, TimeSpan.FromSeconds(12));
    }

    // The request must still be waiting a millisecond before the delay has passed, and done right after.
    private static async Task AssertTheRetryWaitsExactly(TransportRig rig, TimeSpan delay)
    {
        var retryWaitStarted = rig.Time.TimerCreated(delay);
        var call = rig.Http.GetAsync(Relative);
        await retryWaitStarted.WaitAsync(TimeSpan.FromSeconds(30));
        rig.Time.Advance(delay - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.False(call.IsCompleted, "the retry went out before Retry-After had passed");
        rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(429)]
    public async Task ATransientStatusThen200Succeeds(int status)
    {
        using var rig = new TransportRig();
        rig.Sequence(Path, TransportRig.Status(status), TransportRig.Status(200));

        using var response = await rig.Time.ElapseRetryWaitsAsync(rig.Http.GetAsync(Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, rig.RequestCount);
    }

    [Fact]
    public async Task UnavailableForeverGivesUpAfterMaxRetriesPlusOneAttemptsWithTheLastStatus()
    {
        using var rig = new TransportRig(o => o.MaxRetries = 3);
        rig.Sequence(Path, TransportRig.Status(503));

        using var response = await rig.Time.ElapseRetryWaitsAsync(rig.Http.GetAsync(Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(4, rig.RequestCount);
        Assert.Contains("\"status\":503", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AHangingAnswerTimesOutPerAttemptIsRetriedThenFailsClearly()
    {
        using var rig = new TransportRig(o => { o.Timeout = TimeSpan.FromSeconds(2); o.MaxRetries = 2; });
        // The server hangs until the test ends (rather than WithDelay's wall-clock delay, which would race the
        // fake clock and hold the server's shutdown); only fake time passes for the client.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Server.Given(Request.Create().WithPath(Path).UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(async _ =>
            {
                await release.Task;
                return new ResponseMessage { StatusCode = 200 };
            }));

        var call = rig.Http.GetAsync(Relative);
        GraphTimeoutException error;
        try
        {
            error = await Assert.ThrowsAsync<GraphTimeoutException>(() => rig.Time.DriveAsync(call, TimeSpan.FromMilliseconds(500)));
        }
        finally
        {
            release.SetResult();
        }

        Assert.Contains("did not answer GET within Graph:Timeout (00:00:02) on 3 attempt(s)", error.Message);
        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
        // The first attempt and MaxRetries = 2 retries went out, each abandoned at its timeout.
        Assert.Equal(3, rig.Attempts);
    }

    [Theory]
    [InlineData(412)]
    [InlineData(413)]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    public async Task OtherClientErrorsAreReturnedAtOnceWithoutARetry(int status)
    {
        using var rig = new TransportRig();
        rig.Sequence(Path, TransportRig.Status(status), TransportRig.Status(200));

        using var response = await rig.Http.PatchAsync(Relative, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(1, rig.RequestCount);
    }

    [Fact]
    public async Task APostIsRetriedWithTheSameBody()
    {
        using var rig = new TransportRig();
        rig.Sequence(Path, TransportRig.Status(503, ("Retry-After", "1")), TransportRig.Status(201));
        const string body = """{"subject":"Hold","transactionId":"7c4b9a"}""";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new("application/json");

        using var response = await rig.Time.ElapseRetryWaitsAsync(rig.Http.PostAsync(Relative, content));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new[] { body, body }, rig.Server.LogEntries.Select(e => e.RequestMessage.Body ?? "").ToArray());
    }

    [Theory]
    [InlineData(503, 1)]
    [InlineData(504, 1)]
    [InlineData(429, 2)]
    public async Task ARequestMarkedNotIdempotentIsRetriedOnlyWhenThrottled(int status, int requests)
    {
        using var rig = new TransportRig();
        rig.Sequence(Path, TransportRig.Status(status), TransportRig.Status(202));
        using var request = new HttpRequestMessage(HttpMethod.Post, Relative) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Options.Set(ResilienceHandler.NotIdempotent, true);

        using var response = await rig.Time.ElapseRetryWaitsAsync(rig.Http.SendAsync(request));

        Assert.Equal(requests, rig.RequestCount);
        Assert.Equal(requests == 1 ? status : 202, (int)response.StatusCode);
    }

    [Fact]
    public async Task AConnectionFailureIsRetried()
    {
        using var rig = new TransportRig(network: new UnreachableHandler(failures: 2));

        using var response = await rig.Time.ElapseRetryWaitsAsync(rig.Http.GetAsync(Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, rig.Attempts);
    }

    [Fact]
    public async Task AConnectionThatNeverSucceedsSurfacesAsHttpRequestExceptionAfterMaxRetriesPlusOneAttempts()
    {
        using var rig = new TransportRig(o => o.MaxRetries = 2, network: new UnreachableHandler(failures: int.MaxValue));

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => rig.Time.ElapseRetryWaitsAsync(rig.Http.GetAsync(Relative)));

        Assert.IsNotType<GraphTimeoutException>(error);
        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
        Assert.Equal(3, rig.Attempts);
    }

    [Fact]
    public async Task TheTokenIsCachedAndRenewedBeforeItExpires()
    {
        using var rig = new TransportRig();
        rig.Sequence(Path, TransportRig.Status(200));

        (await rig.Http.GetAsync(Relative)).Dispose();
        (await rig.Http.GetAsync(Relative)).Dispose();
        Assert.Equal(1, rig.Credential.Calls);

        rig.Time.Advance(TimeSpan.FromMinutes(54));
        (await rig.Http.GetAsync(Relative)).Dispose();
        Assert.Equal(1, rig.Credential.Calls);

        rig.Time.Advance(TimeSpan.FromMinutes(2)); // 4 minutes before expiry: inside the refresh margin
        (await rig.Http.GetAsync(Relative)).Dispose();
        Assert.Equal(2, rig.Credential.Calls);
    }

    [Fact]
    public async Task A401DropsTheCachedToken()
    {
        using var rig = new TransportRig();
        rig.Sequence(Path, TransportRig.Status(401), TransportRig.Status(200));

        using (var first = await rig.Http.GetAsync(Relative)) Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        using (var second = await rig.Http.GetAsync(Relative)) Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, rig.Credential.Calls);
        Assert.Equal(2, rig.RequestCount);
    }

    [Fact]
    public void RetryAfterParsing()
    {
        var now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        using var delta = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        delta.Headers.TryAddWithoutValidation("Retry-After", "7");
        Assert.Equal(TimeSpan.FromSeconds(7), ResilienceHandler.RetryAfter(delta, now));

        using var date = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        date.Headers.TryAddWithoutValidation("Retry-After", now.AddSeconds(30).ToString("R"));
        Assert.Equal(TimeSpan.FromSeconds(30), ResilienceHandler.RetryAfter(date, now));

        using var past = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        past.Headers.TryAddWithoutValidation("Retry-After", now.AddSeconds(-30).ToString("R"));
        Assert.Equal(TimeSpan.Zero, ResilienceHandler.RetryAfter(past, now));

        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        Assert.Null(ResilienceHandler.RetryAfter(none, now));
    }
}
