using System.Net;
using System.Security.Claims;
using Bookings.Core.Store;
using Bookings.Web.Admin;
using Bookings.Web.Tests.Admin;
using Bookings.Web.Tests.Api;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Client;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Bookings.Web.Tests.Microsoft365;

/// <summary>
/// The production <see cref="EntraSchedulingMailboxCreator"/> behind "New calendar", with Microsoft sign-in (the loopback
/// <see cref="FakeEntra"/>) and Admin:CreateSchedulingMailboxes: a missing consent sends the administrator to Microsoft with the scope
/// Bookings.Manage.All and back to the form; then the creator's token goes to the emulator's POST solutions/bookingBusinesses.
/// What stays untested: Microsoft.Identity.Web's own token acquisition (MSAL, the authorization code redeemed at a token endpoint, the
/// token cache), which FakeEntra cannot serve (MSAL wants https and a real token endpoint). <see cref="ITokenAcquisition"/> is replaced
/// by <see cref="ScriptedTokens"/>, and sign-in is switched back to ID tokens so that FakeEntra can answer it.
/// </summary>
public sealed class SchedulingMailboxConsentTests : IDisposable
{
    private const string Admin = "it@contoso.onmicrosoft.com";
    private readonly BookingsFactory _factory = new();
    private readonly EmulatedMicrosoft365 _tenant;
    private readonly FakeEntra _entra;
    private readonly ScriptedTokens _tokens = new();

    public SchedulingMailboxConsentTests()
    {
        _tenant = new EmulatedMicrosoft365(_factory.Time);
        _tenant.Apply(_factory, localAccounts: false);
        _entra = new FakeEntra(_factory.Time);
        foreach (var (k, v) in _entra.Settings()) _factory.Settings[k] = v;
        _factory.Settings["Admin:TenantAdmins"] = Admin;
        _factory.Settings["Admin:CreateSchedulingMailboxes"] = "true";
        _factory.TestServices.Add(s =>
        {
            s.AddSingleton<ITokenAcquisition>(_tokens);
            // FakeEntra issues ID tokens only (no token endpoint): the code flow that token acquisition turns on is not testable here.
            s.PostConfigure<OpenIdConnectOptions>(EntraSignIn.Scheme, o => o.ResponseType = OpenIdConnectResponseType.IdToken);
        });
    }

    public void Dispose()
    {
        _factory.Dispose();
        _entra.Dispose();
        _tenant.Dispose();
    }

    /// <summary>Answers token requests as Microsoft.Identity.Web would: a challenge while consent is missing, then the emulator's delegated token.</summary>
    private sealed class ScriptedTokens : ITokenAcquisition
    {
        public bool Consented { get; set; }
        public string? Token { get; set; }
        public List<(string[] Scopes, string? Scheme, string? Email)> Requests { get; } = [];

        public Task<string> GetAccessTokenForUserAsync(IEnumerable<string> scopes, string? authenticationScheme, string? tenantId = null, string? userFlow = null,
            ClaimsPrincipal? user = null, TokenAcquisitionOptions? tokenAcquisitionOptions = null)
        {
            var asked = scopes.ToArray();
            Requests.Add((asked, authenticationScheme, user?.FindFirstValue(ClaimTypes.Email)));
            if (!Consented)
                throw new MicrosoftIdentityWebChallengeUserException(
                    new MsalUiRequiredException("invalid_grant", "AADSTS65001: The user or administrator has not consented to use the application."), asked);
            return Task.FromResult(Token!);
        }

        public Task<AuthenticationResult> GetAuthenticationResultForUserAsync(IEnumerable<string> scopes, string? authenticationScheme, string? tenantId = null,
            string? userFlow = null, ClaimsPrincipal? user = null, TokenAcquisitionOptions? tokenAcquisitionOptions = null) => throw new NotSupportedException();

        public Task<string> GetAccessTokenForAppAsync(string scope, string? authenticationScheme, string? tenant = null, TokenAcquisitionOptions? tokenAcquisitionOptions = null) =>
            throw new NotSupportedException("The app's own Graph token comes from the store's transport.");

        public Task<AuthenticationResult> GetAuthenticationResultForAppAsync(string scope, string? authenticationScheme, string? tenant = null,
            TokenAcquisitionOptions? tokenAcquisitionOptions = null) => throw new NotSupportedException();

        public void ReplyForbiddenWithWwwAuthenticateHeader(IEnumerable<string> scopes, MsalUiRequiredException msalServiceException, string? authenticationScheme,
            Microsoft.AspNetCore.Http.HttpResponse? httpResponse = null) => throw new NotSupportedException();

