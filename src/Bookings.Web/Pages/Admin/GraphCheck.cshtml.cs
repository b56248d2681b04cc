using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Store.Graph;
using Bookings.Store.Graph.Check;
using Bookings.Store.Graph.Transport;
using Bookings.Web.Admin;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Bookings.Web.Pages.Admin;

/// <summary>
/// /admin/tenant/graph-check: <c>bookings graph check</c> in the admin app, for tenant admins only (anyone else: the not-found page).
/// GET shows the form (the directory mailbox filled in); POST, behind antiforgery, runs the check on the mailbox entered (scratch items
/// created and removed, nobody mailed) and shows its outcomes. On the embedded store the page says it is for the Microsoft 365 store.
/// The outcomes are in English, as the Graph documentation they link to.
/// </summary>
// The whole store, not a port: the page asks which store this is (the Microsoft 365 one or not).
[Authorize(Policy = AdminAuth.Policy)]
public sealed class GraphCheckModel(IBookingStore store, IServiceProvider services, TimeProvider time) : PageModel
{
    [BindProperty]
    public string? Mailbox { get; set; }

    /// <summary>False on the embedded store: there is nothing to check.</summary>
    public bool IsMicrosoft365 => store is GraphBookingStore;

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
        if (IsMicrosoft365) Mailbox = Options.DirectoryMailbox;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Start() is { } refused) return refused;
        if (!IsMicrosoft365) return Page();
        var address = Mailbox?.Trim() ?? "";
        if (!MailboxAddress.IsValid(address))
        {
            Error = Text.Home.EnterTheAddressOf;
            return Page();
        }
        var check = new GraphCheck(services.GetRequiredKeyedService<HttpClient>(GraphHttp.ServiceKey), time, Options);
        Outcomes = await check.RunAsync(address, ct);
        Checked = address;
        return Page();
    }

    private GraphStoreOptions Options => services.GetRequiredService<IOptions<GraphStoreOptions>>().Value;

    private IActionResult? Start()
    {
        AdminPage.Protect(this);
        if (!CalendarAccess.IsTenantAdmin(User)) return this.NotFoundPage(t => t.NotFoundHint);
        ViewData["Title"] = Text.Home.Microsoft365Check;
        return null;
    }
}
