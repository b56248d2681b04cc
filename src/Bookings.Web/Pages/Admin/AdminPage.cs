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
}
