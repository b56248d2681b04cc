using System.Globalization;
using Bookings.Core.Availability;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Time;
using Bookings.Web.Infrastructure;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Manage;

/// <summary>
/// The manage link's page: shows one attendee's booking and cancels or moves it by POST (when the service lets its customers;
/// else it says to contact the business). Wrong, used and expired tokens all get the same not-found page; the token never
/// leaves through a Referer.
/// </summary>
public sealed class IndexModel(ManageHandler handler, Links links, TimeProvider time) : PageModel
{
    public ManagedBooking Booking { get; private set; } = null!;
    public CalendarDocument Calendar => Booking.Mailbox.Document;
    public BookingService? Service { get; private set; }
    public string ServiceName => Service?.DisplayName ?? Booking.Appointment.ServiceId;
    public string StaffName => Calendar.FindStaff(Booking.Appointment.StaffId)?.DisplayName ?? "";
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public CultureInfo Culture { get; private set; } = CultureInfo.InvariantCulture;
    public PageText Text { get; private set; } = PageText.En;

    /// <summary>The lang the URL asked for, carried in the page's links and forms.</summary>
    public string? LangParam => PageLanguage.Param(HttpContext);

    /// <summary>Arrived straight from booking: say so and show the link to keep.</summary>
    public bool JustBooked { get; private set; }
    public bool Cancelled { get; private set; }

    /// <summary>Whether the service lets its customers change or cancel online at all (else the page says to contact the business).</summary>
    public bool CustomerMayManage { get; private set; }
    public bool CanCancel { get; private set; }
    public string ManageUrl { get; private set; } = "";

    /// <summary>The online meeting's link (Teams, or the service's meeting-link template); null in person.</summary>
    public string? JoinUrl => Bookings.Core.Notifications.NotificationComposer.MeetingLink(Service, Booking.Appointment);
    public ShownError? Problem { get; private set; }

    public string When => CalendarPage.When(Booking.Appointment.Start, Booking.Appointment.End, Zone, Culture);

