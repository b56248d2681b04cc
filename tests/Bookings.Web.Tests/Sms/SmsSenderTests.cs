using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bookings.Worker.Sms;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Bookings.Web.Tests.Sms.SmsTestKit;

namespace Bookings.Web.Tests.Sms;

public sealed class SmsSenderTests : IDisposable
{
    private const string MessagesPath = $"/2010-04-01/Accounts/{AccountSid}/Messages.json";
    private const string Text = "Reminder: haircut tomorrow at 10:00";

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero));
    private readonly List<TwilioSmsSender> _senders = [];

    public void Dispose()
    {
        foreach (var sender in _senders) sender.Dispose();
        _server.Stop();
        _server.Dispose();
    }

    private TwilioSmsSender Sender(Action<SmsOptions>? configure = null, string? baseUrl = null)
    {
        var sender = new TwilioSmsSender(Microsoft.Extensions.Options.Options.Create(Options(baseUrl ?? _server.Url!, configure)), _time,
            NullLogger<TwilioSmsSender>.Instance);
        _senders.Add(sender);
        return sender;
    }

    private static IResponseBuilder Created(string sid = "SM0123456789abcdef0123456789abcdef") =>
        Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"sid":"{{sid}}","status":"queued"}""");

    /// <summary>Runs a send while advancing the fake clock, so retry waits pass without wall-clock waiting.</summary>
    private async Task<T> AdvancingAsync<T>(Task<T> send)
    {
        var guard = Stopwatch.StartNew();
        while (!send.IsCompleted && guard.Elapsed < TimeSpan.FromSeconds(60))
        {
            _time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(5);
        }
        return await send;
    }

    private Dictionary<string, string> SentForm(int index = 0)
    {
        var body = _server.LogEntries.ElementAt(index).RequestMessage.Body ?? "";
        return QueryHelpers.ParseQuery(body).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    [Fact]
    public async Task SmsSendPostsTheFormWithBasicAuthAndReturnsTheSid()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Created("SM42"));

        var sid = await Sender().SendAsync(CustomerNumber, Text, CancellationToken.None);

        Assert.Equal("SM42", sid);
        var request = Assert.Single(_server.LogEntries).RequestMessage;
        Assert.Equal(MessagesPath, request.Path);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}")), request.Headers["Authorization"].Single());
        var form = SentForm();
        Assert.Equal(CustomerNumber, form["To"]);
        Assert.Equal(FromNumber, form["From"]);
        Assert.Equal(Text, form["Body"]);
        Assert.False(form.ContainsKey("MessagingServiceSid"));
    }

    [Fact]
    public async Task SmsSendFromAMessagingServiceSendsMessagingServiceSidInsteadOfFrom()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Created());

        await Sender(o => o.From = MessagingServiceSid).SendAsync(CustomerNumber, Text, CancellationToken.None);

        var form = SentForm();
        Assert.Equal(MessagingServiceSid, form["MessagingServiceSid"]);
        Assert.False(form.ContainsKey("From"));
    }

    [Fact]
    public async Task SmsSendTooManyRequestsWithRetryAfterWaitsThatLongThenSendsOnce()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).InScenario("throttled").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7")
                .WithBody("""{"code":20429,"message":"Too Many Requests","status":429}"""));
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).InScenario("throttled").WhenStateIs("ok").RespondWith(Created("SM7"));
        var sender = Sender();
        var delays = new List<TimeSpan>();
        sender.RetryScheduled += delays.Add;

        var sid = await AdvancingAsync(sender.SendAsync(CustomerNumber, Text, CancellationToken.None));

        Assert.Equal("SM7", sid);
        Assert.Equal([TimeSpan.FromSeconds(7)], delays);
        Assert.Equal(2, _server.LogEntries.Count()); // one refused, one accepted: sent once
    }

    [Fact]
    public async Task SmsSendInvalidNumber400ThrowsWithTheTwilioCodeNotRetriedWithoutTheNumberOrText()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(400)
            .WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"code":21211,"message":"The 'To' number {{CustomerNumber}} is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}"""));
        var sender = Sender();
        var delays = new List<TimeSpan>();
        sender.RetryScheduled += delays.Add;

        var e = await Assert.ThrowsAsync<SmsProviderException>(() => AdvancingAsync(sender.SendAsync(CustomerNumber, Text, CancellationToken.None)));

        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Equal(21211, e.ErrorCode);
        Assert.True(e.IsRejected);
        Assert.Contains("21211", e.Message, StringComparison.Ordinal);
        Assert.Contains("400", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("600100200", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("haircut", e.Message, StringComparison.Ordinal);
        Assert.Empty(delays);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task SmsSendUnsubscribed21610ThrowsRejected()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(400)
            .WithBody("""{"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400}"""));

        var e = await Assert.ThrowsAsync<SmsProviderException>(() => Sender().SendAsync(CustomerNumber, Text, CancellationToken.None));

        Assert.Equal(21610, e.ErrorCode);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task SmsSendServerError500IsNotRetriedAndThrows()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(500));
        var sender = Sender();
        var delays = new List<TimeSpan>();
        sender.RetryScheduled += delays.Add;

        var e = await Assert.ThrowsAsync<SmsProviderException>(() => AdvancingAsync(sender.SendAsync(CustomerNumber, Text, CancellationToken.None)));

        Assert.Equal(HttpStatusCode.InternalServerError, e.Status);
        Assert.False(e.IsRejected);
        Assert.Contains("500", e.Message, StringComparison.Ordinal);
        Assert.Empty(delays);
        Assert.Single(_server.LogEntries); // a 5xx may have been accepted: sending again could send it twice
    }

    [Fact]
    public async Task SmsSendThrottledLongerThanTheRetriesThrowsTooManyRequests()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2"));
        var sender = Sender(o => o.RetryAttempts = 2);
        var delays = new List<TimeSpan>();
        sender.RetryScheduled += delays.Add;

        var e = await Assert.ThrowsAsync<SmsProviderException>(() => AdvancingAsync(sender.SendAsync(CustomerNumber, Text, CancellationToken.None)));

        Assert.Equal(HttpStatusCode.TooManyRequests, e.Status);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], delays);
        Assert.Equal(3, _server.LogEntries.Count());
    }

    [Fact]
    public async Task SmsSendRetryAfterTooFarAwayIsNotWaitedFor()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3600"));
        var sender = Sender();
        var delays = new List<TimeSpan>();
        sender.RetryScheduled += delays.Add;

        var e = await Assert.ThrowsAsync<SmsProviderException>(() => AdvancingAsync(sender.SendAsync(CustomerNumber, Text, CancellationToken.None)));

        Assert.Equal(HttpStatusCode.TooManyRequests, e.Status);
        Assert.Empty(delays);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task SmsSendNoConnectionIsRetriedThenThrows()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: the connection is refused before anything is sent
        var sender = Sender(o => o.RetryAttempts = 2, baseUrl: $"http://127.0.0.1:{port}");
        var delays = new List<TimeSpan>();
        sender.RetryScheduled += delays.Add;

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => AdvancingAsync(sender.SendAsync(CustomerNumber, Text, CancellationToken.None)));

        Assert.Equal(HttpRequestError.ConnectionError, e.HttpRequestError);
        Assert.Equal(2, delays.Count);
    }

    [Fact]
    public async Task SmsSendAttemptTimesOutIsNotRetriedAndThrowsNamingTheSetting()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Created().WithDelay(TimeSpan.FromSeconds(3)));
        var sender = Sender(o => o.Timeout = TimeSpan.FromSeconds(2));
        var delays = new List<TimeSpan>();
        sender.RetryScheduled += delays.Add;

        var e = await Assert.ThrowsAsync<TimeoutException>(() => AdvancingAsync(sender.SendAsync(CustomerNumber, Text, CancellationToken.None)));

        Assert.Contains("Sms:Timeout", e.Message, StringComparison.Ordinal);
        Assert.Empty(delays); // the provider may have accepted it: not sent again at once
    }

    [Fact]
    public async Task SmsSendNotConfiguredThrows()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Sender(o => o.AccountSid = "").SendAsync(CustomerNumber, Text, CancellationToken.None));
        Assert.Contains("Sms:AccountSid", e.Message, StringComparison.Ordinal);
        Assert.Empty(_server.LogEntries);
    }
}
