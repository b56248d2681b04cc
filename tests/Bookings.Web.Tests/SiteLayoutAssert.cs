namespace Bookings.Web.Tests;

/// <summary>
/// The site's layout (Pages/Shared/_Layout.cshtml) as a page shows it: its landmarks, stylesheets, language switcher and
/// noindex; the admin app's pages add their brand link, the wide frame and admin.css.
/// </summary>
public static class SiteLayoutAssert
{
    public static void InTheLayout(string html, string language, bool admin)
    {
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"skip\" href=\"#main\">", html, StringComparison.Ordinal);
        Assert.Contains("<header class=\"site\">", html, StringComparison.Ordinal);
        Assert.Contains(admin ? "<main id=\"main\" class=\"wrap wide\">" : "<main id=\"main\" class=\"wrap\">", html, StringComparison.Ordinal);
        Assert.Contains("<footer class=\"site\">", html, StringComparison.Ordinal);
        Assert.Contains("hreflang=\"pl\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/css/site.css", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", html, StringComparison.Ordinal);
        if (admin)
        {
            Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
            Assert.Contains("<a class=\"brand\" href=\"/admin\">Bookings admin</a>", html, StringComparison.Ordinal);
            Assert.Contains("href=\"/css/admin.css", html, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("admin.css", html, StringComparison.Ordinal);
        }
    }
}