        public string GetEffectiveAuthenticationScheme(string? authenticationScheme) => authenticationScheme ?? EntraSignIn.Scheme;

        public Task ReplyForbiddenWithWwwAuthenticateHeaderAsync(IEnumerable<string> scopes, MsalUiRequiredException msalServiceException,
            Microsoft.AspNetCore.Http.HttpResponse? httpResponse = null) => throw new NotSupportedException();
    }

    private HttpClient NewClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("https://localhost"),
    });

    [Fact]
    public async Task AMicrosoftAdministratorConsentsOnceThenCreatesTheSchedulingMailboxWithTheirToken()
    {
        using var client = NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await _entra.SignInAsync(client, nonce => _entra.IdToken(nonce, Admin, name: "IT"))).StatusCode);

        var form = await client.GetAsync("/admin/new");
        var page = await form.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("id=\"mailbox-create\"[^>]*disabled", page);
        Assert.Contains("form-action 'self' " + new Uri(_entra.Instance).GetLeftPart(UriPartial.Authority), form.Headers.GetValues("Content-Security-Policy").Single(),
            StringComparison.Ordinal);
        var fields = new Dictionary<string, string>
        {
            ["Form.Name"] = "Front Desk",
            ["Form.TimeZone"] = "Europe/Warsaw",
            ["Form.Language"] = "pl-PL",
            ["Form.Mailbox"] = "create",
            ["__RequestVerificationToken"] = AdminClients.AntiforgeryToken(page),
        };

        // 1. No consent yet: to Microsoft, for the scope, as this user.
        var challenge = await client.PostAsync("/admin/new", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var scope = $"{_tenant.Graph.BaseAddress.GetLeftPart(UriPartial.Authority)}/Bookings.Manage.All";
        var (asked, scheme, email) = Assert.Single(_tokens.Requests);
        Assert.Equal([scope], asked);
        Assert.Equal((EntraSignIn.Scheme, Admin), (scheme, email));
        var query = _entra.AuthorizeQuery(challenge.Headers.Location!);
        Assert.Equal(new[] { "offline_access", "openid", "profile", scope }.Order(StringComparer.Ordinal), query["scope"].ToString().Split(' ').Order(StringComparer.Ordinal));
        Assert.Equal(Admin, query["login_hint"].ToString());
        Assert.Empty(await _factory.Services.GetRequiredService<IBookingStore>().ListMailboxesAsync());

        // 2. Microsoft asks, the administrator consents, and the app takes them back to the form, filled in.
        _tokens.Consented = true;
        _tokens.Token = _tenant.Graph.DelegatedToken(Admin, "Bookings.Manage.All");
        var back = await _entra.AnswerAsync(client, challenge.Headers.Location!, nonce => _entra.IdToken(nonce, Admin, name: "IT"));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var again = back.Headers.Location!.OriginalString;
        Assert.StartsWith("/admin/new?", again, StringComparison.Ordinal);
        page = WebUtility.HtmlDecode(await client.GetStringAsync(again));
        Assert.Contains("You are back from Microsoft's sign-in", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Front Desk\"", page, StringComparison.Ordinal);
        fields["__RequestVerificationToken"] = AdminClients.AntiforgeryToken(page);

        // 3. The form once more: the business is made with the administrator's token, and adopted.
        var created = await client.PostAsync("/admin/new", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        var calendar = Assert.Single(await _factory.Services.GetRequiredService<IBookingStore>().ListMailboxesAsync());
        Assert.Equal(("frontdesk@contoso.onmicrosoft.com", "front-desk", "pl-PL"), (calendar.Id, calendar.Slug, calendar.Document.LanguageTag));
        var post = Assert.Single(_tenant.Graph.RequestLog, r => r.PathAndQuery.EndsWith("solutions/bookingBusinesses", StringComparison.Ordinal));
        Assert.Equal(("POST", 201), (post.Method, post.Status));
    }

    [Fact]
    public async Task TheSignInAsksForNoGraphScopeUpFront()
    {
        using var client = NewClient();
        var page = await client.GetStringAsync("/admin/signin");

        var challenge = await client.PostAsync(AdminAuth.MicrosoftSignInPath, new FormUrlEncodedContent(
            [new("__RequestVerificationToken", AdminClients.AntiforgeryToken(page)), new("returnUrl", "/admin")]));

        var scopes = _entra.AuthorizeQuery(challenge.Headers.Location!)["scope"].ToString().Split(' ');
        Assert.Contains("offline_access", scopes); // token acquisition is on: a refresh token for later
        Assert.DoesNotContain(scopes, s => s.Contains("Bookings", StringComparison.Ordinal)); // incremental: asked for when first needed
    }
}
