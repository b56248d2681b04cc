using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Hosting;
using Bookings.Web.Admin;
using Bookings.Web.Tests.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin;

/// <summary>
/// Sign-in with Microsoft Entra ID against a fake OpenID provider on loopback: the app's challenge goes to the provider's authorize
/// endpoint, the provider's signed id_token is posted back to /signin-oidc (form_post, with the correlation and nonce cookies the
/// challenge set), and the user lands in the admin cookie with their address, role and tenant admin claim.
/// </summary>
public sealed partial class EntraSignInTests : IDisposable
{
    private readonly BookingsFactory _factory = new();
    private readonly FakeEntra _entra;

    public EntraSignInTests()
    {
        _entra = new FakeEntra(_factory.Time);
        foreach (var (k, v) in _entra.Settings()) _factory.Settings[k] = v;
        _factory.Settings["Admin:TenantAdmins"] = "boss@contoso.example";
        _factory.Settings["Workers:Enabled"] = "false";
    }

    public void Dispose()
    {
        _factory.Dispose();
        _entra.Dispose();
    }

    // Entra's cookies for the round trip are Secure (SameSite=None): the browser speaks https.
    private HttpClient NewClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("https://localhost"),
    });

    private Task<HttpResponseMessage> SignInWithMicrosoftAsync(HttpClient client, Func<string, string> idToken, string returnUrl = "/admin") =>
        _entra.SignInAsync(client, idToken, returnUrl);

    [Fact]
    public async Task AStaffMemberSignsInWithMicrosoftAndGetsTheirCalendarRole()
    {
        using var client = NewClient();

        var landed = await SignInWithMicrosoftAsync(client, nonce => _entra.IdToken(nonce, "anna@contoso.example"), "/admin/contoso/outbox");

        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        Assert.Equal("/admin/contoso/outbox", landed.Headers.Location?.OriginalString);
        Assert.Contains(landed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("bookings-admin=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/contoso/outbox")).StatusCode); // anna administers contoso
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/contoso/reports")).StatusCode);
    }

    [Fact]
    public async Task AUserWithoutARoleSeesNoCalendar()
    {
        using var client = NewClient();

        var landed = await SignInWithMicrosoftAsync(client, nonce => _entra.IdToken(nonce, "stranger@contoso.example"));

        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        Assert.Equal("/admin", landed.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/contoso/outbox")).StatusCode);
    }

    [Fact]
    public async Task TheTenantAdminAppRoleMakesATenantAdmin()
    {
        using var client = NewClient();

        await SignInWithMicrosoftAsync(client, nonce => _entra.IdToken(nonce, "it@contoso.example", roles: [EntraSignIn.TenantAdminRole]));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/contoso/outbox")).StatusCode);
    }

    [Fact]
    public async Task TheTenantAdminsSettingMakesATenantAdmin()
    {
        using var client = NewClient();

        await SignInWithMicrosoftAsync(client, nonce => _entra.IdToken(nonce, "Boss@Contoso.example"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/contoso/outbox")).StatusCode);
    }

    [Fact]
    public async Task AUserOfAnotherTenantIsRefused()
    {
        using var client = NewClient();

        var refused = await SignInWithMicrosoftAsync(client, nonce => _entra.IdToken(nonce, "anna@contoso.example", tenantId: Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/admin/signin?error=microsoft", refused.Headers.Location?.OriginalString);
        Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("bookings-admin=", StringComparison.Ordinal));
        var admin = await client.GetAsync("/admin/contoso/outbox");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/admin/signin", admin.Headers.Location?.OriginalString);
        var page = await client.GetStringAsync("/admin/signin?error=microsoft");
        Assert.Contains("Signing in with Microsoft did not succeed.", page);
    }

    [Theory]
    [InlineData("foreign-key")]
    [InlineData("wrong-nonce")]
    [InlineData("wrong-audience")]
    public async Task ATokenNotSignedByTheTenantOrNotForThisSignInIsRefused(string flaw)
    {
        using var client = NewClient();

        var refused = await SignInWithMicrosoftAsync(client, nonce => flaw switch
        {
            "foreign-key" => _entra.IdToken(nonce, "anna@contoso.example", foreignKey: true),
            "wrong-nonce" => _entra.IdToken("another-nonce", "anna@contoso.example"),
            _ => _entra.IdToken(nonce, "anna@contoso.example", audience: Guid.NewGuid().ToString()),
        });

        Assert.Equal("/admin/signin?error=microsoft", refused.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/contoso/outbox")).StatusCode);
    }

    [Theory]
    [InlineData(2, false)] // expired an hour ago (beyond the five minutes of clock skew)
    [InlineData(-2, false)] // not valid for another two hours
    [InlineData(0.5, true)]
    public async Task TheTokensLifetimeIsCheckedOnTheAppsClock(double issuedHoursAgo, bool accepted)
    {
        using var client = NewClient();

        var landed = await SignInWithMicrosoftAsync(client, nonce => _entra.IdToken(nonce, "anna@contoso.example", age: TimeSpan.FromHours(issuedHoursAgo)));

        Assert.Equal(accepted ? "/admin" : "/admin/signin?error=microsoft", landed.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnIdTokenPostedWithoutTheChallengeCookiesIsRefused()
    {
        using var client = NewClient();
        await SignInWithMicrosoftAsync(client, nonce => _entra.IdToken(nonce, "stranger@contoso.example"));
        using var attacker = NewClient(); // another browser: no correlation or nonce cookie

        var forged = await attacker.PostAsync("/signin-oidc", new FormUrlEncodedContent(
            [new("id_token", _entra.IdToken("n", "anna@contoso.example")), new("state", "forged")]));

        Assert.NotEqual(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.GetAsync("/admin/contoso/outbox")).StatusCode);
    }

    [Fact]
    public async Task SignOutEndsTheCookieAndTheMicrosoftSession()
    {
        using var client = NewClient();
        await SignInWithMicrosoftAsync(client, nonce => _entra.IdToken(nonce, "anna@contoso.example"));
        var token = AdminClients.AntiforgeryToken(await client.GetStringAsync("/admin/signin"));

        var signedOut = await client.PostAsync(AdminAuth.SignOutPath, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        // A page of ours goes on to Microsoft's end-session page (a form may only be redirected to this site).
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        var html = await signedOut.Content.ReadAsStringAsync();
        var endSession = EndSessionLink().Match(html);
        Assert.True(endSession.Success, html);
        Assert.Equal(_entra.EndSessionEndpoint, new Uri(WebUtility.HtmlDecode(endSession.Groups[1].Value)).GetLeftPart(UriPartial.Path));
        Assert.Contains("http-equiv=\"refresh\"", html);
        Assert.Contains(signedOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("bookings-admin=;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/contoso/outbox")).StatusCode);
    }

    [Fact]
    public async Task AMicrosoftUserMayBookACalendarRestrictedToTheOrganisation()
    {
        var store = _factory.Services.GetRequiredService<IBookingStore>();
        var mailbox = (await store.GetMailboxBySlugAsync("contoso"))!;
        mailbox.Document.BookingPageSettings.AccessControl = AccessControl.RestrictedToOrganization;
        await store.UpdateMailboxAsync(mailbox.Id, mailbox.Document, mailbox.Version);
        using var client = NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/book/contoso")).StatusCode);

        var landed = await SignInWithMicrosoftAsync(client, nonce => _entra.IdToken(nonce, "stranger@contoso.example"), "/book/contoso");

        Assert.Equal("/book/contoso", landed.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/book/contoso")).StatusCode);
        var booked = await client.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "consult",
            staffId = "anna",
            start = "2026-12-01T10:00:00+01:00",
            customer = new { name = "Ewa Nowak", email = "ewa@contoso.example" },
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
    }

    [GeneratedRegex("<a href=\"([^\"]+)\">Sign out of your Microsoft account too</a>")]
    private static partial Regex EndSessionLink();

    [Fact]
    public async Task TheSignInPageOffersBothWaysOnTheEmbeddedStore()
    {
        using var client = NewClient();

        var page = await client.GetStringAsync("/admin/signin?returnUrl=%2Fadmin%2Fcontoso");

        Assert.Contains("Sign in with Microsoft", page);
        Assert.Contains("action=\"/admin/signin/microsoft\"", page);
        Assert.Contains("name=\"returnUrl\" value=\"/admin/contoso\"", page);
        Assert.Contains("id=\"password\"", page);
    }

    [Fact]
    public async Task MicrosoftSignInStartsOnlyFromOurOwnFormAndReturnsOnlyToThisSite()
    {
        using var client = NewClient();
        var page = await client.GetStringAsync("/admin/signin");

        var forged = await client.PostAsync(AdminAuth.MicrosoftSignInPath, new FormUrlEncodedContent([new("returnUrl", "/admin")]));
        var elsewhere = await SignInWithMicrosoftAsync(client, nonce => _entra.IdToken(nonce, "anna@contoso.example"), "//evil.example/x");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("/admin", elsewhere.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task TheSignInPageLetsItsFormGoOnToMicrosoft()
    {
        using var client = NewClient();

        var page = await client.GetAsync("/admin/signin");

        Assert.Contains($"form-action 'self' {_entra.Instance.TrimEnd('/')};", page.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task OnMicrosoft365TheSignInPageHasOnlyTheMicrosoftButton()
    {
        // Only what sign-in needs: the Graph store's settings without the store itself (which would call Microsoft Graph).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection([new("Store:Provider", "Graph"), .. _entra.Settings()]);
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddBookingsAdminAuth(builder.Configuration);
        SignInPagesOnly.Add(builder.Services);
        await using var app = builder.Build();
        app.UseBookingsAdminAuth();
        app.MapBookingsAdminAuth();
        SignInPagesOnly.Map(app);
        await app.StartAsync();
        using var client = app.GetTestClient();

        var page = await client.GetStringAsync("/admin/signin");
        var local = await client.PostAsync("/admin/signin", new FormUrlEncodedContent(
            [new("email", "admin@localhost"), new("password", "whatever it is"), new("__RequestVerificationToken", AdminClients.AntiforgeryToken(page))]));

        Assert.Contains("Sign in with Microsoft", page);
        Assert.DoesNotContain("id=\"password\"", page);
        Assert.Null(app.Services.GetService<IUserStore>());
        Assert.Equal(HttpStatusCode.NotFound, local.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task WithoutAzureAdThereIsNoMicrosoftButtonNorChallenge()
    {
        using var factory = new BookingsFactory();
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var page = await client.GetStringAsync("/admin/signin");
        var challenge = await client.PostAsync(AdminAuth.MicrosoftSignInPath, new FormUrlEncodedContent(
            [new("__RequestVerificationToken", AdminClients.AntiforgeryToken(page))]));

        Assert.DoesNotContain("Sign in with Microsoft", page);
        Assert.Contains("id=\"password\"", page);
        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
    }
}
