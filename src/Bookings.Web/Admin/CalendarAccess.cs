using System.Security.Claims;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;

namespace Bookings.Web.Admin;

/// <summary>
/// Who may do what in the admin app: a tenant admin everything; anyone else what their role says in each calendar, the role of
/// the active staff member with their address (Microsoft Bookings' model: administrator, scheduler, teamMember, viewer, guest;
/// the table is <see cref="CalendarPermissions"/>). A calendar the user may not open does not exist for them (404, never 403:
/// its slug is not even confirmed).
/// </summary>
public static class CalendarAccess
{
    public const string TenantAdminClaim = "tenant_admin";

    public static bool IsTenantAdmin(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(TenantAdminClaim, "true");

    /// <summary>The signed-in user's address, or null.</summary>
    public static string? Email(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.Email) is { Length: > 0 } email ? email : null;

    /// <summary>The user's role in the calendar, or null when they have none (an administrator's for a tenant admin).</summary>
    public static StaffRole? RoleIn(ClaimsPrincipal user, CalendarDocument doc)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(doc);
        if (user.Identity?.IsAuthenticated != true) return null;
        if (IsTenantAdmin(user)) return StaffRole.Administrator;
        return StaffMemberOf(user, doc)?.Role;
    }

    /// <summary>The active staff member of the calendar with the user's address, or null.</summary>
    public static BookingStaffMember? StaffMemberOf(ClaimsPrincipal user, CalendarDocument doc)
    {
        if (Email(user) is not { } email) return null;
        return doc.StaffMembers.FirstOrDefault(s => string.Equals(s.EmailAddress, email, StringComparison.OrdinalIgnoreCase)
            && s.MembershipStatus == MembershipStatus.Active);
    }

    /// <summary>Whether the user may do <paramref name="action"/> in the calendar.</summary>
    public static bool Can(ClaimsPrincipal user, CalendarDocument doc, AdminAction action) =>
        RoleIn(user, doc) is { } role && CalendarPermissions.Allows(role, action);

    /// <summary>The outbox holds customers' details and messages: administrators and schedulers only.</summary>
    public static bool CanSeeOutbox(ClaimsPrincipal user, CalendarDocument doc) => Can(user, doc, AdminAction.ViewOutbox);

    /// <summary>The bookings report (customers' details, but no messages): administrators, schedulers and viewers.</summary>
    public static bool CanSeeReports(ClaimsPrincipal user, CalendarDocument doc) => Can(user, doc, AdminAction.ViewReports);

    /// <summary>The calendars the user may open in the admin app (guests may not), by slug.</summary>
    public static IEnumerable<(Mailbox Mailbox, StaffRole Role)> Visible(ClaimsPrincipal user, IEnumerable<Mailbox> mailboxes) =>
        mailboxes.Select(m => (Mailbox: m, Role: RoleIn(user, m.Document))).Where(x => x.Role is { } r && CalendarPermissions.CanOpen(r))
            .Select(x => (x.Mailbox, x.Role!.Value)).OrderBy(x => x.Mailbox.Slug, StringComparer.Ordinal);
}
