using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Bookings.Web.Tests.Admin;

/// <summary>
/// A stand-in for Microsoft Entra ID on loopback: the tenant's OpenID Connect discovery document, its signing keys (JWKS, a test
/// RSA key), an authorize page and an end-session page; and the id_tokens it would issue, signed with that key.
/// </summary>
public sealed class FakeEntra : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly RSA _key = RSA.Create(2048);
    private readonly TimeProvider _time;

    public string TenantId { get; } = Guid.NewGuid().ToString();
    public string ClientId { get; } = Guid.NewGuid().ToString();
    public string Instance => _server.Url + "/";
    public string Issuer => $"{_server.Url}/{TenantId}/v2.0";
    public string AuthorizeEndpoint => $"{_server.Url}/{TenantId}/oauth2/v2.0/authorize";
    public string EndSessionEndpoint => $"{_server.Url}/{TenantId}/oauth2/v2.0/logout";

    /// <summary>A provider that issues its tokens at <paramref name="time"/>'s now: the clock of the app that validates them.</summary>
    public FakeEntra(TimeProvider time)
    {
        _time = time;
        var p = _key.ExportParameters(includePrivateParameters: false);
        var discovery = $$"""
            {"issuer":"{{Issuer}}","authorization_endpoint":"{{AuthorizeEndpoint}}","token_endpoint":"{{_server.Url}}/{{TenantId}}/oauth2/v2.0/token",
             "end_session_endpoint":"{{EndSessionEndpoint}}","jwks_uri":"{{_server.Url}}/{{TenantId}}/discovery/v2.0/keys",
             "response_modes_supported":["query","fragment","form_post"],"response_types_supported":["code","id_token","code id_token"],
             "subject_types_supported":["pairwise"],"id_token_signing_alg_values_supported":["RS256"],"scopes_supported":["openid","profile","email"]}
            """;
        var jwks = $$"""
            {"keys":[{"kty":"RSA","use":"sig","kid":"test-key","n":"{{Base64UrlEncoder.Encode(p.Modulus)}}","e":"{{Base64UrlEncoder.Encode(p.Exponent)}}"}]}
            """;
        _server.Given(Request.Create().WithPath($"/{TenantId}/v2.0/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(discovery));
        _server.Given(Request.Create().WithPath($"/{TenantId}/discovery/v2.0/keys").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(jwks));
        _server.Given(Request.Create().WithPath($"/{TenantId}/oauth2/v2.0/authorize").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "text/html").WithBody("<!DOCTYPE html><title>Sign in to your account</title>"));
        _server.Given(Request.Create().WithPath($"/{TenantId}/oauth2/v2.0/logout").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "text/html").WithBody("<!DOCTYPE html><title>Signed out</title>"));
    }

    /// <summary>The settings that point the app at this provider.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("AzureAd:Instance", Instance),
        new("AzureAd:TenantId", TenantId),
        new("AzureAd:ClientId", ClientId),
        new("AzureAd:ClientSecret", "test-secret-not-used"),
    ];

    /// <summary>An id_token as Entra issues one: signed with the tenant's key (or another one), for this app, with this nonce.</summary>
    public string IdToken(string nonce, string email, string? tenantId = null, string[]? roles = null, string name = "Ewa Nowak", bool foreignKey = false,
        string? audience = null, TimeSpan? age = null)
    {
        // Issued on the app's clock, which the validating handler checks lifetimes against (age: issued that long ago).
        var now = (_time.GetUtcNow() - (age ?? TimeSpan.Zero)).UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "sub-" + email,
            ["oid"] = Guid.NewGuid().ToString(),
            ["tid"] = tenantId ?? TenantId,
            ["preferred_username"] = email,
            ["name"] = name,
            ["nonce"] = nonce,
            ["ver"] = "2.0",
        };
        if (roles is { Length: > 0 }) claims["roles"] = roles;
        using var other = RSA.Create(2048);
        var key = new RsaSecurityKey(foreignKey ? other : _key) { KeyId = "test-key" };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience ?? ClientId,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>
    /// Signs <paramref name="email"/> in through the app's Microsoft sign-in as a browser would (the challenge, then this provider's
    /// id_token posted back). <paramref name="client"/> speaks https and keeps cookies, as Entra's round trip needs.
    /// </summary>
    public async Task SignInAsync(HttpClient client, string email)
    {
        ArgumentNullException.ThrowIfNull(client);
        var posted = await SignInAsync(client, nonce => IdToken(nonce, email));
        Assert.True(posted.StatusCode == System.Net.HttpStatusCode.Redirect, $"signing {email} in: {(int)posted.StatusCode}");
    }

    /// <summary>
    /// The browser's round trip: the app's sign-in page, its challenge, this provider's authorize page, the id_token posted back to
    /// /signin-oidc (form_post, with the correlation and nonce cookies the challenge set). <paramref name="client"/> speaks https to the
    /// app and keeps cookies; it answers the app's last answer.
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(HttpClient client, Func<string, string> idToken, string returnUrl = "/admin")
    {
        var page = await client.GetStringAsync("/admin/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Contains("Sign in with Microsoft", page);
        var challenge = await client.PostAsync(Bookings.Web.Admin.AdminAuth.MicrosoftSignInPath, new FormUrlEncodedContent(
            [new("__RequestVerificationToken", AdminClients.AntiforgeryToken(page)), new("returnUrl", returnUrl)]));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, challenge.StatusCode);
        var query = AuthorizeQuery(challenge.Headers.Location!);
        Assert.Equal(ClientId, query["client_id"].ToString());
        Assert.Equal("https://localhost/signin-oidc", query["redirect_uri"].ToString());
        Assert.Equal("form_post", query["response_mode"].ToString());
        Assert.Contains("openid", query["scope"].ToString());
        return await AnswerAsync(client, challenge.Headers.Location!, idToken);
    }

    /// <summary>The query of a redirect to this provider's authorize endpoint (asserted to be one).</summary>
    public Dictionary<string, Microsoft.Extensions.Primitives.StringValues> AuthorizeQuery(Uri authorize)
    {
        Assert.Equal(AuthorizeEndpoint, authorize.GetLeftPart(UriPartial.Path));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
    }

    /// <summary>The user at the authorize page (<paramref name="authorize"/>), and the provider's form posting the id_token back.</summary>
    public async Task<HttpResponseMessage> AnswerAsync(HttpClient client, Uri authorize, Func<string, string> idToken)
    {
        var query = AuthorizeQuery(authorize);
        using (var browser = new HttpClient())
            Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GetAsync(authorize)).StatusCode);
        return await client.PostAsync("/signin-oidc", new FormUrlEncodedContent(
            [new("id_token", idToken(query["nonce"].ToString())), new("state", query["state"].ToString())]));
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        _key.Dispose();
    }
}
