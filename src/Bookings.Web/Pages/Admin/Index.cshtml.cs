using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Admin;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin;

/// <summary>The admin app's start: the calendars the signed-in user has a role in.</summary>
[Authorize(Policy = "Admin")]
public sealed class IndexModel(IBookingStore store) : PageModel
{
    public IReadOnlyList<(Mailbox Mailbox, StaffRole Role)> Calendars { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        AdminPage.Protect(this);
        Calendars = [.. CalendarAccess.Visible(User, await store.ListMailboxesAsync(ct))];
    }
}
