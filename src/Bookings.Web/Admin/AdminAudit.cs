using System.Security.Claims;
using Bookings.Core.Admin;
using Bookings.Core.Store;

namespace Bookings.Web.Admin;

/// <summary>Writes the audit log entry of an admin change made through the web app (pages and API).</summary>
public static class AdminAudit
{
    /// <summary>Who made a change: the signed-in user's address (never a name alone: two people may share one).</summary>
    public static string Actor(ClaimsPrincipal user) => CalendarAccess.Email(user) ?? user.Identity?.Name ?? "unknown";

    public static Task RecordAsync(IAuditStore store, TimeProvider time, ClaimsPrincipal user, string? mailboxId, string action, string target,
        string? details, CancellationToken ct) =>
        store.AppendAuditAsync(AuditEntry.Create(time.GetUtcNow(), mailboxId, Actor(user), action, target, details), ct);
}
