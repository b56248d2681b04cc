using System.Globalization;
using System.Security.Claims;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Bookings.Web.Admin;
using Bookings.Web.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Bookings.Web.Pages.Shared;

/// <summary>What the public pages of one calendar share: finding it, its look, how it may be framed, and how it writes times and prices.</summary>
public static class CalendarPage
{
    /// <summary>Names the calendar in the layout and sets the headers every calendar page carries.</summary>
    public static PageText Present(PageModel page, Mailbox mailbox, string? languageFallback = null)
    {
        var doc = mailbox.Document;
        var text = PageLanguage.Choose(page.HttpContext, languageFallback ?? doc.LanguageTag);
        page.ViewData["Brand"] = doc.DisplayName;
        page.ViewData["BrandUrl"] = page.Url.Page("/Book/Index", new { slug = mailbox.Slug, lang = PageLanguage.Param(page.HttpContext) });
        page.ViewData["NoIndex"] = doc.BookingPageSettings.IsSearchEngineIndexabilityDisabled;
        if (doc.BookingPageSettings.IsSearchEngineIndexabilityDisabled) page.Response.Headers["X-Robots-Tag"] = "noindex";

        SetSecurityHeaders(page.Response, doc.BookingPageSettings.FrameAncestors);
        return text;
    }

    // Nothing but our own files may run or load, and only the calendar's allowed origins may frame the page
    // (checked to be origins when the document is saved; checked again here because they land in a header).
    public static void SetSecurityHeaders(HttpResponse response, IReadOnlyList<string> frameAncestors)
    {
        var origins = frameAncestors.Where(o => Uri.TryCreate(o, UriKind.Absolute, out var u) && u.Scheme is "https" or "http"
            && o.All(c => c > ' ' && c != ';' && c != ',' && c < 127)).ToList();
        response.Headers.ContentSecurityPolicy =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; " +
            "frame-ancestors " + (origins.Count == 0 ? "'none'" : string.Join(' ', origins));
    }

    /// <summary>Dates and times in the page's language: pl-PL for Polish; for English the calendar's English variant, else British English.</summary>
    public static CultureInfo Culture(CalendarDocument doc, PageText text) => PageLanguage.Culture(text, Culture(doc));