    public async Task<IActionResult> OnGetAsync(string token, string? booked, string? moved, string? date, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct)) return this.NotFoundPage(t => t.ManageLinkNotValid);
        JustBooked = booked == "1";
        Moved = moved == "1";
        await LoadRescheduleAsync(DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null, ct);
        return Page();
    }

    // The free times of one day, in the customer's zone, within what the policy still allows.
    private async Task LoadRescheduleAsync(DateOnly? date, CancellationToken ct)
    {
        if (!CanReschedule || Service is null) return;
        var policy = AvailabilityEngine.PolicyFor(Calendar, Service);
        var now = time.GetUtcNow();
        FirstRescheduleDate = CalendarPage.LocalDate(now + policy.MinimumLeadTime, Zone);
        LastRescheduleDate = CalendarPage.LocalDate(now + policy.MaximumAdvance, Zone);
        var day = date ?? CalendarPage.LocalDate(Booking.Appointment.Start, Zone);
        RescheduleDate = day < FirstRescheduleDate ? FirstRescheduleDate : day > LastRescheduleDate ? LastRescheduleDate : day;
        var from = TimeZones.StartOfWallClock(Zone, RescheduleDate.ToDateTime(TimeOnly.MinValue));
        var to = TimeZones.StartOfWallClock(Zone, RescheduleDate.AddDays(1).ToDateTime(TimeOnly.MinValue));
        RescheduleSlots = await handler.RescheduleSlotsAsync(Booking, from, to, ct);
    }

    /// <summary>Moved: the page after a reschedule says so.</summary>
    public bool Moved { get; private set; }

    /// <summary>The day whose free times the reschedule section lists (the booking's own day by default).</summary>
    public DateOnly RescheduleDate { get; private set; }
    public IReadOnlyList<Slot> RescheduleSlots { get; private set; } = [];
    public bool CanReschedule { get; private set; }
    public DateOnly FirstRescheduleDate { get; private set; }
    public DateOnly LastRescheduleDate { get; private set; }

    public string Time(DateTimeOffset instant) => CalendarPage.Time(instant, Zone, Culture);

    public string DateText(DateOnly date) => CalendarPage.Date(date, Culture);

    /// <summary>The booking as an .ics file for the customer's calendar (the same UID as the emailed invitation).</summary>
    public async Task<IActionResult> OnGetIcsAsync(string token, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct)) return this.NotFoundPage(t => t.ManageLinkNotValid);
        var appointment = Booking.Appointment;
        var summary = $"{ServiceName} — {Calendar.DisplayName}";
        var ics = Bookings.Core.Notifications.CalendarInvite.Create(Bookings.Core.Notifications.InviteMethod.Request, Booking.Mailbox, appointment,
            Calendar.FindStaff(appointment.StaffId), [Booking.Attendee], summary, Service?.IsLocationOnline == true ? "Online" : null,
            time.GetUtcNow(), Calendar.BusinessTimeZone, description: JoinUrl is null ? ManageUrl : $"{JoinUrl}\n{ManageUrl}", joinUrl: JoinUrl);
        Response.Headers.ContentDisposition = "attachment; filename=\"booking.ics\"";
        return Content(ics, "text/calendar; charset=utf-8");
    }

    /// <summary>Moves the booking to the chosen time (refused inside the minimum lead time, or when it was just taken).</summary>
    public async Task<IActionResult> OnPostRescheduleAsync(string token, string? start, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct)) return this.NotFoundPage(t => t.ManageLinkNotValid);
        if (!DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
        {
            Problem = BookingStart.Nonexistent(start) is { } nonexistent ? this.Show(nonexistent, Text)
                : this.Show(new ShownError(BookingErrorKind.Invalid, ErrorCodes.InvalidStart, Text.PickAFreeTime));
            await LoadRescheduleAsync(null, ct);
            return Page();
        }
        try
        {
            await handler.RescheduleAsync(token, when, t => links.ManageUrl(Request, t), ct);
        }
        catch (BookingException e) when (e.IsNotFound())
        {
            return this.NotFoundPage(t => t.ManageLinkNotValid);
        }
        catch (BookingException e)
        {
            Problem = this.Show(e.Error, Text);
            await LoadRescheduleAsync(CalendarPage.LocalDate(when, Zone), ct);
            return Page();
        }
        Response.Headers.Location = Url.Page("/Manage/Index", new { token, moved = 1, lang = LangParam });
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct)) return this.NotFoundPage(t => t.ManageLinkNotValid);
        try
        {
            await handler.CancelAsync(token, ct);
            Cancelled = true;
        }
        catch (BookingException e) when (e.IsNotFound())
        {
            return this.NotFoundPage(t => t.ManageLinkNotValid);
        }
        catch (BookingException e)
        {
            Problem = this.Show(e.Error, Text);
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
        // Without ?lang or a browser preference, the page speaks the language the customer booked in.
        Text = CalendarPage.Present(this, booking.Mailbox, booking.Attendee.Language);
        ViewData["NoIndex"] = true;
        Service = Calendar.FindService(booking.Appointment.ServiceId);
        Zone = TimeZones.TryResolve(booking.Attendee.TimeZone, out var z) ? z : TimeZones.Resolve(Calendar.BusinessTimeZone);
        Culture = CalendarPage.Culture(Calendar, Text);
        var policy = Service is null ? Calendar.SchedulingPolicy : AvailabilityEngine.PolicyFor(Calendar, Service);
        CustomerMayManage = ManageHandler.CustomerMayManage(booking);
        CanCancel = CustomerMayManage && booking.Appointment.Start >= time.GetUtcNow() + policy.MinimumLeadTime;
        CanReschedule = CanCancel && booking.Appointment.Seats == 1;
        ManageUrl = links.ManageUrl(Request, token);
        return true;
    }
}
