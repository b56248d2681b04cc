using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Web.Tests.Worker;
using Bookings.Worker.Sms;
using Microsoft.Extensions.Logging.Abstractions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Bookings.Web.Tests.Sms.SmsTestKit;

namespace Bookings.Web.Tests.Sms;

public sealed class SmsOutboxChannelTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 8, 12, 0, 0, TimeSpan.Zero);

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly InMemoryOutboxStore _store = new();
    private readonly List<TwilioSmsSender> _senders = [];

    public SmsOutboxChannelTests()
    {
        _server.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Messages.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"sid":"SM1"}"""));
    }

    public void Dispose()
    {
        foreach (var sender in _senders) sender.Dispose();
        _server.Stop();
        _server.Dispose();
    }

    private SmsOutboxChannel Channel(Action<SmsOptions>? configure = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options(_server.Url!, configure));
        var sender = new TwilioSmsSender(options, TimeProvider.System, NullLogger<TwilioSmsSender>.Instance);
        _senders.Add(sender);
        return new SmsOutboxChannel(_store, sender, TestManageLinks.Opener(), options, NullLogger<SmsOutboxChannel>.Instance);
    }

    private static OutboxMessage Message(string to, string body = "Your appointment is confirmed.") =>
        new("m-1", "contoso@bookings.local", "apt-1:a-1:booking.customer.sms:m-1", SmsMessage.Channel, NotificationKinds.BookingCustomer,
            new SmsMessage(to, body).ToJson(), Now, Now);

    [Fact]
    public async Task SmsChannelIsNamedSmsAndSendsThroughTheProvider()
    {
        var channel = Channel();
        Assert.Equal("sms", channel.Name);

        await channel.SendAsync(Message(CustomerNumber), CancellationToken.None);

        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task SmsChannelOptedOutNumberSendsNothingAndDoesNotThrow()
    {
        _store.OptedOut.Add(CustomerNumber);

        await Channel().SendAsync(Message(CustomerNumber), CancellationToken.None);

        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task SmsChannelNotConfiguredThrowsNamingAccountSidAndSendsNothing()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Channel(o => o.AccountSid = "").SendAsync(Message(CustomerNumber), CancellationToken.None));

        Assert.Contains("Sms:AccountSid", e.Message, StringComparison.Ordinal);
        Assert.Empty(_server.LogEntries);
    }

    [Theory]
    [InlineData("600100200")]        // national, not E.164
    [InlineData("+48 600 100 200")]  // spaces
    [InlineData("+4860010")]         // too short to be valid
    [InlineData("")]
    public async Task SmsChannelNotE164ThrowsWithoutTheNumberAndSendsNothing(string to)
    {
        var e = await Assert.ThrowsAsync<FormatException>(() => Channel().SendAsync(Message(to), CancellationToken.None));

        Assert.Contains("E.164", e.Message, StringComparison.Ordinal);
        if (to.Length > 0) Assert.DoesNotContain(to, e.Message, StringComparison.Ordinal);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task SmsChannelARefusedRecipientIsRejectedForGoodAnyOtherRefusalPropagates()
    {
        _server.Reset();
        _server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(400).WithBody("""{"code":21211,"status":400}"""));

        var rejected = await Assert.ThrowsAsync<Bookings.Worker.Outbox.RecipientRejectedException>(() => Channel().SendAsync(Message(CustomerNumber), CancellationToken.None));
        Assert.Equal(21211, Assert.IsType<SmsProviderException>(rejected.InnerException).ErrorCode);
        Assert.DoesNotContain(CustomerNumber, rejected.Message, StringComparison.Ordinal);

        _server.Reset();
        _server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(401).WithBody("""{"code":20003,"status":401}"""));
        var e = await Assert.ThrowsAsync<SmsProviderException>(() => Channel().SendAsync(Message(CustomerNumber), CancellationToken.None));
        Assert.Equal(20003, e.ErrorCode); // wrong credentials: the message waits for a fix
    }
}
