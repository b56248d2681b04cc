using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Tokens;

namespace Bookings.Web.Admin;

/// <summary>
/// Sign-in with Microsoft Entra ID (Microsoft.Identity.Web, OpenID Connect) when the "AzureAd" section is configured. The user
/// lands in the same cookie as a local account (<see cref="AdminAuth.Scheme"/>), with the same claims: their address
/// (preferred_username, email or upn), their name, and the tenant admin claim from the app role <see cref="TenantAdminRole"/>
/// or the list Admin:TenantAdmins. Only users of the configured tenant (tid) are let in.
/// </summary>
public static class EntraSignIn
{
    public const string Section = "AzureAd";
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;
    /// <summary>The app role (in the app registration's manifest) that makes a user a tenant admin of Bookings.</summary>
    public const string TenantAdminRole = "Bookings.TenantAdmin";
    public const string TenantAdminsSetting = "Admin:TenantAdmins";
    /// <summary>The claim that says which sign-in made the cookie: "entra" for Microsoft, absent for a local account.</summary>
    public const string SourceClaim = "signin_source";

    /// <summary>The setting that lets administrators create scheduling mailboxes from the admin app (delegated Bookings.Manage.All).</summary>
    public const string CreateSchedulingMailboxesSetting = "Admin:CreateSchedulingMailboxes";

    /// <summary>
    /// Whether the admin app creates scheduling mailboxes with the signed-in administrator's token: Admin:CreateSchedulingMailboxes
    /// on the Microsoft 365 store with Microsoft sign-in. Sign-in then uses the authorization code flow (a client credential of the
    /// registration: AzureAd:ClientSecret or AzureAd:ClientCertificates) and keeps the user's tokens in a token cache.
    /// </summary>
    public static bool CanCreateSchedulingMailboxes(IConfiguration configuration) =>
        IsConfigured(configuration) && Hosting.StoreHosting.IsMicrosoft365(configuration) && configuration.GetValue<bool>(CreateSchedulingMailboxesSetting);

    /// <summary>Whether Microsoft sign-in is set up: AzureAd:ClientId and AzureAd:TenantId are given.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{Section}:ClientId"]) && !string.IsNullOrWhiteSpace(configuration[$"{Section}:TenantId"]);

    /// <summary>The origin of the sign-in authority (https://login.microsoftonline.com), or null without Microsoft sign-in.</summary>
    public static string? AuthorityOrigin(IServiceProvider services)
    {
        if (!IsEnabled(services)) return null;
        var authority = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<OpenIdConnectOptions>>().Get(Scheme).Authority;
        return Uri.TryCreate(authority, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) : null;
    }

    /// <summary>Whether the running app has Microsoft sign-in.</summary>
    public static bool IsEnabled(IServiceProvider services) => services.GetService<EntraMarker>() is not null;

    internal static void Add(IServiceCollection services, AuthenticationBuilder auth, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var tenant = TenantId(section);
        var tenantAdmins = TenantAdmins(configuration);

        services.AddSingleton(new EntraMarker());
        services.AddLogging(l => l.AddFilter("Microsoft.IdentityModel", LogLevel.Warning));
        AddWebApp(auth, section, configuration);

        // After Microsoft.Identity.Web's own configuration of the handler.
        services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<TimeProvider>((o, time) =>
        {
            ConfigureHandler(o, section, time);
            var validated = o.Events.OnTokenValidated;
            o.Events.OnTokenValidated = async context =>
            {
                if (validated is not null) await validated(context);
                if (context.Result is not null) return;
                SignInValidated(context, tenant, tenantAdmins);
            };
            var failed = o.Events.OnRemoteFailure;
            o.Events.OnRemoteFailure = async context =>
            {
                if (failed is not null) await failed(context);
                if (context.Result is not null) return;
                BackToSignIn(context);
            };
        });
    }

    // One organisation: its Directory (tenant) ID, never "common", "organizations" or a domain name that could stand for another.
    private static Guid TenantId(IConfigurationSection section)
    {
        var tenantText = section["TenantId"]!.Trim();
        if (!Guid.TryParse(tenantText, out var tenant))
            throw new InvalidOperationException("AzureAd:TenantId must be the Directory (tenant) ID, a GUID, of the one organisation whose users may sign in.");
        return tenant;
    }

