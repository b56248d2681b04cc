using System.Globalization;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Bookings.Web.Pages.Shared;

/// <summary>What the public pages of one calendar share: finding it, its look, how it may be framed, and how it writes times and prices.</summary>
public static class CalendarPage
{
    /// <summary>Names the calendar in the layout and sets the headers every calendar page carries.</summary>
    public static void Present(PageModel page, Mailbox mailbox)
    {
        var doc = mailbox.Document;
        page.ViewData["Brand"] = doc.DisplayName;
        page.ViewData["BrandUrl"] = page.Url.Page("/Book/Index", new { slug = mailbox.Slug });
        page.ViewData["NoIndex"] = doc.BookingPageSettings.IsSearchEngineIndexabilityDisabled;

        SetSecurityHeaders(page.Response, doc.BookingPageSettings.FrameAncestors);
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

    /// <summary>The page text is English; dates and times follow the calendar's English variant, else British English.</summary>
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

    public static string Duration(TimeSpan d)
    {
        var hours = (int)d.TotalHours;
        var parts = new List<string>(2);
        if (hours > 0) parts.Add(hours == 1 ? "1 hour" : $"{hours} hours");
        if (d.Minutes > 0 || hours == 0) parts.Add(d.Minutes == 1 ? "1 minute" : $"{d.Minutes} minutes");
        return string.Join(' ', parts);
    }

    public static string Price(BookingService service, CalendarDocument doc)
    {
        var price = PriceDisplay.Format(service, doc.DefaultCurrencyIso);
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

    /// <summary>The customer's language for their messages: pl when the browser prefers Polish, else en.</summary>
    public static string Language(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var preferred = request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value).FirstOrDefault();
        return preferred is not null && preferred.StartsWith("pl", StringComparison.OrdinalIgnoreCase) ? "pl" : "en";
    }

    /// <summary>Whether the calendar's page is only for signed-in members of the organisation (accessControl=restrictedToOrganization).</summary>
    public static bool IsRestricted(CalendarDocument doc) => doc.BookingPageSettings.AccessControl == AccessControl.RestrictedToOrganization;

    /// <summary>The 401 page of a calendar restricted to its organisation (until sign-in exists, nobody outside can book).</summary>
    public static ViewResult SignInRequiredPage(this PageModel page, CalendarDocument doc)
    {
        SetSecurityHeaders(page.Response, []);
        page.Response.Headers.WWWAuthenticate = "Cookie realm=\"Bookings\"";
        return new()
        {
            ViewName = "/Pages/Shared/SignInRequired.cshtml",
            StatusCode = StatusCodes.Status401Unauthorized,
            ViewData = new ViewDataDictionary<object>(page.ViewData, model: null)
            {
                ["Title"] = "Sign-in required",
                ["SignInMessage"] = $"The booking page of {doc.DisplayName} is only for members of its organisation.",
                ["NoIndex"] = true,
            },
        };
    }

    /// <summary>The friendly not-found page, with status 404; one page for unknown calendars, services and manage links alike.</summary>
    public static ViewResult NotFoundPage(this PageModel page, string message)
    {
        if (!page.Response.Headers.ContainsKey("Content-Security-Policy")) SetSecurityHeaders(page.Response, []);
        return new()
        {
            ViewName = "/Pages/Shared/NotFound.cshtml",
            StatusCode = StatusCodes.Status404NotFound,
            ViewData = new ViewDataDictionary<object>(page.ViewData, model: null) { ["Title"] = "Not found", ["NotFoundMessage"] = message },
        };
    }
}
