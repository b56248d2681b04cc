using Bookings.Web.Admin;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin;

/// <summary>/admin/tenant: the tenant policy as configured (read only; it is changed in the settings), for tenant admins only.</summary>
[Authorize(Policy = AdminAuth.Policy)]
public sealed class TenantModel(TenantPolicy policy) : PageModel
{
    public TenantOptions Options => policy.Options;

    public bool IsPolish => CalendarPage.Language(Request) == "pl";

    public string T(string en, string pl) => IsPolish ? pl : en;

    public IActionResult OnGet()
    {
        AdminPage.Protect(this);
        if (!CalendarAccess.IsTenantAdmin(User)) return this.NotFoundPage(t => t.NotFoundHint);
        ViewData["Title"] = T("Tenant policy", "Zasady dzierżawy");
        return Page();
    }
}
