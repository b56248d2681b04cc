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

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (await calendars.FindPublishedAsync(slug, ct) is not { } mailbox)
            return this.NotFoundPage(t => t.NoBookingPage);
        if (CalendarPage.IsRestricted(mailbox.Document)) return this.SignInRequiredPage(mailbox.Document);
        Mailbox = mailbox;
        Services = Calendar.Services.Where(s => !s.IsHiddenFromCustomers).ToList();
        Text = CalendarPage.Present(this, mailbox);

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
        Url.Page("/Book/Service", new { slug = Mailbox.Slug, serviceId = service.Id, tz = TimeZoneParam, lang = PageLanguage.Param(HttpContext) });
}
