using Bookings.Core.Store;
using Bookings.Web.Admin;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin;

/// <summary>/admin/tenant: the tenant policy as configured (read only; it is changed in the settings), for tenant admins only.</summary>
[Authorize(Policy = AdminAuth.Policy)]
public sealed class TenantModel(TenantPolicy policy, IMailboxStore store) : PageModel
{
    public TenantOptions Options => policy.Options;

    /// <summary>Calendars whose mailbox the app may not read (Microsoft 365), with the fix; null when none.</summary>
    public UnreachableCalendars? Unreachable { get; private set; }

    public AdminText Text => field ??= AdminText.For(Request);

    public bool IsPolish => Text.IsPolish;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        AdminPage.Protect(this);
        if (!CalendarAccess.IsTenantAdmin(User)) return this.NotFoundPage(t => t.NotFoundHint);
        ViewData["Title"] = Text.Home.TenantPolicy;
        if (HttpContext.RequestServices.GetService<IMailboxReachability>() is not null)
        {
            await store.ListMailboxesAsync(ct); // what finds the mailboxes the app may not read
            Unreachable = UnreachableCalendars.For(HttpContext, User, Text);
        }
        return Page();
    }
}
