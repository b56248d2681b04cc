using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Admin;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Admin.Calendar;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin;

/// <summary>
/// The admin app's start: one consolidated view of today's and this week's appointments across every calendar the user may open
/// (what Microsoft Bookings lacks), each calendar's days and ISO weeks taken in its own business zone; then the calendars themselves.
/// </summary>
[Authorize(Policy = "Admin")]
public sealed class IndexModel(IMailboxStore mailboxStore, IAppointmentStore appointmentStore, TenantPolicy policy, TimeProvider time) : PageModel
{
    /// <summary>One appointment of the consolidated view, with its calendar and the day it falls on in that calendar's zone.</summary>
    public sealed record Item(Mailbox Mailbox, Appointment Appointment, TimeZoneInfo Zone, DateOnly Day, bool IsToday);

    public IReadOnlyList<(Mailbox Mailbox, StaffRole Role)> Calendars { get; private set; } = [];
    public IReadOnlyList<Item> Items { get; private set; } = [];
    public bool MayUseAdmin { get; private set; } = true;
    public bool CanCreate { get; private set; }
    public bool IsTenantAdmin { get; private set; }

    /// <summary>For tenant admins: calendars whose mailbox the app may not read (Microsoft 365), with the fix; null when none.</summary>
    public UnreachableCalendars? Unreachable { get; private set; }
    public AdminText Text => field ??= AdminText.For(Request);
    public bool IsPolish => Text.IsPolish;

    public async Task OnGetAsync(CancellationToken ct)
    {
        AdminPage.Protect(this);
        var mailboxes = await mailboxStore.ListMailboxesAsync(ct);
        IsTenantAdmin = CalendarAccess.IsTenantAdmin(User);
        Unreachable = UnreachableCalendars.For(HttpContext, User, Text);
        MayUseAdmin = policy.MayUseAdmin(User, mailboxes);
        if (!MayUseAdmin) return;
        CanCreate = policy.CanCreateCalendars(User);
        Calendars = [.. CalendarAccess.Visible(User, mailboxes)];
        var now = time.GetUtcNow();
        var items = new List<Item>();
        foreach (var (mailbox, _) in Calendars)
        {
            var zone = Core.Time.TimeZones.TryResolve(mailbox.Document.BusinessTimeZone, out var z) ? z : TimeZoneInfo.Utc;
            var today = CalendarPage.LocalDate(now, zone);
            var monday = Agenda.Monday(today);
            foreach (var a in await Agenda.BookedAsync(appointmentStore, mailbox.Id, zone, monday, monday.AddDays(7), ct))
            {
                var day = CalendarPage.LocalDate(a.Start, zone);
                items.Add(new Item(mailbox, a, zone, day, day == today));
            }
        }
        Items = [.. items.OrderBy(i => i.Appointment.Start).ThenBy(i => i.Mailbox.Slug, StringComparer.Ordinal)];
    }
}
