using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Hosting;
using Microsoft.Identity.Web;

namespace Bookings.Web.Admin;

/// <summary>Why the signed-in administrator cannot create a scheduling mailbox from the admin app.</summary>
public enum SchedulingMailboxBlocker
{
    /// <summary>The site has no Microsoft sign-in (AzureAd is not configured).</summary>
    NoMicrosoftSignIn,

    /// <summary>The site has Microsoft sign-in, but Admin:CreateSchedulingMailboxes is off (no delegated token acquisition).</summary>
    NotEnabled,

    /// <summary>The administrator signed in with a local account, not with Microsoft.</summary>
    NotSignedInWithMicrosoft,
}

/// <summary>
/// Creates a scheduling mailbox the way Microsoft 365 allows: <c>POST /solutions/bookingBusinesses</c> with a signed-in administrator's
/// delegated token (<c>Bookings.Manage.All</c>); an application token is refused ("Not supported" for Application:
/// api-reference/v1.0/api/bookingbusiness-post-bookingbusinesses.md). The answer's id, an SMTP address, is the new mailbox: the admin
/// app then adopts it as the calendar (IMailboxStore.CreateMailboxAsync with that id).
/// </summary>
public interface ISchedulingMailboxCreator
{
    /// <summary>Null when <paramref name="user"/> may create one here; otherwise why not (the page explains it).</summary>
    SchedulingMailboxBlocker? Blocker(ClaimsPrincipal user);

    /// <summary>
    /// Creates the booking business <paramref name="displayName"/> (contact address <paramref name="email"/>) as <paramref name="user"/>
    /// and answers its id, the new scheduling mailbox's address. <see cref="ConsentRequiredException"/>: Microsoft must ask the user first
    /// (consent, a new sign-in, multi-factor…); <see cref="SchedulingMailboxRefusedException"/>: Graph refused.
    /// </summary>
    Task<string> CreateAsync(ClaimsPrincipal user, string displayName, string email, CancellationToken ct);
}

/// <summary>The user must go through Microsoft's sign-in again (incremental consent to <see cref="Scopes"/>, or a claims challenge).</summary>
public sealed class ConsentRequiredException(IReadOnlyList<string> scopes, string? claims, Exception? inner = null)
    : Exception("Microsoft must ask the user's consent (or a new sign-in) before the app may act for them.", inner)
{
    public IReadOnlyList<string> Scopes { get; } = scopes;

    /// <summary>The claims challenge of Conditional Access, passed on to the authorize request; null when none.</summary>
    public string? Claims { get; } = claims;
}

/// <summary>Microsoft Graph refused to create the booking business.</summary>
public sealed class SchedulingMailboxRefusedException(int status, string? code, string? graphMessage)
    : Exception($"Microsoft Graph refused to create the booking business: {status} {code ?? "(no code)"}.")
{
    public int Status { get; } = status;
    public string? Code { get; } = code;

    /// <summary>Graph's own message (error.message), which names what is wrong; not personal data.</summary>
    public string? GraphMessage { get; } = graphMessage;
}

/// <summary>
/// The one request: <c>POST {Graph:BaseUrl}/solutions/bookingBusinesses</c> with <c>{displayName, email}</c> and the user's bearer token,
/// through a small HttpClient of its own (not the store's transport, which signs in as the app). Not retried: a POST that may have
/// created a mailbox is not sent twice.
/// </summary>
public sealed class BookingBusinessClient(HttpClient http, Uri graphBaseUrl)
{
    public const string HttpClientName = "Bookings.DelegatedGraph";

    /// <summary>The delegated permission, as a scope of the Graph that <paramref name="graphBaseUrl"/> names (national clouds have their own).</summary>
    public static string Scope(Uri graphBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(graphBaseUrl);
        return $"{graphBaseUrl.Scheme}://{graphBaseUrl.Authority}/Bookings.Manage.All";
    }

    public async Task<string> CreateAsync(string accessToken, string displayName, string email, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(graphBaseUrl, "solutions/bookingBusinesses"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var body = new JsonObject { ["displayName"] = displayName, ["email"] = email };
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonNode? json = null;
        try { json = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text); }
        catch (JsonException) { }
        if (!response.IsSuccessStatusCode)
            throw new SchedulingMailboxRefusedException((int)response.StatusCode, Read(json?["error"]?["code"]), Read(json?["error"]?["message"]));
        return Read(json?["id"]) is { Length: > 0 } id
            ? id
            : throw new SchedulingMailboxRefusedException((int)response.StatusCode, "NoId", "The answer named no booking business id.");
    }

    private static string? Read(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>
/// The production <see cref="ISchedulingMailboxCreator"/>: the signed-in administrator's token from Microsoft.Identity.Web's
/// <see cref="ITokenAcquisition"/> (registered with Admin:CreateSchedulingMailboxes: authorization code flow and a token cache), then
/// <see cref="BookingBusinessClient"/>. Microsoft.Identity.Web answers a missing consent with
/// <see cref="MicrosoftIdentityWebChallengeUserException"/>; it becomes <see cref="ConsentRequiredException"/>, which the page turns
/// into a challenge of the Microsoft sign-in with the scope (incremental consent).
/// </summary>
public sealed class EntraSchedulingMailboxCreator(IServiceProvider services, IHttpClientFactory httpClients, IConfiguration configuration)
    : ISchedulingMailboxCreator
{
    public SchedulingMailboxBlocker? Blocker(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!EntraSignIn.IsEnabled(services)) return SchedulingMailboxBlocker.NoMicrosoftSignIn;
        if (!EntraSignIn.CanCreateSchedulingMailboxes(configuration)) return SchedulingMailboxBlocker.NotEnabled;
        if (user.FindFirstValue(EntraSignIn.SourceClaim) != "entra") return SchedulingMailboxBlocker.NotSignedInWithMicrosoft;
        return null;
    }

    public async Task<string> CreateAsync(ClaimsPrincipal user, string displayName, string email, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (Blocker(user) is { } blocker) throw new InvalidOperationException($"Cannot create a scheduling mailbox: {blocker}.");
        var baseUrl = StoreHosting.GraphBaseUrl(configuration);
        string token;
        try
        {
            token = await services.GetRequiredService<ITokenAcquisition>()
                .GetAccessTokenForUserAsync([BookingBusinessClient.Scope(baseUrl)], authenticationScheme: EntraSignIn.Scheme, user: user);
        }
        catch (MicrosoftIdentityWebChallengeUserException e)
        {
            throw new ConsentRequiredException(e.Scopes, e.MsalUiRequiredException.Claims, e);
        }
        return await new BookingBusinessClient(httpClients.CreateClient(BookingBusinessClient.HttpClientName), baseUrl).CreateAsync(token, displayName, email, ct);
    }
}
