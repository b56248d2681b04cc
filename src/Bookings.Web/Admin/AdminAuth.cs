using System.Security.Claims;
using Bookings.Core.Admin;
using Bookings.Hosting;
using Bookings.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bookings.Web.Admin;

/// <summary>Settings under "Admin" for sign-in.</summary>
public sealed class AdminAuthOptions
{
    public const string Section = "Admin";

    /// <summary>Send the sign-in cookie only over HTTPS (and name it __Host-bookings-admin). False: as the request came (SameAsRequest).</summary>
    public bool RequireHttpsCookies { get; set; }

    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>The email of the tenant admin created on first run when there is no local account.</summary>
    public string FirstAdminEmail { get; set; } = "admin@localhost";

    /// <summary>Microsoft Entra ID users who are tenant admins (besides those with the app role Bookings.TenantAdmin): addresses, comma-separated or an array.</summary>
    public string? TenantAdmins { get; set; }

    /// <summary>
    /// On the Microsoft 365 store with Microsoft sign-in: "New calendar" may create a scheduling mailbox with the signed-in
    /// administrator's delegated Bookings.Manage.All (<see cref="EntraSignIn.CanCreateSchedulingMailboxes"/>).
    /// </summary>
    public bool CreateSchedulingMailboxes { get; set; }
}

/// <summary>
/// Sign-in of the admin app: local accounts (the embedded store's) and, when "AzureAd" is configured, Microsoft Entra ID
/// (<see cref="EntraSignIn"/>), both into one cookie; the "Admin" policy, lockout, the first admin on first run. The sign-in,
/// change-password, denied and signed-out pages are Razor Pages in the admin layout (Pages/Admin/Auth, mapped by MapRazorPages);
/// the start of Microsoft sign-in is a minimal endpoint. Booking pages restricted to the organisation use the same cookie.
/// Pages without the right sign-in are sent to the forms; /api paths answer 401 or 403 ProblemDetails instead.
/// </summary>
public static class AdminAuth
{
    public const string Scheme = "Bookings.Admin";
    public const string Policy = "Admin";
    /// <summary>Signed in, even with a one-time password still to change (the change-password form and sign-out).</summary>
    public const string SignedInPolicy = "Admin.SignedIn";
    public const string MustChangePasswordClaim = "must_change_password";
    public const string SignInPath = "/admin/signin";
    public const string SignOutPath = "/admin/signout";
    public const string PasswordPath = "/admin/password";
    public const string DeniedPath = "/admin/denied";
    public const string HomePath = "/admin";
    public const string MicrosoftSignInPath = "/admin/signin/microsoft";

    public static IServiceCollection AddBookingsAdminAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions(configuration.GetSection(AdminAuthOptions.Section), new AdminAuthOptionsValidator(configuration));
        // "New calendar" on Microsoft 365: a scheduling mailbox made with the administrator's delegated token (SchedulingMailboxes.cs).
        services.AddHttpClient(BookingBusinessClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(60));
        services.TryAddScoped<ISchedulingMailboxCreator, EntraSchedulingMailboxCreator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddAntiforgery();
        services.AddBookingsPages(); // the sign-in pages (Pages/Admin/Auth)
        TenantPolicy.AddTenantPolicy(services, configuration);

        // Local accounts belong to the embedded store; on Microsoft 365 there is no IUserStore (sign-in is Microsoft Entra ID).
        // (The IUserStore itself is the store's: Hosting registers it with the embedded store.)
        if (!StoreHosting.IsMicrosoft365(configuration))
        {
            services.TryAddSingleton(new FirstAdminConsole());
            services.AddHostedService<FirstAdminBootstrap>();
        }

