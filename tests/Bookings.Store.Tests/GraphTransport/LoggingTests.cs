using System.Net;
using Microsoft.Extensions.Logging;

namespace Bookings.Store.Tests.GraphTransport;

public sealed class LoggingTests
{
    [Fact]
    public async Task RetriesAreLoggedWithStatusAttemptAndDelayButNoMailboxPathOrToken()
    {
        var logs = new CapturingLoggerFactory();
        using var rig = new TransportRig(o => o.MaxRetries = 1, logs);
        rig.Sequence("/v1.0/users/frontdesk@contoso.com/events", TransportRig.Status(429, ("Retry-After", "7")));

        var retryWaitStarted = rig.Time.TimerCreated(TimeSpan.FromSeconds(7));
        var call = rig.Http.GetAsync("users/frontdesk@contoso.com/events");
        await retryWaitStarted.WaitAsync(TimeSpan.FromSeconds(30));
        rig.Time.Advance(TimeSpan.FromSeconds(7));
        using var response = await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);

        var retry = Assert.Single(logs.Entries, e => e.Id.Id == 7100);
        Assert.Equal(LogLevel.Warning, retry.Level);
        Assert.Equal("Bookings.Store.Graph.Transport", retry.Category);
        Assert.Contains("answered 429; retry 1 of 1 in 00:00:07", retry.Message);
        var gaveUp = Assert.Single(logs.Entries, e => e.Id.Id == 7101);
        Assert.Contains("still failed after 2 attempts: 429", gaveUp.Message);
        foreach (var (_, _, _, message) in logs.Entries)
        {
            Assert.DoesNotContain("frontdesk", message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("events", message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(FakeCredential.Token, message, StringComparison.Ordinal);
        }
    }
}
