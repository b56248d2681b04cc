using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// A calendar's services (/admin/{slug}/services): what customers see of each, and delete, which is refused while the service has
/// booked appointments to come.
/// </summary>
public sealed class ServicesModel(IMailboxStore mailboxStore, IAuditStore auditStore, IAppointmentStore appointmentStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "services";

    public bool ReadOnly => !Can(AdminAction.EditSettings);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewSettings, ct)) return Missing();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug, string? id, string? version, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.EditSettings, ct)) return Missing();
        if (id is null || Doc.FindService(id) is not { } service) return Missing();

        // Booked appointments from now on, as far ahead as anyone could have booked (the calendar's or the service's own rule).
        var now = Time.GetUtcNow();
        var ahead = TimeSpan.FromDays(Math.Max(Doc.SchedulingPolicy.MaximumAdvance.TotalDays, service.SchedulingPolicy?.MaximumAdvance.TotalDays ?? 0) + 2);
        var booked = (await appointmentStore.ListAppointmentsAsync(Mailbox.Id, now, now + ahead, ct))
            .Count(a => a.ServiceId == id && a.Status == AppointmentStatus.Booked && a.End > now && a.SeatsTaken > 0);
        if (booked > 0)
        {
            Errors.Add(Text.Services.ServiceHasBookings(service.DisplayName, booked));
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return await SaveAsync(version, doc =>
        {
            doc.Services.RemoveAll(s => s.Id == id);
            return null;
        }, "service.delete", id, ct, $"/admin/{Mailbox.Slug}/services") ?? Page();
    }

    public string Price(BookingService s) =>
        PriceDisplay.Format(s, Doc.DefaultCurrencyIso, IsPolish ? System.Globalization.CultureInfo.GetCultureInfo("pl-PL") : null);
}
