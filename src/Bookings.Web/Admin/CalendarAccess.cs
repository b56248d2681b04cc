using System.Security.Claims;
using Bookings.Core.Calendars;
using Bookings.Core.Store;

namespace Bookings.Web.Admin;

/// <summary>
/// Who may do what in the admin app: a tenant admin everything; anyone else what their role says in each calendar, the role of
/// the staff member with their address (Microsoft Bookings' model: administrator, scheduler, teamMember, viewer, guest). A calendar
/// the user has no role in does not exist for them (404, never 403: its slug is not even confirmed).
/// </summary>
public static class CalendarAccess
{
    public const string TenantAdminClaim = "tenant_admin";

    public static bool IsTenantAdmin(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(TenantAdminClaim, "true");

    /// <summary>The user's role in the calendar, or null when they have none (an administrator's for a tenant admin).</summary>
    public static StaffRole? RoleIn(ClaimsPrincipal user, CalendarDocument doc)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(doc);
        if (user.Identity?.IsAuthenticated != true) return null;
        if (IsTenantAdmin(user)) return StaffRole.Administrator;
        var email = user.FindFirstValue(ClaimTypes.Email);
        if (string.IsNullOrWhiteSpace(email)) return null;
        var staff = doc.StaffMembers.FirstOrDefault(s => string.Equals(s.EmailAddress, email, StringComparison.OrdinalIgnoreCase)
            && s.MembershipStatus == MembershipStatus.Active);
        return staff?.Role;
    }

    /// <summary>The outbox holds customers' details and messages: administrators and schedulers only.</summary>
    public static bool CanSeeOutbox(ClaimsPrincipal user, CalendarDocument doc) =>
        RoleIn(user, doc) is StaffRole.Administrator or StaffRole.Scheduler;

    /// <summary>The bookings report (customers' details, but no messages): administrators, schedulers and viewers.</summary>
    public static bool CanSeeReports(ClaimsPrincipal user, CalendarDocument doc) =>
        RoleIn(user, doc) is StaffRole.Administrator or StaffRole.Scheduler or StaffRole.Viewer;

    /// <summary>The calendars the user has any role in, by slug.</summary>
    public static IEnumerable<(Mailbox Mailbox, StaffRole Role)> Visible(ClaimsPrincipal user, IEnumerable<Mailbox> mailboxes) =>
        mailboxes.Select(m => (Mailbox: m, Role: RoleIn(user, m.Document))).Where(x => x.Role is not null)
            .Select(x => (x.Mailbox, x.Role!.Value)).OrderBy(x => x.Mailbox.Slug, StringComparer.Ordinal);
}
