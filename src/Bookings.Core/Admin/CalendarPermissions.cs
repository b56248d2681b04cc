using Bookings.Core.Calendars;

namespace Bookings.Core.Admin;

/// <summary>What someone may do in one calendar of the admin app. Every admin page and API endpoint names the action it needs.</summary>
public enum AdminAction
{
    /// <summary>Open the calendar in the admin app at all: its overview and the calendar of appointments (read only).</summary>
    View,
    /// <summary>Create, move, cancel and reassign any appointment; add and remove anyone's time off.</summary>
    ManageAppointments,
    /// <summary>Move and cancel one's own appointments; add and remove one's own time off.</summary>
    ManageOwnAppointments,
    /// <summary>Customers and their history.</summary>
    ViewCustomers,
    /// <summary>The bookings report (customers' details, no messages).</summary>
    ViewReports,
    /// <summary>The outbox (customers' messages).</summary>
    ViewOutbox,
    /// <summary>Read the settings: business information, booking page, services, staff.</summary>
    ViewSettings,
    /// <summary>Change the settings: business information, booking page, services, staff, publishing.</summary>
    EditSettings,
    /// <summary>The calendar's audit log.</summary>
    ViewAudit,
    /// <summary>Copy the calendar's configuration into a new calendar.</summary>
    Clone,
}

/// <summary>
/// The roles of Microsoft Bookings and what each may do (one table, so pages, API and tests agree):
/// administrator everything; scheduler appointments, customers, time off, reports and the outbox, settings read-only;
/// team member the calendar, and their own appointments and time off; viewer everything read-only but the outbox;
/// guest and external guest can be booked but cannot open the admin app.
/// </summary>
public static class CalendarPermissions
{
    public static bool Allows(StaffRole role, AdminAction action) => role switch
    {
        StaffRole.Administrator => true,
        StaffRole.Scheduler => action is not (AdminAction.EditSettings or AdminAction.Clone or AdminAction.ViewAudit),
        StaffRole.TeamMember => action is AdminAction.View or AdminAction.ManageOwnAppointments or AdminAction.ViewSettings,
        StaffRole.Viewer => action is AdminAction.View or AdminAction.ViewCustomers or AdminAction.ViewReports or AdminAction.ViewSettings,
        _ => false,
    };

    /// <summary>Whether the role opens the admin app at all (guests do not).</summary>
    public static bool CanOpen(StaffRole role) => Allows(role, AdminAction.View);
}
