using Bookings.Core.Admin;
using Bookings.Core.Calendars;

namespace Bookings.Core.Tests.Admin;

/// <summary>The role table, written out in full: a change to what a role may do has to change this test on purpose.</summary>
public sealed class CalendarPermissionsTests
{
    // The expected table: role → the actions it allows; every other action is refused.
    public static TheoryData<StaffRole, AdminAction[]> Table() => new()
    {
        { StaffRole.Administrator, Enum.GetValues<AdminAction>() },
        { StaffRole.Scheduler, [AdminAction.View, AdminAction.ManageAppointments, AdminAction.ManageOwnAppointments, AdminAction.ViewCustomers,
            AdminAction.ViewReports, AdminAction.ViewOutbox, AdminAction.ViewSettings] },
        { StaffRole.TeamMember, [AdminAction.View, AdminAction.ManageOwnAppointments, AdminAction.ViewSettings] },
        { StaffRole.Viewer, [AdminAction.View, AdminAction.ViewCustomers, AdminAction.ViewReports, AdminAction.ViewSettings] },
        { StaffRole.Guest, [] },
        { StaffRole.ExternalGuest, [] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void EachRoleAllowsExactlyItsActions(StaffRole role, AdminAction[] allowed)
    {
        foreach (var action in Enum.GetValues<AdminAction>())
            Assert.True(CalendarPermissions.Allows(role, action) == allowed.Contains(action), $"{role} {(allowed.Contains(action) ? "must" : "must not")} be allowed {action}");
    }

    [Fact]
    public void EveryRoleIsInTheTable() =>
        Assert.Equal(Enum.GetValues<StaffRole>().Order(), Table().Select(row => (StaffRole)row[0]!).Order());

    [Theory]
    [InlineData(StaffRole.Administrator, true)]
    [InlineData(StaffRole.Scheduler, true)]
    [InlineData(StaffRole.TeamMember, true)]
    [InlineData(StaffRole.Viewer, true)]
    [InlineData(StaffRole.Guest, false)]
    [InlineData(StaffRole.ExternalGuest, false)]
    public void GuestsCannotOpenTheAdminApp(StaffRole role, bool opens) => Assert.Equal(opens, CalendarPermissions.CanOpen(role));
}
