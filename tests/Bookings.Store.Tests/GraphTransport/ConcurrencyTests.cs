using System.Net;
using Bookings.Store.Graph.Transport;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Bookings.Store.Tests.GraphTransport;

// WireMock servers take free ports found by probing; one collection keeps them from racing for the same port.
[Collection(WireMockServers.Name)]
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task TwentyParallelRequestsToOneMailboxNeverHaveMoreThanFourInFlightWhileAnotherMailboxProceeds()
    {
        using var rig = new TransportRig();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        var maxInFlight = 0;
        var arrived = 0;
        rig.Server.Given(Request.Create().WithPath(new RegexMatcher("^/v1.0/users/busy(@|%40)contoso.com/", ignoreCase: true)).UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(async _ =>
            {
                var now = Interlocked.Increment(ref inFlight);
                Interlocked.Increment(ref arrived);
                int seen;
                while (now > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen) { }
                try
                {
                    await gate.Task;
                    await Task.Delay(20);
                    return new ResponseMessage { StatusCode = 200 };
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }));
        rig.Server.Given(Request.Create().WithPath(new RegexMatcher("^/v1.0/users/other(@|%40)contoso.com/", ignoreCase: true)).UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200));

        // Mixed case and escaping name the same mailbox.
        var busy = Enumerable.Range(0, 20)
            .Select(i => rig.Http.GetAsync(i % 2 == 0 ? $"users/busy@contoso.com/events/{i}" : $"users/BUSY%40Contoso.com/events/{i}"))
            .ToArray();
        var deadline = 0;
        while (Volatile.Read(ref arrived) < 4 && deadline++ < 1000) await Task.Delay(10);
        Assert.Equal(4, Volatile.Read(ref arrived));

        // The other mailbox is not held up by the busy one.
        using (var other = await rig.Http.GetAsync("users/other@contoso.com/events").WaitAsync(TimeSpan.FromSeconds(30)))
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        // Requests without a mailbox are not limited either.
        rig.Server.Given(Request.Create().WithPath("/v1.0/solutions/bookingBusinesses").UsingGet()).RespondWith(Response.Create().WithStatusCode(200));
        using (var solutions = await rig.Http.GetAsync("solutions/bookingBusinesses").WaitAsync(TimeSpan.FromSeconds(30)))
            Assert.Equal(HttpStatusCode.OK, solutions.StatusCode);
        Assert.Equal(4, Volatile.Read(ref arrived));

        gate.SetResult();
        var responses = await Task.WhenAll(busy).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in responses) r.Dispose();
        Assert.Equal(20, Volatile.Read(ref arrived));
        Assert.Equal(4, Volatile.Read(ref maxInFlight));
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0/users/a@contoso.com/events", "a@contoso.com")]
    [InlineData("https://graph.microsoft.com/v1.0/USERS/A%40Contoso.com/calendar/getSchedule", "a@contoso.com")]
    [InlineData("https://graph.microsoft.com/v1.0/users/a@contoso.com", "a@contoso.com")]
    [InlineData("https://graph.microsoft.com/v1.0/solutions/bookingBusinesses", null)]
    [InlineData("https://graph.microsoft.com/v1.0/$batch", null)]
    [InlineData("https://graph.microsoft.com/v1.0/users", null)]
    public void TheMailboxIsTheUsersSegmentUnderTheBasePath(string uri, string? mailbox) =>
        Assert.Equal(mailbox, GraphMailbox.Of(new Uri(uri), "/v1.0/"));

    [Fact]
    public void MailboxesAreLoggedAsAShortHash()
    {
        var hash = GraphTransportLog.MailboxHash("Frontdesk@Contoso.com");
        Assert.Equal(8, hash.Length);
        Assert.Equal(hash, GraphTransportLog.MailboxHash("frontdesk@contoso.com"));
        Assert.DoesNotContain("contoso", hash, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("-", GraphTransportLog.MailboxHash(null));
    }
}
