using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Staff;

/// <summary>A staff member answers an invitation to a calendar: accept (active) or decline (rejected). Never framed, never indexed.</summary>
public sealed class InvitationModel(StaffInvitations invitations) : PageModel
{
    public string CalendarName { get; private set; } = "";
    public string StaffName { get; private set; } = "";
    public PageText Text { get; private set; } = PageText.En;

    /// <summary>After a POST: true accepted, false declined.</summary>
    public bool? Answered { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string staffId, string token, CancellationToken ct)
    {
        Protect();
        if (await invitations.FindAsync(slug, staffId, token, ct) is not { } found) return this.NotFoundPage(t => t.InvitationNotValid);
        Show(found.Mailbox.Document, found.Staff);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string staffId, string token, string? answer, CancellationToken ct)
    {
        Protect();
        if (answer is not ("accept" or "decline")) return BadRequest();
        if (await invitations.FindAsync(slug, staffId, token, ct) is not { } found) return this.NotFoundPage(t => t.InvitationNotValid);
        Show(found.Mailbox.Document, found.Staff);
        if (!await invitations.RespondAsync(slug, staffId, token, answer == "accept", ct)) return this.NotFoundPage(t => t.InvitationNotValid);
        Answered = answer == "accept";
        return Page();
    }

    private void Show(CalendarDocument doc, BookingStaffMember staff)
    {
        CalendarName = doc.DisplayName;
        StaffName = staff.DisplayName;
        Text = PageLanguage.Choose(HttpContext, doc.LanguageTag);
    }

    private void Protect()
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        CalendarPage.SetSecurityHeaders(Response, []);
        ViewData["NoReferrer"] = true;
        ViewData["NoIndex"] = true;
    }
}
