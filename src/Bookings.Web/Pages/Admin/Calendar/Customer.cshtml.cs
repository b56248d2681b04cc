using Bookings.Core.Admin;
using Bookings.Core.Store;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>One customer of the calendar (ViewCustomers): details and history, past and upcoming, cancelled seats and appointments marked.</summary>
public sealed class CustomerModel(IMailboxStore mailboxStore, IAuditStore auditStore, IAppointmentStore appointmentStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    /// <summary>How far back and ahead the history reaches.</summary>
    public static readonly TimeSpan Back = TimeSpan.FromDays(3 * 365), Ahead = TimeSpan.FromDays(2 * 365);

    public override string Section => "customers";

    public Customer Customer { get; private set; } = null!;
    public IReadOnlyList<(Appointment Appointment, Attendee Seat)> Upcoming { get; private set; } = [];
    public IReadOnlyList<(Appointment Appointment, Attendee Seat)> Past { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, string id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewCustomers, ct)) return Missing();
        if ((await appointmentStore.ListCustomersAsync(Mailbox.Id, ct)).FirstOrDefault(c => c.Id == id) is not { } customer) return Missing();
        Customer = customer;
        var now = Time.GetUtcNow();
        // Booked and cancelled appointments alike (a one-seat appointment cancelled as a whole included).
        var seats = (await appointmentStore.ListAppointmentHistoryAsync(Mailbox.Id, now - Back, now + Ahead, ct))
            .SelectMany(a => a.Attendees.Where(t => t.CustomerId == customer.Id).Select(t => (Appointment: a, Seat: t)))
            .ToList();
        Upcoming = [.. seats.Where(s => s.Appointment.End > now).OrderBy(s => s.Appointment.Start)];
        Past = [.. seats.Where(s => s.Appointment.End <= now).OrderByDescending(s => s.Appointment.Start)];
        return Page();
    }

    public bool IsCancelled((Appointment Appointment, Attendee Seat) s) =>
        s.Seat.Status == AttendeeStatus.Cancelled || s.Appointment.Status == AppointmentStatus.Cancelled;
}
