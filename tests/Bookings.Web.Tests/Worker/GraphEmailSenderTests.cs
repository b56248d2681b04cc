using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Hosting;
using Bookings.Store.Graph.Mail;
using Bookings.Store.Graph.Transport;
using Bookings.Worker;
using Bookings.Worker.Mail;
using Bookings.Worker.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using AccessToken = Azure.Core.AccessToken;
using TokenCredential = Azure.Core.TokenCredential;
using TokenRequestContext = Azure.Core.TokenRequestContext;

namespace Bookings.Web.Tests.Worker;

public sealed class GraphEmailSenderTests : IDisposable
{
    private static readonly DateTimeOffset QueuedAt = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private const string Ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nVERSION:2.0\r\nSUMMARY:Konsultacja – Łódź\r\nEND:VCALENDAR\r\n";
    private const string Key = "apt-1:a-1:booking.customer:0";

    // Characters Uri.EscapeDataString must escape in the path: ' + @
    private const string Mailbox = "o'brien+contoso@contoso.example";

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly RecordingHandler _wire = new() { InnerHandler = new SocketsHttpHandler() };
    private readonly HttpClient _http;

    public GraphEmailSenderTests()
    {
        var options = new GraphOptions
        {
            TenantId = "contoso.onmicrosoft.com",
            ClientId = "00000000-0000-0000-0000-000000000001",
            ClientSecret = "not-a-secret",
            BaseUrl = _server.Urls[0].TrimEnd('/') + "/v1.0",
        };
        // The real transport (sign-in, retry layer, per-mailbox cap) in front of WireMock.
        _http = GraphHttp.CreateClient(options, new StaticCredential(), TimeProvider.System, primaryHandler: _wire);
    }

    public void Dispose()
    {
        _http.Dispose();
        _server.Stop();
        _server.Dispose();
    }

    private GraphEmailSender Sender() => new(new GraphMailboxMail(_http));

    private void Answer(int status, string? body = null)
    {
        var response = Response.Create().WithStatusCode(status);
        if (body is not null) response = response.WithHeader("Content-Type", "application/json").WithBody(body);
        _server.Given(Request.Create().WithPath(new WildcardMatcher("/v1.0/users/*/sendMail")).UsingPost()).RespondWith(response);
    }

    private static EmailMessage Email(string toName = "Jan Kowalski", string subject = "Booking confirmed: Consultation", EmailContact? replyTo = null) =>
        new(new EmailContact("jan@example.com", toName), "Contoso Consulting", replyTo ?? new EmailContact("hello@contoso.example", "Contoso Help"),
            subject, "Hello Jan,\n\nSee you.\n", "<p>Hello Jan,</p>",
            [new EmailAttachment("invite.ics", "text/calendar; method=REQUEST; charset=utf-8", Ics)]);

    private ILogEntry SingleRequest() => Assert.Single(_server.LogEntries);

    private static JsonObject BodyOf(ILogEntry entry) => Assert.IsType<JsonObject>(JsonNode.Parse(entry.RequestMessage.Body!));

    [Fact]
    public async Task TheEmailIsPostedToSendMailOfTheMailboxWithItsBodyRecipientsAndInvitation()
    {
        Answer(202);

        await Sender().SendAsync(Email(), Mailbox, Key, QueuedAt, CancellationToken.None);

        var entry = SingleRequest();
        Assert.Equal("POST", entry.RequestMessage.Method);
        // As it went on the wire (WireMock's log shows the path form-decoded, '+' as a space).
        Assert.Equal("/v1.0/users/o%27brien%2Bcontoso%40contoso.example/sendMail", Assert.Single(_wire.Paths));
        Assert.NotNull(entry.MappingGuid); // answered by the sendMail mapping
        Assert.Equal("Bearer " + StaticCredential.Token, Assert.Single(entry.RequestMessage.Headers!["Authorization"]));
        Assert.StartsWith("application/json", Assert.Single(entry.RequestMessage.Headers!["Content-Type"]));

        var body = BodyOf(entry);
        Assert.True(body["saveToSentItems"]!.GetValue<bool>());
        var message = body["message"]!.AsObject();
        Assert.Equal("Booking confirmed: Consultation", message["subject"]!.GetValue<string>());
        Assert.Equal("HTML", message["body"]!["contentType"]!.GetValue<string>());
        Assert.Equal("<p>Hello Jan,</p>", message["body"]!["content"]!.GetValue<string>());

        var to = Assert.Single(message["toRecipients"]!.AsArray())!["emailAddress"]!;
        Assert.Equal("jan@example.com", to["address"]!.GetValue<string>());
        Assert.Equal("Jan Kowalski", to["name"]!.GetValue<string>());
        var replyTo = Assert.Single(message["replyTo"]!.AsArray())!["emailAddress"]!;
        Assert.Equal("hello@contoso.example", replyTo["address"]!.GetValue<string>());
        Assert.Equal("Contoso Help", replyTo["name"]!.GetValue<string>());

        var invite = Assert.Single(message["attachments"]!.AsArray())!;
        Assert.Equal("#microsoft.graph.fileAttachment", invite["@odata.type"]!.GetValue<string>());
        Assert.Equal("invite.ics", invite["name"]!.GetValue<string>());
        Assert.Equal("text/calendar; method=REQUEST; charset=utf-8", invite["contentType"]!.GetValue<string>());
        Assert.Equal(Ics, Encoding.UTF8.GetString(Convert.FromBase64String(invite["contentBytes"]!.GetValue<string>())));

        var header = Assert.Single(message["internetMessageHeaders"]!.AsArray())!;
        Assert.Equal("X-Bookings-Deduplication", header["name"]!.GetValue<string>());
        Assert.Equal(MimeMessages.KeyHash(Key)[..32], header["value"]!.GetValue<string>());

        // Graph sends as the mailbox: the calendar's name is nowhere in the request.
        Assert.Null(message["from"]);
        Assert.Null(message["sender"]);
        Assert.DoesNotContain("Contoso Consulting", entry.RequestMessage.Body);
    }

