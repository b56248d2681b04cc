using Bookings.Core.Admin;
using Bookings.Web.Admin;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Bookings.Web.Pages.Admin.Auth;

/// <summary>
/// GET/POST /admin/signin: Microsoft sign-in (a form posting to <see cref="AdminAuth.MicrosoftSignInPath"/>) when "AzureAd" is
/// configured, and local accounts on the embedded store, with lockout after Admin:MaxFailedSignIns failures (a locked account
/// answers as a wrong password does). Sign-in attempts are also rate limited per client (RateLimiting: manage actions).
/// </summary>
[NoLocalAccountsNoPost]
public sealed class SignInModel(IOptions<AdminAuthOptions> options, TimeProvider time) : AuthPageModel
{
    public bool Local { get; private set; }
    public bool Microsoft { get; private set; }

    /// <summary>Where to go once signed in, when it is a path on this site; null otherwise.</summary>
    public string? ReturnUrl { get; private set; }

    /// <summary>The address typed, shown again after a failure.</summary>
    public string? Email { get; private set; }

    public PageResult OnGet() =>
        Form(Request.Query["error"] == "microsoft" ? Text.MicrosoftFailed : null, Request.Query["returnUrl"].ToString(), email: null);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var users = HttpContext.RequestServices.GetRequiredService<IUserStore>();
        var form = await Request.ReadFormAsync(ct);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = form["returnUrl"].ToString();

        var found = email.Length is > 0 and <= 320 ? await users.FindByEmailAsync(email, ct) : null;
        if (found is null)
        {
            AdminPasswords.VerifyDummy(password); // the same work as for a known address
            return Form(Text.WrongEmailOrPassword, returnUrl, email);
        }
        var user = found.User;
        var now = time.GetUtcNow();
        var verified = AdminPasswords.Verify(password, found.PasswordHash);
        // A locked account answers as a wrong password does (never saying which), even to the right one.
        if (user.LockedUntil is { } until && until > now) return Form(Text.WrongEmailOrPassword, returnUrl, email);
        if (!verified)
        {
            var lockout = options.Value;
            await users.RecordFailureAsync(user.Id, lockout.MaxFailedSignIns, now.AddMinutes(lockout.LockoutMinutes), ct);
            return Form(Text.WrongEmailOrPassword, returnUrl, email);
        }
        if (user.FailedAttempts > 0 || user.LockedUntil is not null) await users.ResetFailuresAsync(user.Id, ct);

        await HttpContext.SignInAsync(AdminAuth.Scheme, AdminAuth.Principal(user, user.MustChangePassword));
        if (user.MustChangePassword) return Redirect(AdminAuth.PasswordPath);
        return Redirect(AdminAuth.LocalReturnUrl(returnUrl) ?? AdminAuth.HomePath);
    }

    private PageResult Form(string? error, string returnUrl, string? email)
    {
        Error = error;
        Email = email;
        ReturnUrl = AdminAuth.LocalReturnUrl(returnUrl);
        Local = HttpContext.RequestServices.GetService<IUserStore>() is not null;
        Microsoft = EntraSignIn.IsEnabled(HttpContext.RequestServices);
        return Show(Text.SignInTitle);
    }

    /// <summary>
    /// Without local accounts (the Microsoft 365 store) a POST is not found, before anything else looks at it (antiforgery
    /// included): there is nothing to post to.
    /// </summary>
    private sealed class NoLocalAccountsNoPostAttribute : Attribute, IAuthorizationFilter
    {
        public void OnAuthorization(AuthorizationFilterContext context)
        {
            if (HttpMethods.IsPost(context.HttpContext.Request.Method) && context.HttpContext.RequestServices.GetService<IUserStore>() is null)
                context.Result = new NotFoundResult();
        }
    }
}