    public static CultureInfo Culture(CalendarDocument doc)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(doc.LanguageTag);
            if (culture.TwoLetterISOLanguageName == "en") return culture;
        }
        catch (CultureNotFoundException)
        {
        }
        return CultureInfo.GetCultureInfo("en-GB");
    }

    public static string Duration(TimeSpan d, PageText text) => text.Duration(d);

    public static string Price(BookingService service, CalendarDocument doc, PageText text)
    {
        // Core words the price itself in English (invariant) or Polish.
        var price = PriceDisplay.Format(service, doc.DefaultCurrencyIso, text.IsPolish ? CultureInfo.GetCultureInfo("pl-PL") : null);
        return price.Length == 0 ? price : char.ToUpperInvariant(price[0]) + price[1..];
    }

    public static string Date(DateOnly date, CultureInfo culture) => date.ToString("D", culture);

    public static string Time(DateTimeOffset instant, TimeZoneInfo zone, CultureInfo culture) => TimeZones.InZone(instant, zone).ToString("t", culture);

    public static string When(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, CultureInfo culture) =>
        $"{TimeZones.InZone(start, zone).ToString("D", culture)}, {Time(start, zone, culture)} – {Time(end, zone, culture)}";

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZones.InZone(instant, zone).DateTime);

    /// <summary>An admin-entered web address, only when it is plain http(s): never a javascript: or data: link.</summary>
    public static string? WebUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" ? u.AbsoluteUri : null;

    /// <summary>The visitor's language outside a calendar's page: ?lang, else pl when the browser prefers Polish, else en.</summary>
    public static string Language(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PageLanguage.Param(request.HttpContext) ?? PageLanguage.FromBrowser(request) ?? "en";
    }

    /// <summary>Whether the calendar's page is only for signed-in members of the organisation (accessControl=restrictedToOrganization).</summary>
    public static bool IsRestricted(CalendarDocument doc) => doc.BookingPageSettings.AccessControl == AccessControl.RestrictedToOrganization;

    /// <summary>
    /// The signed-in user (a local account or Microsoft Entra ID, the admin app's cookie), or null. The public pages and API are
    /// anonymous endpoints, so the cookie is authenticated here explicitly; a one-time password still to change does not count.
    /// </summary>
    public static async Task<ClaimsPrincipal?> SignedInUserAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await context.AuthenticateAsync(AdminAuth.Scheme);
        if (!result.Succeeded || result.Principal?.Identity?.IsAuthenticated != true) return null;
        return result.Principal.HasClaim(AdminAuth.MustChangePasswordClaim, "true") ? null : result.Principal;
    }

    /// <summary>
    /// Whether the visitor may see and book the calendar: anyone, or for accessControl=restrictedToOrganization any signed-in user
    /// (local accounts are the organisation's own; Microsoft users are of the configured tenant).
    /// </summary>
    public static async Task<bool> MayVisitAsync(HttpContext context, CalendarDocument doc) =>
        !IsRestricted(doc) || await SignedInUserAsync(context) is not null;

    /// <summary>
    /// The calendar of a booking page: the published one, or with ?preview=1 an unpublished one for a signed-in user who may open it
    /// in the admin app (Preview true). Null: the usual not-found, whether it does not exist or the visitor may not preview it.
    /// </summary>
    public static async Task<(Mailbox? Mailbox, bool Preview)> FindForPageAsync(HttpContext context, CalendarDirectory calendars, string? slug,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(calendars);
        if (await calendars.FindPublishedAsync(slug, ct) is { } published) return (published, false);
        if (!IsPreviewRequested(context.Request) || !CalendarValidator.IsValidSlug(slug)) return (null, false);
        if (await SignedInUserAsync(context) is not { } user) return (null, false);
        var store = context.RequestServices.GetRequiredService<IMailboxStore>();
        if (await store.GetMailboxBySlugAsync(slug!, ct) is not { } mailbox || mailbox.Document.IsPublished) return (null, false);
        return CalendarAccess.Visible(user, [mailbox]).Any() ? (mailbox, true) : (null, false);
    }

    public static bool IsPreviewRequested(HttpRequest request) => request.Query["preview"] == "1";

    /// <summary>Marks a preview: never indexed, never cached, and the banner shown by the page.</summary>
    public static void MarkPreview(PageModel page)
    {
        page.ViewData["NoIndex"] = true;
        page.ViewData["Preview"] = true;
        page.Response.Headers["X-Robots-Tag"] = "noindex";
        page.Response.Headers.CacheControl = "no-store";
    }

    /// <summary>The 401 page of a calendar restricted to its organisation, with a sign-in link that comes back to this page.</summary>
    public static ViewResult SignInRequiredPage(this PageModel page, CalendarDocument doc)
    {
        SetSecurityHeaders(page.Response, []);
        var text = PageLanguage.Choose(page.HttpContext, doc.LanguageTag);
        page.Response.Headers.WWWAuthenticate = "Cookie realm=\"Bookings\"";
        var back = AdminAuth.LocalReturnUrl(page.Request.PathBase + page.Request.Path + page.Request.QueryString) ?? "/";
        var signIn = AdminAuth.SignInPath + QueryString.Create("returnUrl", back)
            + (PageLanguage.Param(page.HttpContext) is { } lang ? "&lang=" + Uri.EscapeDataString(lang) : "");
        return new()
        {
            ViewName = "/Pages/Shared/SignInRequired.cshtml",
            StatusCode = StatusCodes.Status401Unauthorized,
            ViewData = new ViewDataDictionary<object>(page.ViewData, model: null)
            {
                ["Title"] = text.SignInTitle,
                ["SignInMessage"] = text.SignInMessage(doc.DisplayName),
                ["SignInUrl"] = signIn,
                ["NoIndex"] = true,
            },
        };
    }

    /// <summary>The friendly not-found page, with status 404; one page for unknown calendars, services and manage links alike.</summary>
    public static ViewResult NotFoundPage(this PageModel page, Func<PageText, string> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = PageLanguage.Current(page.HttpContext);
        return page.NotFoundPage(message(text), text);
    }

    private static ViewResult NotFoundPage(this PageModel page, string message, PageText text)
    {
        if (!page.Response.Headers.ContainsKey("Content-Security-Policy")) SetSecurityHeaders(page.Response, []);
        return new()
        {
            ViewName = "/Pages/Shared/NotFound.cshtml",
            StatusCode = StatusCodes.Status404NotFound,
            ViewData = new ViewDataDictionary<object>(page.ViewData, model: null) { ["Title"] = text.NotFoundTitle, ["NotFoundMessage"] = message },
        };
    }
}