        var httpsOnly = configuration.GetValue<bool>($"{AdminAuthOptions.Section}:{nameof(AdminAuthOptions.RequireHttpsCookies)}");
        var auth = services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.Cookie.Name = httpsOnly ? "__Host-bookings-admin" : "bookings-admin";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = SignInPath;
            o.LogoutPath = SignOutPath;
            o.AccessDeniedPath = DeniedPath;
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnRedirectToLogin = context =>
            {
                // An API answers its caller, who is not a browser to send to a form: 401.
                if (IsApi(context.Request))
                    return ApiProblemAsync(context.HttpContext, Api.Problems.Http(StatusCodes.Status401Unauthorized, "sign_in_required", "You are not signed in.",
                        $"Sign in at {SignInPath} first; the API uses the admin app's sign-in."));
                // A path on this site, not an absolute URL built from the request's Host header.
                var uri = new Uri(context.RedirectUri, UriKind.RelativeOrAbsolute);
                context.Response.Redirect(uri.IsAbsoluteUri ? uri.PathAndQuery : context.RedirectUri);
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = context =>
            {
                var mustChangePassword = context.HttpContext.User.HasClaim(MustChangePasswordClaim, "true");
                if (IsApi(context.Request))
                    return ApiProblemAsync(context.HttpContext, mustChangePassword
                        ? Api.Problems.Http(StatusCodes.Status403Forbidden, "password_change_required", "Change your one-time password first.",
                            $"Change it at {PasswordPath}, then call again.")
                        : Api.Problems.Http(StatusCodes.Status403Forbidden, "forbidden", "You may not use this."));
                // Signed in with a one-time password: everything but the change-password form sends there.
                if (mustChangePassword) context.RedirectUri = PasswordPath;
                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });
        if (EntraSignIn.IsConfigured(configuration)) EntraSignIn.Add(services, auth, configuration);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireAssertion(c => !c.User.HasClaim(MustChangePasswordClaim, "true")))
            .AddPolicy(SignedInPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return services;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static Task ApiProblemAsync(HttpContext context, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem) => problem.ExecuteAsync(context);

    public static WebApplication UseBookingsAdminAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// POST /admin/signin/microsoft. The pages (GET/POST /admin/signin, POST /admin/signout, GET/POST /admin/password,
    /// GET /admin/denied) are Razor Pages in Pages/Admin/Auth, mapped with the others by MapRazorPages.
    /// </summary>
    public static IEndpointRouteBuilder MapBookingsAdminAuth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(MicrosoftSignInPath, (Func<HttpContext, Task<IResult>>)MicrosoftSignInAsync);
        return endpoints;
    }

    /// <summary>Starts Microsoft sign-in (a form POST, so no other site can start it), coming back to the local returnUrl.</summary>
    private static async Task<IResult> MicrosoftSignInAsync(HttpContext context)
    {
        if (!EntraSignIn.IsEnabled(context.RequestServices)) return Results.NotFound();
        if (await RejectForgeryAsync(context) is { } rejected) return rejected;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var back = LocalReturnUrl(form["returnUrl"].ToString()) ?? HomePath;
        return Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [EntraSignIn.Scheme]);
    }

    internal static ClaimsPrincipal Principal(AdminUser user, bool mustChangePassword)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Name, user.DisplayName),
        };
        if (user.IsTenantAdmin) claims.Add(new(CalendarAccess.TenantAdminClaim, "true"));
        if (mustChangePassword) claims.Add(new(MustChangePasswordClaim, "true"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The returnUrl when it is a path on this site ("/admin/x"), else null: never "//host", "/\host" or an absolute URL.</summary>
    internal static string? LocalReturnUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048 || url[0] != '/') return null;
        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\')) return null;
        foreach (var c in url) if (char.IsControl(c) || c == '\\') return null;
        return url;
    }

    private static async Task<IResult?> RejectForgeryAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType) return Results.BadRequest();
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Results.BadRequest();
        }
    }
}

/// <summary>Where the first admin's one-time password is written: the console (standard output), never a log.</summary>
public sealed class FirstAdminConsole(TextWriter? writer = null)
{
    public TextWriter Writer => writer ?? Console.Out;
}

/// <summary>
/// First run: when there is no local account, creates the tenant admin Admin:FirstAdminEmail with a one-time password that
/// must be changed at first sign-in, and writes the password once to the console (never to a log).
/// </summary>
public sealed class FirstAdminBootstrap(IServiceProvider services, IOptions<AdminAuthOptions> options, TimeProvider time,
    ILogger<FirstAdminBootstrap> logger, FirstAdminConsole console) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var users = services.GetService<IUserStore>();
        if (users is null || await users.CountAsync(cancellationToken) > 0) return;
        var password = AdminPasswords.NewOneTimePassword();
        var email = options.Value.FirstAdminEmail.Trim();
        var user = new AdminUser(Guid.NewGuid().ToString("N"), email, "Administrator", IsTenantAdmin: true, MustChangePassword: true,
            FailedAttempts: 0, LockedUntil: null, CreatedAt: time.GetUtcNow());
        // Atomic: another process starting at the same moment creates it, or this one does, never both.
        if (!await users.AddFirstAsync(user, AdminPasswords.Hash(password), cancellationToken)) return;
        // The operator has no other way to learn the first password: it goes to the console once, here, and never to a log
        // (which may be shipped elsewhere). It is one-time: it must be changed at first sign-in.
        await console.Writer.WriteLineAsync($"Created the first admin {email}; one-time password: {password} (change it at first sign-in)");
        await console.Writer.FlushAsync(cancellationToken);
        logger.LogWarning("Created the first admin {Email}; its one-time password was written to the console", email);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
