using System.Globalization;
using Bookings.Core.Availability;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Time;
using Bookings.Web.Infrastructure;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Manage;

/// <summary>
/// The manage link's page: shows one attendee's booking and cancels it by POST. Wrong, used and
/// expired tokens all get the same not-found page; the token never leaves through a Referer.
/// </summary>
public sealed class IndexModel(ManageHandler handler, Links links, TimeProvider time) : PageModel
{
    private const string NoLongerValid = "This booking link is not valid. It may be mistyped, or the booking was cancelled or is over.";

    public ManagedBooking Booking { get; private set; } = null!;
    public CalendarDocument Calendar => Booking.Mailbox.Document;
    public BookingService? Service { get; private set; }
    public string ServiceName => Service?.DisplayName ?? Booking.Appointment.ServiceId;
    public string StaffName => Calendar.FindStaff(Booking.Appointment.StaffId)?.DisplayName ?? "";
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public CultureInfo Culture { get; private set; } = CultureInfo.InvariantCulture;

    /// <summary>Arrived straight from booking: say so and show the link to keep.</summary>
    public bool JustBooked { get; private set; }
    public bool Cancelled { get; private set; }
    public bool CanCancel { get; private set; }
    public string ManageUrl { get; private set; } = "";

    /// <summary>The online meeting's link (Teams, or the service's meeting-link template); null in person.</summary>
    public string? JoinUrl => Bookings.Core.Notifications.NotificationComposer.MeetingLink(Service, Booking.Appointment);
    public BookingError? Problem { get; private set; }

    public string When => CalendarPage.When(Booking.Appointment.Start, Booking.Appointment.End, Zone, Culture);

    public async Task<IActionResult> OnGetAsync(string token, string? booked, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct)) return this.NotFoundPage(NoLongerValid);
        JustBooked = booked == "1";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct)) return this.NotFoundPage(NoLongerValid);
        try
        {
            await handler.CancelAsync(token, ct);
            Cancelled = true;
        }
        catch (BookingException e) when (e.Error.Status == StatusCodes.Status404NotFound)
        {
            return this.NotFoundPage(NoLongerValid);
        }
        catch (BookingException e)
        {
            Problem = e.Error;
            Response.StatusCode = e.Error.Status;
        }
        return Page();
    }

    private async Task<bool> LoadAsync(string token, CancellationToken ct)
    {
        // Set before anything else so that the not-found page carries them too.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        ViewData["NoReferrer"] = true;
        ViewData["NoIndex"] = true;

        if (await handler.FindAsync(token, ct) is not { } booking) return false;
        Booking = booking;
        CalendarPage.Present(this, booking.Mailbox);
        ViewData["NoIndex"] = true;
        Service = Calendar.FindService(booking.Appointment.ServiceId);
        Zone = TimeZones.TryResolve(booking.Attendee.TimeZone, out var z) ? z : TimeZones.Resolve(Calendar.BusinessTimeZone);
        Culture = CalendarPage.Culture(Calendar);
        var policy = Service is null ? Calendar.SchedulingPolicy : AvailabilityEngine.PolicyFor(Calendar, Service);
        CanCancel = booking.Appointment.Start >= time.GetUtcNow() + policy.MinimumLeadTime;
        ManageUrl = links.ManageUrl(Request, token);
        return true;
    }
}
