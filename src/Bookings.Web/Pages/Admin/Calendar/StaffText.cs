using Bookings.Core.Calendars;
using Bookings.Core.Sync;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>What the staff pages share besides their text (the roles an admin gives, form values, the week, sync badges); the text is in <see cref="Localization.AdminText"/>.</summary>
public static class StaffText
{
    /// <summary>The roles an admin can give in a calendar (external guests come only from the Microsoft 365 store).</summary>
    public static readonly StaffRole[] Roles = [StaffRole.Administrator, StaffRole.Scheduler, StaffRole.TeamMember, StaffRole.Viewer, StaffRole.Guest];

    /// <summary>The form value of a role (the document's camelCase name).</summary>
    public static string RoleValue(StaffRole role) => role switch
    {
        StaffRole.Administrator => "administrator",
        StaffRole.Scheduler => "scheduler",
        StaffRole.TeamMember => "teamMember",
        StaffRole.Viewer => "viewer",
        StaffRole.Guest => "guest",
        _ => "externalGuest",
    };

    public static StaffRole? ParseRole(string? value) => Roles.Cast<StaffRole?>().FirstOrDefault(r => RoleValue(r!.Value) == value);

    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static string DiagnosisBadge(SyncDiagnosis d) => d.Status switch
    {
        SyncDiagnosis.Synced => "ok",
        SyncDiagnosis.Pending => "warn",
        _ => "bad",
    };
}
