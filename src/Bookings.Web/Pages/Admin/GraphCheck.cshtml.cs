using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Web.Admin;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin;

/// <summary>
/// /admin/tenant/graph-check: <c>bookings graph check</c> in the admin app, for tenant admins only (anyone else: the not-found page).
/// GET shows the form (the directory mailbox filled in); POST, behind antiforgery, runs the check on the mailbox entered (scratch items
/// created and removed, nobody mailed) and shows its outcomes. On the embedded store the page says it is for the Microsoft 365 store.
/// The outcomes are in English, as the Graph documentation they link to.
/// </summary>
// The check is registered on the Microsoft 365 store only: its absence says the store is the embedded one.
[Authorize(Policy = AdminAuth.Policy)]
public sealed class GraphCheckModel(IServiceProvider services) : PageModel
{
    [BindProperty]
    public string? Mailbox { get; set; }

    /// <summary>False on the embedded store: there is nothing to check.</summary>
    public bool IsMicrosoft365 => Check is not null;

    public string? Error { get; private set; }

    /// <summary>The outcomes of the run this POST made, in order; null before a run.</summary>
    public IReadOnlyList<CheckOutcome>? Outcomes { get; private set; }

    public string? Checked { get; private set; }

    public AdminText Text => field ??= AdminText.For(Request);

    public bool IsPolish => Text.IsPolish;

    public int Count(CheckResult result) => Outcomes?.Count(o => o.Result == result) ?? 0;

    public IActionResult OnGet()
    {
        if (Start() is { } refused) return refused;
        if (Check is { } check) Mailbox = check.DirectoryMailbox;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Start() is { } refused) return refused;
        if (Check is not { } check) return Page();
        var address = Mailbox?.Trim() ?? "";
        if (!MailboxAddress.IsValid(address))
        {
            Error = Text.Home.EnterTenantMailbox;
            return Page();
        }
        Outcomes = await check.RunAsync(address, ct);
        Checked = address;
        return Page();
    }

    private ITenantCheck? Check => services.GetService<ITenantCheck>();

    private IActionResult? Start()
    {
        AdminPage.Protect(this);
        if (!CalendarAccess.IsTenantAdmin(User)) return this.NotFoundPage(t => t.NotFoundHint);
        ViewData["Title"] = Text.Home.Microsoft365Check;
        return null;
    }
}
