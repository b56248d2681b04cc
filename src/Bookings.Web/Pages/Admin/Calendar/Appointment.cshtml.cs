using System.Globalization;
using Bookings.Core.Admin;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// One appointment: its details (customers' details for roles that may see customers, names otherwise) and, for those who may
/// manage it (ManageAppointments, or ManageOwnAppointments for one's own), move, reassign and cancel (a seat or all).
/// </summary>
public sealed class AppointmentModel(IMailboxStore mailboxStore, IAuditStore auditStore, IAppointmentStore appointmentStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "calendar";

    public Appointment Appointment { get; private set; } = null!;
    public bool SeesCustomers => Can(AdminAction.ViewCustomers);
    public bool CanAct => Appointment.Status == AppointmentStatus.Booked && Appointment.SeatsTaken > 0 && MayManage(Appointment);
    public bool CanMove => CanAct && Appointment.Seats == 1;
    public bool OnlyOwn => !Can(AdminAction.ManageAppointments);

    [BindProperty] public string? MoveDate { get; set; }
    [BindProperty] public string? MoveTime { get; set; }
    [BindProperty] public string? Staff { get; set; }

    /// <summary>The staff members the appointment may go to: those who perform the service (only oneself for a team member).</summary>
    public IReadOnlyList<BookingStaffMember> Targets =>
        [.. (Doc.FindService(Appointment.ServiceId) is { } s ? Core.Availability.AvailabilityEngine.EligibleStaff(Doc, s) : [.. Doc.StaffMembers])
            .Where(m => !OnlyOwn || m.Id == Me?.Id)];

    public async Task<IActionResult> OnGetAsync(string slug, string id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.View, ct) || !await FindAsync(id, ct)) return Missing();
        if (Request.Query["done"] is { Count: > 0 } done)
            Notice = done.ToString() switch
            {
                "moved" => Text.Agenda.TheAppointmentWasMoved,
                "reassigned" => Text.Agenda.TheAppointmentWasReassigned,
                "cancelled" => Text.Agenda.CancelledAndEveryoneTold,
                "created" => Text.Agenda.TheAppointmentWasCreated,
                _ => null,
            };
        Fill();
        return Page();
    }

    public async Task<IActionResult> OnPostMoveAsync(string slug, string id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.View, ct) || !await FindAsync(id, ct) || !MayManage(Appointment)) return Missing();
        var staffId = string.IsNullOrEmpty(Staff) ? Appointment.StaffId : Staff;
        if (!Targets.Any(t => t.Id == staffId) && staffId != Appointment.StaffId) return Missing();
        if (OnlyOwn && staffId != Me?.Id) return Missing();
        if (!DateOnly.TryParseExact(MoveDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !TimeOnly.TryParseExact(MoveTime, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            Errors.Add(Text.Agenda.EnterTheNewDate);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Fill();
            return Page();
        }
        var start = Core.Time.TimeZones.StartOfWallClock(Zone, day.ToDateTime(at));
        return await MoveAsync(staffId, start, staffId == Appointment.StaffId ? "appointment.move" : "appointment.reassign", "moved", ct);
    }

    public async Task<IActionResult> OnPostReassignAsync(string slug, string id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.View, ct) || !await FindAsync(id, ct) || !MayManage(Appointment)) return Missing();
        if (string.IsNullOrEmpty(Staff) || Doc.FindStaff(Staff) is null || (OnlyOwn && Staff != Me?.Id)) return Missing();
        return await MoveAsync(Staff, Appointment.Start, "appointment.reassign", "reassigned", ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(string slug, string id, string? attendee, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.View, ct) || !await FindAsync(id, ct) || !MayManage(Appointment)) return Missing();
        var seat = string.IsNullOrEmpty(attendee) ? null : attendee;
        if (seat is not null && Appointment.Attendees.All(a => a.Id != seat)) return Missing();
        try
        {
            var n = await Handler().CancelAsync(Mailbox, Appointment, seat, ct);
            await AuditAsync("appointment.cancel", Appointment.Id,
                seat is null ? $"all seats ({n}) of {Appointment.ServiceId} at {Core.Time.TimeZones.FormatInstant(Appointment.Start, Zone)}"
                    : $"seat {seat} of {Appointment.ServiceId} at {Core.Time.TimeZones.FormatInstant(Appointment.Start, Zone)}", ct);
        }
        catch (BookingException e)
        {
            return Refused(e.Error);
        }
        return SeeOther($"/admin/{Mailbox.Slug}/appointments/{Uri.EscapeDataString(Appointment.Id)}?done=cancelled");
    }

    private async Task<IActionResult> MoveAsync(string staffId, DateTimeOffset start, string action, string done, CancellationToken ct)
    {
        var before = Appointment;
        try
        {
            var after = await Handler().MoveAsync(Mailbox, Appointment, staffId, start, ct);
            await AuditAsync(action, after.Id,
                $"{before.StaffId} {Core.Time.TimeZones.FormatInstant(before.Start, Zone)} → {after.StaffId} {Core.Time.TimeZones.FormatInstant(after.Start, Zone)}", ct);
        }
        catch (BookingException e)
        {
            return Refused(e.Error);
        }
        return SeeOther($"/admin/{Mailbox.Slug}/appointments/{Uri.EscapeDataString(Appointment.Id)}?done={done}");
    }

    private IActionResult Refused(BookingError error)
    {
        if (error.Kind == BookingErrorKind.NotFound) return Missing();
        Errors.Add(Agenda.Problem(error, Text));
        Fill();
        Response.StatusCode = Infrastructure.Refusals.Status(error.Kind);
        return Page();
    }

    private AdminAppointments Handler() => HttpContext.RequestServices.GetRequiredService<AdminAppointments>();

    private bool MayManage(Appointment a) =>
        Can(AdminAction.ManageAppointments) || (Can(AdminAction.ManageOwnAppointments) && Me is { } me && me.Id == a.StaffId);

    private async Task<bool> FindAsync(string id, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 100) return false;
        if (await appointmentStore.GetAppointmentAsync(Mailbox.Id, id, ct) is not { } found || found.MailboxId != Mailbox.Id) return false;
        Appointment = found;
        return true;
    }

    private void Fill()
    {
        var local = Core.Time.TimeZones.InZone(Appointment.Start, Zone);
        MoveDate ??= local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        MoveTime ??= local.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    public string When(DateTimeOffset t) => $"{Agenda.Day(CalendarPage.LocalDate(t, Zone), IsPolish)} {Agenda.Time(t, Zone)}";

    public string QuestionName(string id) => Doc.CustomQuestions.FirstOrDefault(q => q.Id == id)?.DisplayName ?? id;
}
