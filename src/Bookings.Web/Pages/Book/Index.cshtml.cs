using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Book;

/// <summary>The calendar's front page: its services, each a link to the service page.</summary>
public sealed class IndexModel(CalendarDirectory calendars) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "tz")]
    public string? TimeZoneParam { get; set; }

    public Mailbox Mailbox { get; private set; } = null!;
    public CalendarDocument Calendar => Mailbox.Document;
    public IReadOnlyList<BookingService> Services { get; private set; } = [];
    public PageText Text { get; private set; } = PageText.En;

    /// <summary>An unpublished calendar shown to a signed-in user with a role in it (?preview=1): a banner, and no booking.</summary>
    public bool Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var (found, preview) = await CalendarPage.FindForPageAsync(HttpContext, calendars, slug, ct);
        if (found is not { } mailbox)
            return this.NotFoundPage(t => t.NoBookingPage);
        if (!await CalendarPage.MayVisitAsync(HttpContext, mailbox.Document)) return this.SignInRequiredPage(mailbox.Document);
        Mailbox = mailbox;
        Preview = preview;
        Services = Calendar.Services.Where(s => !s.IsHiddenFromCustomers).ToList();
        Text = CalendarPage.Present(this, mailbox);
        if (preview)
        {
            CalendarPage.MarkPreview(this);
            ViewData["BrandUrl"] = Url.Page("/Book/Index", new { slug = mailbox.Slug, preview = "1", lang = PageLanguage.Param(HttpContext) });
        }

        // Times come on the next page; carry a zone the visitor already chose, or let the script add the browser's.
        var settings = Calendar.BookingPageSettings;
        if (settings.IsTimeSlotTimeZoneSetToBusinessTimeZone || !TimeZones.TryResolve(TimeZoneParam, out var zone))
            TimeZoneParam = null;
        else
            TimeZoneParam = zone.Id;
        if (!settings.IsTimeSlotTimeZoneSetToBusinessTimeZone && TimeZoneParam is null && !Request.Query.ContainsKey("tz"))
            ViewData["TzAuto"] = Calendar.BusinessTimeZone;
        return Page();
    }

    public string? ServiceUrl(BookingService service) =>
        Url.Page("/Book/Service", new { slug = Mailbox.Slug, serviceId = service.Id, tz = TimeZoneParam, lang = PageLanguage.Param(HttpContext), preview = Preview ? "1" : null });
}
