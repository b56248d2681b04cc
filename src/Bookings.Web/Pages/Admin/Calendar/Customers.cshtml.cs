using Bookings.Core.Admin;
using Bookings.Core.Store;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>The calendar's customers (ViewCustomers): a search by part of the name, email or phone, without case, capped.</summary>
public sealed class CustomersModel(IMailboxStore mailboxStore, IAuditStore auditStore, IAppointmentStore appointmentStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public const int PageSize = 50;

    public override string Section => "customers";

    public string? Query { get; private set; }
    public IReadOnlyList<Customer> Found { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(string slug, string? q, int? p, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewCustomers, ct)) return Missing();
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (Query is { Length: > 200 }) Query = Query[..200];
        var all = await appointmentStore.ListCustomersAsync(Mailbox.Id, ct);
        var matches = Query is null ? all : [.. all.Where(c => Matches(c, Query))];
        Total = matches.Count;
        PageNumber = Math.Clamp(p ?? 1, 1, Pages);
        Found = [.. matches.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        return Page();
    }

    public static bool Matches(Customer c, string q)
    {
        if (c.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || (c.Email?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)) return true;
        if (c.Phone is null) return false;
        if (c.Phone.Contains(q, StringComparison.OrdinalIgnoreCase)) return true;
        var digits = new string([.. q.Where(char.IsDigit)]);
        return digits.Length >= 3 && new string([.. c.Phone.Where(char.IsDigit)]).Contains(digits, StringComparison.Ordinal);
    }

    public string Link(int page) => $"/admin/{Mailbox.Slug}/customers?{(Query is null ? "" : "q=" + Uri.EscapeDataString(Query) + "&")}p={page}";
}
