using System.Globalization;
using Bookings.Core.Admin;
using Bookings.Core.Availability;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Web.Infrastructure;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// Books an appointment from the admin app (ManageAppointments; a team member for themselves), through the store's atomic
/// check-and-write: allowed outside the lead time and working hours, never double-booked.
/// </summary>
public sealed class NewAppointmentModel(IMailboxStore mailboxStore, IAuditStore auditStore, TimeProvider time, Links links) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "calendar";

    [BindProperty] public string? ServiceId { get; set; }
    [BindProperty] public string? StaffId { get; set; }
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? StartTime { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Notes { get; set; }

    /// <summary>Problems next to each field (in the page's language).</summary>
    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);

    public bool OnlyOwn => !Can(AdminAction.ManageAppointments);

    public IReadOnlyList<BookingStaffMember> StaffChoices =>
        [.. Doc.StaffMembers.Where(s => s.IsBookable && (!OnlyOwn || s.Id == Me?.Id))];

    public IReadOnlyList<BookingService> ServiceChoices =>
        [.. Doc.Services.Where(s => !OnlyOwn || AvailabilityEngine.EligibleStaff(Doc, s, Me?.Id).Count > 0)];

    private bool Allowed => Can(AdminAction.ManageAppointments) || (Can(AdminAction.ManageOwnAppointments) && Me is not null);

    public async Task<IActionResult> OnGetAsync(string slug, string? date, string? staff, string? time, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.View, ct) || !Allowed) return Missing();
        Date = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Agenda.Iso(d)
            : Agenda.Iso(CalendarPage.LocalDate(Time.GetUtcNow(), Zone));
        StartTime = time;
        StaffId = OnlyOwn ? Me?.Id : staff;
        ServiceId = ServiceChoices.FirstOrDefault()?.Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.View, ct) || !Allowed) return Missing();
        if (OnlyOwn && StaffId != Me?.Id) return Missing();
        var service = string.IsNullOrEmpty(ServiceId) ? null : Doc.FindService(ServiceId);
        var staff = string.IsNullOrEmpty(StaffId) ? null : Doc.FindStaff(StaffId);
        if (!string.IsNullOrEmpty(ServiceId) && service is null) return Missing();
        if (!string.IsNullOrEmpty(StaffId) && staff is null) return Missing();
        if (service is null) FieldErrors["ServiceId"] = Text.Agenda.ChooseAService;
        if (staff is null) FieldErrors["StaffId"] = Text.Agenda.ChooseAStaffMember;
        var hasDate = DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        if (!hasDate) FieldErrors["Date"] = Text.Agenda.EnterTheDate;
        var hasTime = TimeOnly.TryParseExact(StartTime, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at);
        if (!hasTime) FieldErrors["StartTime"] = Text.Agenda.EnterTheTime;
        if (string.IsNullOrWhiteSpace(Name)) FieldErrors["Name"] = Text.Agenda.EnterCustomerName;
        if (FieldErrors.Count > 0) return Invalid();

        var start = Core.Time.TimeZones.StartOfWallClock(Zone, day.ToDateTime(at));
        var handler = HttpContext.RequestServices.GetRequiredService<AdminAppointments>();
        BookingSuccess booked;
        try
        {
            booked = await handler.CreateAsync(Mailbox, new AdminBookingRequest(service!.Id, staff!.Id, start, Name!, Email, Phone, Notes),
                token => links.ManageUrl(Request, token), ct);
        }
        catch (BookingException e)
        {
            if (e.Error.Errors is { } fields)
            {
                foreach (var key in fields.Keys)
                    FieldErrors[key switch { "name" => "Name", "email" => "Email", "phone" => "Phone", _ => "Notes" }] = key switch
                    {
                        "name" => Text.Agenda.NameTooLongOrControl,
                        "email" => Text.Agenda.InvalidEmail,
                        "phone" => Text.Agenda.InvalidPhone,
                        _ => Text.Agenda.NotesAreTooLong,
                    };
                return Invalid();
            }
            Errors.Add(Agenda.Problem(e.Error, Text));
            Response.StatusCode = Infrastructure.Refusals.Status(e.Error.Kind);
            return Page();
        }
        await AuditAsync("appointment.create", booked.Appointment.Id,
            $"{booked.Appointment.ServiceId} with {booked.Appointment.StaffId} at {Core.Time.TimeZones.FormatInstant(booked.Appointment.Start, Zone)}", ct);
        return SeeOther($"/admin/{Mailbox.Slug}/appointments/{Uri.EscapeDataString(booked.Appointment.Id)}?done=created");
    }

    private IActionResult Invalid()
    {
        Errors.AddRange(FieldErrors.Values);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
