using System.Security.Claims;
using Bookings.Web.Admin;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Auth;

/// <summary>
/// POST /admin/signout: ends the sign-in cookie and goes back to the sign-in page; a Microsoft user is signed out of Microsoft
/// too, through the "Signed out" page this renders.
/// </summary>
[Authorize(Policy = AdminAuth.SignedInPolicy)]
public sealed class SignOutModel : AuthPageModel
{
    /// <summary>Microsoft's end-session page, where the "Signed out" page goes on by itself.</summary>
    public string? EndSession { get; private set; }

    /// <summary>Signing out is a POST only (from the layout's form, with its antiforgery token).</summary>
    public IActionResult OnGet()
    {
        Response.Headers.Allow = HttpMethods.Post;
        return StatusCode(StatusCodes.Status405MethodNotAllowed);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var microsoft = User.HasClaim(EntraSignIn.SourceClaim, "entra") && EntraSignIn.IsEnabled(HttpContext.RequestServices);
        await HttpContext.SignOutAsync(AdminAuth.Scheme);
        if (!microsoft) return Redirect(AdminAuth.SignInPath);

        // The form that posted here may only send to this site (CSP form-action 'self', which browsers apply to redirects too),
        // so the way on to Microsoft's end-session page is this page, which goes on by itself (meta refresh), with a link for
        // good measure.
        await HttpContext.SignOutAsync(EntraSignIn.Scheme, new AuthenticationProperties { RedirectUri = AdminAuth.SignInPath });
        var endSession = Response.Headers.Location.ToString();
        Response.Headers.Location = default;
        Response.StatusCode = StatusCodes.Status200OK;
        if (!Uri.TryCreate(endSession, UriKind.Absolute, out var target) || target.Scheme is not ("https" or "http")) return Redirect(AdminAuth.SignInPath);
        EndSession = target.AbsoluteUri;
        HttpContext.User = new ClaimsPrincipal(new ClaimsIdentity()); // the page is shown signed out: no name, no sign-out form
        ViewData["RefreshTo"] = EndSession;
        return Show(Text.SignedOutTitle);
    }
}
