using System.Security.Claims;
using Bookings.Core.Store;
using Bookings.Web.Localization;

namespace Bookings.Web.Admin;

/// <summary>
/// The notice tenant admins see on /admin and /admin/tenant while the app may not read some calendars' mailboxes (Microsoft 365: outside
/// its Exchange scope): which, why, and what IT runs. Read after the page has listed the calendars, which is what finds them.
/// </summary>
public sealed record UnreachableCalendars(IReadOnlyList<UnreachableMailbox> Mailboxes, string Command, AdminText Text)
{
    /// <summary>The notice for this user, or null (not a tenant admin, another store, or every mailbox readable).</summary>
    public static UnreachableCalendars? For(HttpContext context, ClaimsPrincipal user, AdminText text)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!CalendarAccess.IsTenantAdmin(user)) return null;
        var mailboxes = context.RequestServices.GetService<IMailboxReachability>()?.UnreachableMailboxes ?? [];
        if (mailboxes.Count == 0) return null;
        var appId = context.RequestServices.GetRequiredService<IConfiguration>()["Graph:ClientId"];
        return new UnreachableCalendars(mailboxes, ExchangeScope.Command(mailboxes.Select(m => m.Mailbox), appId), text);
    }
}
