using System.Net;
using System.Text.Json;
using Bookings.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Limits = Bookings.Web.Infrastructure.RateLimiting;

namespace Bookings.Web.Tests.RateLimiting;

/// <summary>
/// The rate limiting of <see cref="Limits"/> on a small app of its own (TestServer) with the booking service's paths.
/// No test measures time: "at once" is shown by a 503 that arrives while the blocking request is still held open.
/// </summary>
public sealed class RateLimitingTests
{
    private const string ClientA = "203.0.113.10";
    private const string ClientB = "203.0.113.11";

    // A guard against a hang (a test that would otherwise wait for ever), never an assertion about time.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BookingEleventhPostWithinAMinuteGets429WithRetryAfterAndProblemCode()
    {
        await using var app = await RateLimitedApp.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            using var ok = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal("no-store", refused.Headers.CacheControl?.ToString());
        await AssertProblemAsync(refused, 429, Limits.TooManyRequestsCode);
    }

    [Fact]
    public async Task BookingOverTheLimitDoesNotAffectAnotherClient()
    {
        await using var app = await RateLimitedApp.StartAsync(("BookingsPerMinute", "2"));
        for (var i = 0; i < 2; i++)
            (await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", ClientA)).Dispose();
        using var refused = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", ClientA);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        using var other = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", ClientB);

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task BookingPagePostSharesTheApiLimitAndIsRefusedWithAnHtmlPage()
    {
        await using var app = await RateLimitedApp.StartAsync(("BookingsPerMinute", "2"));
        using var api = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments");
        using var page = await app.SendAsync(HttpMethod.Post, "/book/contoso/haircut");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        using var refused = await app.SendAsync(HttpMethod.Post, "/book/contoso/haircut");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        var html = await AssertHtmlPageAsync(refused);
        Assert.Contains("Too many requests — please wait a moment and try again.", html, StringComparison.Ordinal);
        // Reading pages is a separate limit: still open.
        using var get = await app.SendAsync(HttpMethod.Get, "/book/contoso/haircut");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task AvailabilityApiAndBookingPageGetsShareOneLimit()
    {
        await using var app = await RateLimitedApp.StartAsync(("AvailabilityPerMinute", "3"));
        foreach (var path in new[] { "/api/v1/calendars/contoso/availability", "/book/contoso", "/book/contoso/haircut" })
        {
            using var ok = await app.SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var apiRefused = await app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso/availability");
        using var pageRefused = await app.SendAsync(HttpMethod.Get, "/book/contoso");

        Assert.Equal(HttpStatusCode.TooManyRequests, apiRefused.StatusCode);
        Assert.NotNull(apiRefused.Headers.RetryAfter?.Delta);
        await AssertProblemAsync(apiRefused, 429, Limits.TooManyRequestsCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, pageRefused.StatusCode);
        await AssertHtmlPageAsync(pageRefused);
        // Neither booking, nor other reads, nor another client are affected.
        using var booking = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments");
        using var calendar = await app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso");
        using var other = await app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso/availability", ClientB);
        Assert.Equal(HttpStatusCode.OK, booking.StatusCode);
        Assert.Equal(HttpStatusCode.OK, calendar.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ManageActionsPostsUnderApiAndPageShareOneLimitReadsAreNotCounted()
    {
        await using var app = await RateLimitedApp.StartAsync(("ManageActionsPerMinute", "2"));
        using var cancel = await app.SendAsync(HttpMethod.Post, "/api/v1/manage/tok3n/cancel");
        using var reschedule = await app.SendAsync(HttpMethod.Post, "/api/v1/manage/tok3n/reschedule");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reschedule.StatusCode);

        using var pageRefused = await app.SendAsync(HttpMethod.Post, "/manage/tok3n");
        using var apiRefused = await app.SendAsync(HttpMethod.Post, "/api/v1/manage/tok3n/cancel");

        Assert.Equal(HttpStatusCode.TooManyRequests, pageRefused.StatusCode);
        await AssertHtmlPageAsync(pageRefused);
        Assert.Equal(HttpStatusCode.TooManyRequests, apiRefused.StatusCode);
        await AssertProblemAsync(apiRefused, 429, Limits.TooManyRequestsCode);
        using var read = await app.SendAsync(HttpMethod.Get, "/api/v1/manage/tok3n");
        using var page = await app.SendAsync(HttpMethod.Get, "/manage/tok3n");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task GlobalConcurrencyFullApiRequestGets503ProblemAtOnce()
    {
        await using var app = await RateLimitedApp.StartAsync(("MaxConcurrentRequests", "1"), ("QueueLength", "0"), ("RetryAfterSeconds", "7"));
        var blocked = app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso", block: true);
        await app.Entered.Task.WaitAsync(HangGuard);

        using var busy = await app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso", ClientB).WaitAsync(HangGuard);

        // Answered while the first request still holds the only place: refused at once, not queued until a timeout.
        Assert.False(blocked.IsCompleted);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), busy.Headers.RetryAfter?.Delta);
        Assert.Equal("no-store", busy.Headers.CacheControl?.ToString());
        await AssertProblemAsync(busy, 503, Limits.ServerBusyCode);

        app.Release.SetResult();
        using var first = await blocked.WaitAsync(HangGuard);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var after = await app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task GlobalConcurrencyFullPageRequestGets503HtmlPageWithSecurityHeaders()
    {
        await using var app = await RateLimitedApp.StartAsync(("MaxConcurrentRequests", "1"), ("QueueLength", "0"));
        var blocked = app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso", block: true);
        await app.Entered.Task.WaitAsync(HangGuard);

        using var busy = await app.SendAsync(HttpMethod.Get, "/book/contoso", ClientB).WaitAsync(HangGuard);

        Assert.False(blocked.IsCompleted);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), busy.Headers.RetryAfter?.Delta);
        var html = await AssertHtmlPageAsync(busy);
        Assert.Contains("The booking service is busy — please try again in a few seconds.", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        app.Release.SetResult();
        (await blocked.WaitAsync(HangGuard)).Dispose();
    }

    [Fact]
    public async Task GlobalConcurrencyRefusedRequestSpendsOneOfTheClientsPermitsOnly()
    {
        // The middleware tries once and then waits: a request the global limiter refuses must not count twice.
        await using var app = await RateLimitedApp.StartAsync(("MaxConcurrentRequests", "1"), ("QueueLength", "0"), ("BookingsPerMinute", "2"));
        var blocked = app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso", block: true);
        await app.Entered.Task.WaitAsync(HangGuard);
        using var busy = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", ClientB).WaitAsync(HangGuard);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        await AssertProblemAsync(busy, 503, Limits.ServerBusyCode);
        app.Release.SetResult();
        (await blocked.WaitAsync(HangGuard)).Dispose();

        using var second = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", ClientB);
        using var third = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", ClientB);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task GlobalConcurrencyWithAQueueWaitingRequestRunsWhenThePlaceFrees()
    {
        await using var app = await RateLimitedApp.StartAsync(("MaxConcurrentRequests", "1"), ("QueueLength", "1"));
        var blocked = app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso", block: true);
        await app.Entered.Task.WaitAsync(HangGuard);
        var queued = app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso", ClientB);
        await app.WaitUntilQueuedAsync(1).WaitAsync(HangGuard);

        // The queue's one place is taken: a third request is refused, not left hanging.
        using var third = await app.SendAsync(HttpMethod.Get, "/book/contoso", "203.0.113.12").WaitAsync(HangGuard);
        Assert.False(blocked.IsCompleted);

        app.Release.SetResult();
        using var first = await blocked.WaitAsync(HangGuard);
        using var second = await queued.WaitAsync(HangGuard);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
    }

    [Fact]
    public async Task HealthAndStaticFilesAreNeverLimited()
    {
        await using var app = await RateLimitedApp.StartAsync(("MaxConcurrentRequests", "1"), ("QueueLength", "0"), ("AvailabilityPerMinute", "1"));
        var blocked = app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso", block: true);
        await app.Entered.Task.WaitAsync(HangGuard);

        for (var i = 0; i < 20; i++)
        {
            using var health = await app.SendAsync(HttpMethod.Get, "/health").WaitAsync(HangGuard);
            using var css = await app.SendAsync(HttpMethod.Get, "/css/site.css").WaitAsync(HangGuard);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        }
        using var busy = await app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso").WaitAsync(HangGuard);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        app.Release.SetResult();
        (await blocked.WaitAsync(HangGuard)).Dispose();
    }

    [Fact]
    public async Task DisabledTurnsEveryLimitOff()
    {
        await using var app = await RateLimitedApp.StartAsync(
            ("Enabled", "false"), ("BookingsPerMinute", "1"), ("AvailabilityPerMinute", "1"), ("ManageActionsPerMinute", "1"),
            ("MaxConcurrentRequests", "1"), ("QueueLength", "0"));
        for (var i = 0; i < 3; i++)
        {
            using var booking = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments");
            using var page = await app.SendAsync(HttpMethod.Post, "/book/contoso/haircut");
            using var availability = await app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso/availability");
            using var manage = await app.SendAsync(HttpMethod.Post, "/manage/tok3n");
            Assert.Equal(HttpStatusCode.OK, booking.StatusCode);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(HttpStatusCode.OK, availability.StatusCode);
            Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
        }

        var blocked = app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso", block: true);
        await app.Entered.Task.WaitAsync(HangGuard);
        using var second = await app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso").WaitAsync(HangGuard);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        app.Release.SetResult();
        (await blocked.WaitAsync(HangGuard)).Dispose();
    }

    [Theory]
    [InlineData("MaxConcurrentRequests", "0")]
    [InlineData("QueueLength", "-1")]
    [InlineData("RetryAfterSeconds", "0")]
    [InlineData("BookingsPerMinute", "0")]
    [InlineData("ManageActionsPerMinute", "-5")]
    [InlineData("AvailabilityPerMinute", "0")]
    [InlineData("MaxConcurrentRequests", "lots")]
    public async Task WrongSettingFailsTheStartNamingIt(string setting, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RateLimitedApp.StartAsync((setting, value)));

        Assert.Contains($"RateLimits:{setting}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSettingsFailTheStartNamingEachOne()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            RateLimitedApp.StartAsync(("BookingsPerMinute", "0"), ("RetryAfterSeconds", "99999")));

        Assert.Contains(error.Failures, f => f.Contains("RateLimits:BookingsPerMinute", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("RateLimits:RetryAfterSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PolishAcceptLanguagePagesAreInPolish()
    {
        await using var app = await RateLimitedApp.StartAsync(("MaxConcurrentRequests", "1"), ("QueueLength", "0"), ("AvailabilityPerMinute", "1"));
        using var first = await app.SendAsync(HttpMethod.Get, "/book/contoso", language: "pl-PL,pl;q=0.9,en;q=0.8");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var tooMany = await app.SendAsync(HttpMethod.Get, "/book/contoso", language: "pl-PL,pl;q=0.9,en;q=0.8");
        var tooManyHtml = await AssertHtmlPageAsync(tooMany);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        Assert.Contains("Zbyt wiele żądań — odczekaj chwilę i spróbuj ponownie.", tooManyHtml, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"pl\">", tooManyHtml, StringComparison.Ordinal);

        var blocked = app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso", block: true);
        await app.Entered.Task.WaitAsync(HangGuard);
        using var busy = await app.SendAsync(HttpMethod.Get, "/book/contoso", ClientB, language: "pl").WaitAsync(HangGuard);
        using var busyEnglish = await app.SendAsync(HttpMethod.Get, "/book/contoso", "203.0.113.12", language: "en-GB,pl;q=0.5").WaitAsync(HangGuard);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Contains("Serwis rezerwacji jest przeciążony — spróbuj ponownie za kilka sekund.", await AssertHtmlPageAsync(busy), StringComparison.Ordinal);
        Assert.Contains("The booking service is busy", await AssertHtmlPageAsync(busyEnglish), StringComparison.Ordinal);
        app.Release.SetResult();
        (await blocked.WaitAsync(HangGuard)).Dispose();
    }

    [Fact]
    public async Task OverloadPagesAreInTheSiteLayoutInEnglishAndPolish()
    {
        await using var app = await RateLimitedApp.StartAsync(("MaxConcurrentRequests", "1"), ("QueueLength", "0"), ("BookingsPerMinute", "1"));
        (await app.SendAsync(HttpMethod.Post, "/book/contoso/haircut")).Dispose();
        using var tooMany = await app.SendAsync(HttpMethod.Post, "/book/contoso/haircut", language: "en-GB");
        using var tooManyPolish = await app.SendAsync(HttpMethod.Post, "/book/contoso/haircut?lang=pl");
        var blocked = app.SendAsync(HttpMethod.Get, "/api/v1/calendars/contoso", block: true);
        await app.Entered.Task.WaitAsync(HangGuard);
        using var busyPolish = await app.SendAsync(HttpMethod.Get, "/book/contoso", ClientB, language: "pl").WaitAsync(HangGuard);
        app.Release.SetResult();
        (await blocked.WaitAsync(HangGuard)).Dispose();

        var pages = new[]
        {
            (tooMany, "en", "Too many requests", "Too many requests — please wait a moment and try again."),
            (tooManyPolish, "pl", "Zbyt wiele żądań", "Zbyt wiele żądań — odczekaj chwilę i spróbuj ponownie."),
            (busyPolish, "pl", "Serwis przeciążony", "Serwis rezerwacji jest przeciążony — spróbuj ponownie za kilka sekund."),
        };
        foreach (var (response, language, title, message) in pages)
        {
            var html = await AssertHtmlPageAsync(response);
            SiteLayoutAssert.InTheLayout(html, language, admin: false);
            Assert.Contains($"<title>{title}</title>", html, StringComparison.Ordinal);
            Assert.Contains($"<h1 id=\"busy-h\">{title}</h1>", html, StringComparison.Ordinal);
            Assert.Contains($"<p>{message}</p>", html, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooManyPolish.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busyPolish.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), busyPolish.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task ForwardedForIsIgnoredByDefault()
    {
        await using var app = await RateLimitedApp.StartAsync(("BookingsPerMinute", "1"));
        using var ok = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", forwardedFor: "198.51.100.1");

        using var refused = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", forwardedFor: "198.51.100.2");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task ForwardedForWhenTrustedTheFirstAddressIsTheClient()
    {
        await using var app = await RateLimitedApp.StartAsync(("BookingsPerMinute", "1"), ("TrustForwardedFor", "true"));
        using var ok = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", forwardedFor: "198.51.100.1, 10.0.0.1");
        using var refused = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", forwardedFor: "198.51.100.1, 10.0.0.2");

        using var otherClient = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", forwardedFor: "198.51.100.2, 10.0.0.1");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    [Fact]
    public async Task Ipv6AddressesInOneSlash64ShareALimit()
    {
        await using var app = await RateLimitedApp.StartAsync(("BookingsPerMinute", "1"));
        using var ok = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", "2001:db8:1:2::10");

        using var sameNetwork = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", "2001:db8:1:2:ffff::20");
        using var otherNetwork = await app.SendAsync(HttpMethod.Post, "/api/v1/calendars/contoso/appointments", "2001:db8:1:3::10");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, sameNetwork.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherNetwork.StatusCode);
    }

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("fe80::1%3", "fe80::/64")]
    public void ClientKeyNormalisesTheAddress(string address, string expected) =>
        Assert.Equal(expected, Limits.ClientKey(IPAddress.Parse(address)));

    [Theory]
    [InlineData("198.51.100.1", "198.51.100.1")]
    [InlineData(" 198.51.100.1 , 10.0.0.1", "198.51.100.1")]
    [InlineData("198.51.100.1:4711", "198.51.100.1")]
    [InlineData("[2001:db8::1]:443, 10.0.0.1", "2001:db8::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("unknown, 10.0.0.1", null)]
    [InlineData("", null)]
    public void FirstForwardedForReadsTheFirstAddress(string header, string? expected) =>
        Assert.Equal(expected, Limits.FirstForwardedFor(header)?.ToString());

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(code, json.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("title").GetString()));
    }

    private static async Task<string> AssertHtmlPageAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        return html;
    }
}

/// <summary>
/// A minimal app on TestServer that calls AddBookingsRateLimiting and UseBookingsRateLimiting and maps the booking
/// service's limited paths. The client's address comes from a test header; a request with X-Test-Block waits inside the
/// app (after the limiter) until the test releases it.
/// </summary>
internal sealed class RateLimitedApp : IAsyncDisposable
{
    public const string DefaultClient = "203.0.113.10";
    private const string ClientHeader = "X-Test-Client-IP";
    private const string BlockHeader = "X-Test-Block";

    private readonly WebApplication _app;
    private readonly string _root;

    private RateLimitedApp(WebApplication app, string root)
    {
        _app = app;
        _root = root;
    }

    /// <summary>The app's client (created once the app has started).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Set when a blocking request is inside the app (holding a place of the concurrency limiter).</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set by the test to let blocking requests finish.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<RateLimitedApp> StartAsync(params (string Setting, string Value)[] settings)
    {
        var root = Path.Combine(Path.GetTempPath(), "bookings-ratelimit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "wwwroot", "css"));
        await File.WriteAllTextAsync(Path.Combine(root, "wwwroot", "css", "site.css"), "body { margin: 0; }");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = root,
            WebRootPath = Path.Combine(root, "wwwroot"),
            EnvironmentName = "Production",
        });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"RateLimits:{s.Setting}", (string?)s.Value)));
        builder.Services.AddProblemDetails();
        builder.Services.AddBookingsRateLimiting(builder.Configuration);
        var app = builder.Build();
        var testApp = new RateLimitedApp(app, root);

        app.Use((context, next) =>
        {
            var client = context.Request.Headers[ClientHeader].ToString();
            context.Connection.RemoteIpAddress = IPAddress.Parse(client.Length == 0 ? DefaultClient : client);
            return next(context);
        });
        app.UseBookingsRateLimiting();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.ContainsKey(BlockHeader))
            {
                testApp.Entered.TrySetResult();
                await testApp.Release.Task;
            }
            await next(context);
        });
        // Deliberately after the limiter: static files must be exempt wherever the limiter sits.
        app.UseStaticFiles();

        app.MapGet("/health", () => "Healthy");
        app.MapGet("/api/v1/calendars/{slug}", () => Results.Ok());
        app.MapGet("/api/v1/calendars/{slug}/availability", () => Results.Ok());
        app.MapPost("/api/v1/calendars/{slug}/appointments", () => Results.Ok());
        app.MapGet("/api/v1/manage/{token}", () => Results.Ok());
        app.MapPost("/api/v1/manage/{token}/cancel", () => Results.Ok());
        app.MapPost("/api/v1/manage/{token}/reschedule", () => Results.Ok());
        app.MapGet("/book/{slug}", () => Results.Ok());
        app.MapGet("/book/{slug}/{serviceId}", () => Results.Ok());
        app.MapPost("/book/{slug}/{serviceId}", () => Results.Ok());
        app.MapGet("/manage/{token}", () => Results.Ok());
        app.MapPost("/manage/{token}", () => Results.Ok());

        try
        {
            await app.StartAsync();
            testApp.Client = app.GetTestClient();
        }
        catch
        {
            await testApp.DisposeAsync();
            throw;
        }
        return testApp;
    }

    /// <summary>Completes once <paramref name="count"/> requests wait in the global queue (polls the limiter's statistics).</summary>
    public async Task WaitUntilQueuedAsync(int count)
    {
        var limiter = _app.Services.GetRequiredService<BookingsRateLimiters>().Global!;
        var probe = new DefaultHttpContext();
        probe.Request.Path = "/api/v1/calendars/contoso";
        while ((limiter.GetStatistics(probe)?.CurrentQueuedCount ?? 0) < count)
            await Task.Delay(10);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string client = DefaultClient, bool block = false,
        string? language = null, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ClientHeader, client);
        if (block) request.Headers.Add(BlockHeader, "1");
        if (language is not null) request.Headers.Add("Accept-Language", language);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return SendAndDisposeRequestAsync(request);
    }

    private async Task<HttpResponseMessage> SendAndDisposeRequestAsync(HttpRequestMessage request)
    {
        using (request) return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Release.TrySetResult();
        Client?.Dispose();
        await _app.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