    // Admin:TenantAdmins, as one delimited string or as a list.
    private static HashSet<string> TenantAdmins(IConfiguration configuration)
    {
        var tenantAdmins = (configuration[TenantAdminsSetting] ?? "")
            .Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var child in configuration.GetSection(TenantAdminsSetting).GetChildren())
            if (!string.IsNullOrWhiteSpace(child.Value)) tenantAdmins.Add(child.Value.Trim());
        return tenantAdmins;
    }

    private static void AddWebApp(AuthenticationBuilder auth, IConfigurationSection section, IConfiguration configuration)
    {
        var webApp = auth.AddMicrosoftIdentityWebApp(o =>
        {
            section.Bind(o);
            if (string.IsNullOrWhiteSpace(o.Instance)) o.Instance = "https://login.microsoftonline.com/";
            if (!o.CallbackPath.HasValue) o.CallbackPath = "/signin-oidc";
        }, configureCookieAuthenticationOptions: null, openIdConnectScheme: Scheme, cookieScheme: null);
        if (CanCreateSchedulingMailboxes(configuration))
        {
            // Delegated tokens for POST /solutions/bookingBusinesses (SchedulingMailboxes.cs): the authorization code flow, no
            // Graph scope at sign-in (Bookings.Manage.All is asked for when first needed: incremental consent), and a token cache in
            // this process's memory (behind several instances, the admin app needs session affinity: infra/entra-app.md).
            // Registered before the handler events of Add, which wrap Microsoft.Identity.Web's.
            if (string.IsNullOrWhiteSpace(section["ClientSecret"]) && !section.GetSection("ClientCertificates").GetChildren().Any())
                throw new InvalidOperationException(
                    $"{CreateSchedulingMailboxesSetting} needs a client credential of the sign-in registration: AzureAd:ClientSecret or AzureAd:ClientCertificates.");
            webApp.EnableTokenAcquisitionToCallDownstreamApi().AddInMemoryTokenCaches();
        }
    }

    private static void ConfigureHandler(OpenIdConnectOptions o, IConfigurationSection section, TimeProvider time)
    {
        o.SignInScheme = AdminAuth.Scheme;
        // The token's lifetime on the app's clock, as the handler's cookies and the admin cookie: IdentityModel would read the
        // machine's clock (its own TimeProvider setting is internal), and one sign-in would then run on two clocks.
        o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) => IsWithinLifetime(notBefore, expires, parameters, time);
        // Entra's metadata is https; http only for a stand-in on loopback (tests), as Graph:BaseUrl.
        o.RequireHttpsMetadata = !(Uri.TryCreate(section["Instance"], UriKind.Absolute, out var instance)
            && instance.Scheme == Uri.UriSchemeHttp && instance.IsLoopback);
        o.UseTokenLifetime = false; // the cookie's own 8 hours, as a local account's
        o.SignOutScheme = AdminAuth.Scheme;
        o.MapInboundClaims = false; // ask for the token's own claim names (tid, roles…); Value() below reads the mapped long names too
        // The issuer is the one in the tenant's metadata document (the standard check), and tid is checked by SignInValidated.
        o.TokenValidationParameters.IssuerValidator = null;
        o.TokenValidationParameters.ValidateIssuer = true;
        o.TokenValidationParameters.ValidateAudience = true;
        o.TokenValidationParameters.ValidAudience = o.ClientId;
        o.CorrelationCookie.HttpOnly = true;
        o.NonceCookie.HttpOnly = true;
    }

    // A validated token of the configured tenant that names a user becomes the cookie's principal; any other fails the sign-in.
    private static void SignInValidated(TokenValidatedContext context, Guid tenant, HashSet<string> tenantAdmins)
    {
        var principal = context.Principal;
        if (principal is null || !Guid.TryParse(Value(principal, "tid"), out var tid) || tid != tenant)
        {
            context.Fail("The user is not of the configured tenant.");
            return;
        }
        var email = new[] { "preferred_username", "email", "upn" }.Select(c => Value(principal, c))
            .FirstOrDefault(v => v is { Length: > 0 and <= 320 } && v.Contains('@', StringComparison.Ordinal));
        var id = Value(principal, "oid") ?? Value(principal, "sub");
        if (email is null || string.IsNullOrEmpty(id))
        {
            context.Fail("The token names no user address.");
            return;
        }
        var name = Value(principal, "name") is { Length: > 0 } n ? n : email;
        var admin = principal.FindAll(c => c.Type is "roles" or "role" or ClaimTypes.Role).Any(r => string.Equals(r.Value, TenantAdminRole, StringComparison.Ordinal))
            || tenantAdmins.Contains(email);
        // The account's home ids (from client_info, added by Microsoft.Identity.Web): its token cache finds the user's tokens by them.
        context.Principal = Principal(id, email, name, admin, principal.FindAll(c => c.Type is AccountObjectIdClaim or AccountTenantIdClaim));
    }

    private static void BackToSignIn(RemoteFailureContext context)
    {
        // The reason (IdentityModel keeps personal data out of its messages), not who tried.
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EntraSignIn).FullName!)
            .LogWarning("Microsoft sign-in failed: {Reason}", context.Failure?.Message);
        // Back to the sign-in page with a plain message, never the exception's text.
        context.Response.Redirect(AdminAuth.SignInPath + "?error=microsoft");
        context.HandleResponse();
    }

    /// <summary>IdentityModel's lifetime rule (nbf and exp, with the clock skew; exp required unless told otherwise) at <paramref name="time"/>'s now.</summary>
    internal static bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, TokenValidationParameters parameters, TimeProvider time)
    {
        if (expires is null) return !parameters.RequireExpirationTime;
        if (notBefore is { } nbf && nbf > expires) return false;
        var now = time.GetUtcNow().UtcDateTime;
        return (notBefore is null || notBefore.Value.ToUniversalTime() <= now + parameters.ClockSkew)
            && expires.Value.ToUniversalTime() >= now - parameters.ClockSkew;
    }

    // The token's claim by its JWT name, or by the long name .NET maps it to (whichever the handler produced).
    private static readonly Dictionary<string, string> LongNames = new(StringComparer.Ordinal)
    {
        ["tid"] = "http://schemas.microsoft.com/identity/claims/tenantid",
        ["oid"] = "http://schemas.microsoft.com/identity/claims/objectidentifier",
        ["sub"] = ClaimTypes.NameIdentifier,
        ["email"] = ClaimTypes.Email,
        ["upn"] = ClaimTypes.Upn,
        ["name"] = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    };

    private static string? Value(ClaimsPrincipal principal, string type) =>
        principal.FindFirstValue(type) is { Length: > 0 } v ? v
        : LongNames.TryGetValue(type, out var longName) && principal.FindFirstValue(longName) is { Length: > 0 } l ? l : null;

    // Microsoft.Identity.Web's names of the home account's object and tenant ids (ClaimConstants.UniqueObjectIdentifier, …TenantIdentifier).
    private const string AccountObjectIdClaim = "uid";
    private const string AccountTenantIdClaim = "utid";

    /// <summary>
    /// The cookie's principal for a Microsoft user: the same claims a local account gets, plus the home account ids
    /// (<paramref name="accountClaims"/>) that Microsoft.Identity.Web's token cache needs.
    /// </summary>
    internal static ClaimsPrincipal Principal(string objectId, string email, string name, bool tenantAdmin, IEnumerable<Claim>? accountClaims = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "entra:" + objectId),
            new(ClaimTypes.Email, email),
            new(ClaimTypes.Name, name),
            new(SourceClaim, "entra"),
        };
        if (tenantAdmin) claims.Add(new(CalendarAccess.TenantAdminClaim, "true"));
        foreach (var c in accountClaims ?? []) claims.Add(new(c.Type, c.Value));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AdminAuth.Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Present in the services when Microsoft sign-in is configured.</summary>
    internal sealed class EntraMarker;
}
