using Bookings.Core.Calendars;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin;

/// <summary>What every admin page sends: never framed, never cached, never indexed, no referrer.</summary>
internal static class AdminPage
{
    public static void Protect(PageModel page)
    {
        CalendarPage.SetSecurityHeaders(page.Response, []);
        page.Response.Headers.CacheControl = "no-store";
        page.Response.Headers["Referrer-Policy"] = "no-referrer";
        page.Response.Headers["X-Robots-Tag"] = "noindex";
        page.ViewData["NoIndex"] = true;
        page.ViewData["NoReferrer"] = true;
        page.ViewData["Brand"] = "Bookings admin";
        page.ViewData["BrandUrl"] = "/admin";
        page.ViewData["Admin"] = true;
    }

    /// <summary>
    /// What a form says of a posted identifier, address or zone id that holds a control character, naming the field, in the page's
    /// language; null when it holds none. Forms trim the spaces around what is typed, but a line break or a tab (which a browser's
    /// one-line field never sends) is refused rather than trimmed away unseen.
    /// </summary>
    public static string? ControlCharacterProblem(string? posted, string field, AdminText text) =>
        ControlCharacters.In(posted) ? text.Common.ControlCharacterIn(field) : null;
}