    [Fact]
    public async Task WithoutAValidReplyToNoneIsSent()
    {
        Answer(202);

        await Sender().SendAsync(Email(replyTo: new EmailContact("not an address", "Nobody")), Mailbox, Key, QueuedAt, CancellationToken.None);

        Assert.Null(BodyOf(SingleRequest())["message"]!["replyTo"]);
    }

    [Fact]
    public async Task LineBreaksInTheSubjectAndNamesArriveAsOneLine()
    {
        Answer(202);
        var hostile = Email(toName: "Eve\r\nBcc: victim@example.com", subject: "Hi\r\nBcc: victim@example.com\r\n\r\n<b>body</b>",
            replyTo: new EmailContact("hello@contoso.example", "Help\nX-Evil: 1"));

        await Sender().SendAsync(hostile, Mailbox, Key, QueuedAt, CancellationToken.None);

        var message = BodyOf(SingleRequest())["message"]!;
        Assert.Equal("Hi Bcc: victim@example.com <b>body</b>", message["subject"]!.GetValue<string>());
        Assert.Equal("Eve Bcc: victim@example.com", message["toRecipients"]![0]!["emailAddress"]!["name"]!.GetValue<string>());
        Assert.Equal("jan@example.com", message["toRecipients"]![0]!["emailAddress"]!["address"]!.GetValue<string>());
        Assert.Equal("Help X-Evil: 1", message["replyTo"]![0]!["emailAddress"]!["name"]!.GetValue<string>());
        Assert.Null(message["bccRecipients"]);
    }

    [Theory]
    [InlineData(400, "ErrorInvalidRecipients", HttpStatusCode.BadRequest)]
    [InlineData(403, "ErrorAccessDenied", HttpStatusCode.Forbidden)]
    public async Task ARefusalThrowsWithTheStatusAndCodeButNoPersonalData(int status, string code, HttpStatusCode expected)
    {
        Answer(status, $$$"""{"error":{"code":"{{{code}}}","message":"Mailbox {{{Mailbox}}} cannot send to jan@example.com."}}""");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Sender().SendAsync(Email(), Mailbox, Key, QueuedAt, CancellationToken.None));

