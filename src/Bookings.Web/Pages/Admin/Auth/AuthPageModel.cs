using Bookings.Web.Admin;
using Bookings.Web.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin.Auth;

/// <summary>
/// What the sign-in, change-password, denied and signed-out pages share: their text in the page's language, the antiforgery
/// token their forms carry, and their headers: never framed, cached, indexed or referred, nothing but our own styles, forms
/// posted only to this site (and on to Microsoft when Microsoft sign-in is on). They work signed out, in the admin layout.
/// </summary>
public abstract class AuthPageModel : PageModel
{
    private AntiforgeryTokenSet? _tokens;

    public AuthText Text { get; private set; } = AuthText.En;

    /// <summary>The sentence in the alert above the form; null when there is none.</summary>
    public string? Error { get; protected set; }

    /// <summary>The token of this page's forms, written by the page itself (a hidden field named as antiforgery expects).</summary>
    public AntiforgeryTokenSet Tokens => _tokens ??= HttpContext.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(HttpContext);

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        Text = AuthText.Current(HttpContext);
        base.OnPageHandlerExecuting(context);
    }

    /// <summary>The page, with its title and headers.</summary>
    protected PageResult Show(string title)
    {
        AdminPage.Protect(this);
        ViewData["Title"] = title;
        var context = HttpContext;
        // As the headers leave: antiforgery writes its own (weaker) X-Frame-Options and Cache-Control whenever a form asks for a
        // token while the page renders (the layout's sign-out form does for a signed-in user).
        context.Response.OnStarting(() =>
        {
            SetHeaders(context, Text.Code);
            return Task.CompletedTask;
        });
        return Page();
    }

    private static void SetHeaders(HttpContext context, string language)
    {
        var h = context.Response.Headers;
        h.CacheControl = "no-store";
        h.Pragma = "no-cache";
        h["Referrer-Policy"] = "no-referrer";
        h.XFrameOptions = "DENY";
        // Microsoft sign-in: the form posts here and is redirected on to Microsoft, which form-action must allow.
        var microsoft = EntraSignIn.AuthorityOrigin(context.RequestServices) is { } origin ? " " + origin : "";
        // img-src data: for the layout's empty icon (which spares a request for /favicon.ico).
        h.ContentSecurityPolicy = $"default-src 'none'; img-src data:; style-src 'self'; form-action 'self'{microsoft}; frame-ancestors 'none'; base-uri 'none'";
        h["X-Robots-Tag"] = "noindex";
        h.ContentLanguage = language;
    }
}
