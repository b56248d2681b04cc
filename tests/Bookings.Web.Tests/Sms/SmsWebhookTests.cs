using System.Net;
using System.Text.Json;
using Bookings.Core.Store;
using Bookings.Web.Api;
using Bookings.Web.Infrastructure;
using Bookings.Web.Tests.Worker;
using Bookings.Worker.Sms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using static Bookings.Web.Tests.Sms.SmsTestKit;

namespace Bookings.Web.Tests.Sms;

public sealed class SmsWebhookTests : IAsyncDisposable
{
    private const string LocalUrl = "http://localhost" + SmsWebhookApi.Path;

    private readonly InMemoryOutboxStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero));
    private WebApplication? _app;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    /// <summary>A minimal host with just the webhook (TestServer, base address http://localhost), the in-memory store and fake time.</summary>
    private async Task<HttpClient> ClientAsync(string? publicBaseUrl = null, bool smsConfigured = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<IBookingStore>(_store);
        Bookings.Hosting.StoreHosting.AddStorePorts(builder.Services);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddProblemDetails();
        builder.Services.Configure<SmsOptions>(o =>
        {
            o.AccountSid = smsConfigured ? AccountSid : "";
            o.AuthToken = smsConfigured ? AuthToken : "";
            o.From = FromNumber;
        });
        builder.Services.Configure<WebOptions>(o => o.PublicBaseUrl = publicBaseUrl);
        _app = builder.Build();
        _app.MapSmsWebhook();
        await _app.StartAsync();
        return _app.GetTestClient();
    }

    private static Dictionary<string, string> Inbound(string body, string from = CustomerNumber) => new()
    {
        ["AccountSid"] = AccountSid,
        ["MessageSid"] = "SM0123456789abcdef0123456789abcdef",
        ["From"] = from,
        ["To"] = FromNumber,
        ["Body"] = body,
        ["NumMedia"] = "0",
    };

    private static string Signature(string url, Dictionary<string, string> form, string token = AuthToken) =>
        SmsWebhookApi.Sign(token, url, form.Select(p => new KeyValuePair<string, StringValues>(p.Key, p.Value)));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Dictionary<string, string> form, string? signature, string path = SmsWebhookApi.Path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (signature is not null) request.Headers.Add("X-Twilio-Signature", signature);
        return await client.SendAsync(request);
    }

    private static async Task AssertEmptyTwimlAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""<?xml version="1.0" encoding="UTF-8"?><Response/>""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void SmsWebhookSignatureMatchesTwilioKnownVector()
    {
        // The example of Twilio's request-validation documentation (auth token 12345).
        var form = new Dictionary<string, string>
        {
            ["CallSid"] = "CA1234567890ABCDE",
            ["Caller"] = "+12349013030",
            ["Digits"] = "1234",
            ["From"] = "+12349013030",
            ["To"] = "+18005551212",
        };
        Assert.Equal("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", Signature("https://mycompany.com/myapp.php?foo=1&bar=2", form, "12345"));
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("stop")]
    [InlineData("  Stop please ")]
    [InlineData("STOPALL")]
    [InlineData("unsubscribe")]
    [InlineData("Cancel")]
    [InlineData("END")]
    [InlineData("quit")]
    public async Task SmsWebhookStopKeywordWithValidSignatureOptsOut(string body)
    {
        var client = await ClientAsync();
        var form = Inbound(body);

        var response = await PostAsync(client, form, Signature(LocalUrl, form));

        await AssertEmptyTwimlAsync(response);
        Assert.Contains(CustomerNumber, _store.OptedOut);
    }

    [Theory]
    [InlineData("START")]
    [InlineData("unstop")]
    [InlineData("Yes")]
    public async Task SmsWebhookStartKeywordOptsBackIn(string body)
    {
        _store.OptedOut.Add(CustomerNumber);
        var client = await ClientAsync();
        var form = Inbound(body);

        var response = await PostAsync(client, form, Signature(LocalUrl, form));

        await AssertEmptyTwimlAsync(response);
        Assert.DoesNotContain(CustomerNumber, _store.OptedOut);
    }

    [Fact]
    public async Task SmsWebhookWrongSignatureIs403AndChangesNothing()
    {
        var client = await ClientAsync();
        var form = Inbound("STOP");

        var response = await PostAsync(client, form, Signature(LocalUrl, form, token: "another-token"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_signature", problem.RootElement.GetProperty("code").GetString());
        Assert.Empty(_store.OptedOut);
    }

    [Fact]
    public async Task SmsWebhookMissingSignatureIs403()
    {
        var client = await ClientAsync();

        var response = await PostAsync(client, Inbound("STOP"), signature: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(_store.OptedOut);
    }

    [Fact]
    public async Task SmsWebhookTamperedFormIs403()
    {
        var client = await ClientAsync();
        var signed = Inbound("Hello");
        var sent = Inbound("STOP");

        var response = await PostAsync(client, sent, Signature(LocalUrl, signed));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(_store.OptedOut);
    }

    [Theory]
    [InlineData("Thanks, see you tomorrow")]
    [InlineData("")]
    [InlineData("STOPPED")]
    [InlineData("Please stop")]
    public async Task SmsWebhookOtherTextIs200AndChangesNothing(string body)
    {
        _store.OptedOut.Add("+48600100999");
        var client = await ClientAsync();
        var form = Inbound(body);

        var response = await PostAsync(client, form, Signature(LocalUrl, form));

        await AssertEmptyTwimlAsync(response);
        Assert.Equal(["+48600100999"], _store.OptedOut);
    }

    [Fact]
    public async Task SmsWebhookBehindAProxyVerifiesOverPublicBaseUrl()
    {
        var client = await ClientAsync(publicBaseUrl: "https://book.contoso.com/");
        var form = Inbound("STOP");

        var overLocal = await PostAsync(client, form, Signature(LocalUrl, form));
        Assert.Equal(HttpStatusCode.Forbidden, overLocal.StatusCode);
        Assert.Empty(_store.OptedOut);

        var overPublic = await PostAsync(client, form, Signature("https://book.contoso.com" + SmsWebhookApi.Path, form));
        await AssertEmptyTwimlAsync(overPublic);
        Assert.Contains(CustomerNumber, _store.OptedOut);
    }

    [Fact]
    public async Task SmsWebhookQueryStringIsPartOfTheSignedUrl()
    {
        var client = await ClientAsync();
        var form = Inbound("STOP");

        var withoutQuery = await PostAsync(client, form, Signature(LocalUrl, form), SmsWebhookApi.Path + "?source=twilio");
        Assert.Equal(HttpStatusCode.Forbidden, withoutQuery.StatusCode);

        var withQuery = await PostAsync(client, form, Signature(LocalUrl + "?source=twilio", form), SmsWebhookApi.Path + "?source=twilio");
        await AssertEmptyTwimlAsync(withQuery);
        Assert.Contains(CustomerNumber, _store.OptedOut);
    }

    [Fact]
    public async Task SmsWebhookSmsNotConfiguredIs404()
    {
        var client = await ClientAsync(smsConfigured: false);
        var form = Inbound("STOP");

        var response = await PostAsync(client, form, Signature(LocalUrl, form));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_store.OptedOut);
    }
}