        Assert.Equal(expected, error.StatusCode);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Contains(code, error.Message);
        Assert.DoesNotContain("jan@example.com", error.Message);
        Assert.DoesNotContain("contoso.example", error.Message);
        Assert.Single(_server.LogEntries); // 400 and 403 are not retried
    }

    [Fact]
    public async Task ARefusalWithoutAGraphErrorStillNamesTheStatus()
    {
        Answer(200, "<html>proxy</html>");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Sender().SendAsync(Email(), Mailbox, Key, QueuedAt, CancellationToken.None));

        Assert.Equal("Microsoft Graph refused sendMail: 200 OK.", error.Message);
    }

    [Fact]
    public async Task AnInvalidRecipientIsRefusedWithoutARequest()
    {
        Answer(202);
        var bad = Email() with { To = new EmailContact("jan@example.com>, other@example.com", "Jan") };

        await Assert.ThrowsAsync<FormatException>(() => Sender().SendAsync(bad, Mailbox, Key, QueuedAt, CancellationToken.None));

        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task TheOutboxSendsAsTheMailboxOfEachMessage()
    {
        Answer(202);
        var time = new FakeTimeProvider(QueuedAt);
        var store = new InMemoryOutboxStore();
        store.Add(InMemoryOutboxStore.Message("m1", QueuedAt));
        var processor = new OutboxProcessor(store, [new EmailOutboxChannel(Sender(), TestManageLinks.Opener())], time, NullLogger<OutboxProcessor>.Instance);

        Assert.Equal(1, await processor.DispatchDueAsync(CancellationToken.None));

        Assert.Equal("/v1.0/users/contoso@bookings.local/sendMail", SingleRequest().RequestMessage.AbsolutePath);
        Assert.Equal("/v1.0/users/contoso%40bookings.local/sendMail", Assert.Single(_wire.Paths));
        Assert.NotNull(store.Get("m1").SentAt);
    }

    [Fact]
    public async Task AFailedSendIsKeptByTheOutboxWithTheStatus()
    {
        Answer(403, """{"error":{"code":"ErrorAccessDenied","message":"Access is denied."}}""");
        var time = new FakeTimeProvider(QueuedAt);
        var store = new InMemoryOutboxStore();
        store.Add(InMemoryOutboxStore.Message("m1", QueuedAt));
        var processor = new OutboxProcessor(store, [new EmailOutboxChannel(Sender(), TestManageLinks.Opener())], time, NullLogger<OutboxProcessor>.Instance);

        Assert.Equal(0, await processor.DispatchDueAsync(CancellationToken.None));

        var failed = store.Get("m1");
        Assert.Null(failed.SentAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal("HttpRequestException: Microsoft Graph refused sendMail: 403 ErrorAccessDenied.", failed.LastError);
    }

    /// <summary>Records the path of every request as it goes on the wire (escaped).</summary>
    private sealed class RecordingHandler : DelegatingHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _paths = new();

        public IReadOnlyCollection<string> Paths => _paths;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _paths.Enqueue(request.RequestUri!.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped));
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class StaticCredential : TokenCredential
    {
        public const string Token = "test-token-mail";

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(Token, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

/// <summary>Mail:Channel picks the email sender: Graph sendMail on the Microsoft 365 store, .eml files otherwise.</summary>
public class MailChannelHostingTests
{
    private static IHost Host(params (string Key, string Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(
            new (string Key, string Value)[]
            {
                ("Workers:Enabled", "false"),
                ("Graph:TenantId", "contoso.onmicrosoft.com"),
                ("Graph:ClientId", "00000000-0000-0000-0000-000000000001"),
                ("Graph:ClientSecret", "not-a-secret"),
                ("Graph:DirectoryMailbox", "directory@contoso.example"),
            }.Concat(settings).Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddSingleton<IBookingStore>(new InMemoryOutboxStore());
        // As the hosts do: the store (and on Graph its transport) first, then the workers.
        builder.Services.AddBookingsStore(builder.Configuration);
        builder.Services.AddBookingsWorkers(builder.Configuration);
        builder.Services.AddKeyRingInMemory();
        return builder.Build();
    }

    [Theory]
    [InlineData("Graph", "", typeof(GraphEmailSender))]
    [InlineData("Graph", "Graph", typeof(GraphEmailSender))]
    [InlineData("Graph", "graph", typeof(GraphEmailSender))]
    [InlineData("Graph", "Pickup", typeof(PickupDirectoryEmailSender))]
    [InlineData("Sqlite", "", typeof(PickupDirectoryEmailSender))]
    [InlineData("Sqlite", "Pickup", typeof(PickupDirectoryEmailSender))]
    [InlineData(null, null, typeof(PickupDirectoryEmailSender))]
    public async Task TheChannelFollowsTheStoreUnlessSet(string? provider, string? channel, Type expected)
    {
        var settings = new List<(string, string)>();
        if (provider is not null) settings.Add(("Store:Provider", provider));
        if (channel is not null) settings.Add(("Mail:Channel", channel));
        using var host = Host([.. settings]);

        await host.StartAsync();

        Assert.IsType(expected, host.Services.GetRequiredService<IEmailSender>());
        Assert.IsType<EmailOutboxChannel>(Assert.Single(host.Services.GetServices<IOutboxChannel>(), c => c.Name == "email"));
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Sqlite", "Graph")]
    [InlineData(null, "Graph")]
    [InlineData("Sqlite", "Sendmail")]
    [InlineData("Graph", "Sendmail")]
    [InlineData("Graph", "Graph, Pickup")]
    public async Task AWrongChannelFailsTheStartAndNamesMailChannel(string? provider, string channel)
    {
        var settings = new List<(string, string)> { ("Mail:Channel", channel) };
        if (provider is not null) settings.Add(("Store:Provider", provider));
        using var host = Host([.. settings]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Mail:Channel", error.Message);
    }

    [Theory]
    [InlineData("", "Graph", "Graph")]
    [InlineData("", "Sqlite", "Pickup")]
    [InlineData("", null, "Pickup")]
    [InlineData(" pickup ", "Graph", "Pickup")]
    [InlineData("GRAPH", "Sqlite", "Graph")] // resolved, then refused at start by the store check
    [InlineData("Smtp", "Graph", "Smtp")]
    public void ResolveChannel(string channel, string? provider, string? expected) =>
        Assert.Equal(expected, MailOptions.ResolveChannel(channel, provider));
}
