using Bookings.Core.Admin;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using Bookings.Web.Admin;
using Bookings.Web.Infrastructure;
using Bookings.Worker.Sync;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// The calendar's staff (/admin/{slug}/staff): who they are, their role, membership (active, invited, declined), time zone, caps and
/// the sync diagnosis of their own calendar; invite anyone by email address (pendingAcceptance plus the invitation email, as
/// `bookings staff invite`), send an invitation again, remove a member who has no booked appointments left.
/// </summary>
public sealed class StaffModel(IMailboxStore mailboxStore, IAuditStore auditStore, IAppointmentStore appointmentStore, IStaffSyncStore staffSyncStore, TimeProvider time, StaffInvitations invitations, Links links, IOptions<SyncOptions> sync)
    : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "staff";

    public sealed record Row(BookingStaffMember Staff, SyncDiagnosis? Sync);

    public List<Row> Rows { get; } = [];

    [BindProperty] public string? InviteName { get; set; }
    [BindProperty] public string? InviteEmail { get; set; }
    [BindProperty] public string? InviteRole { get; set; }

    /// <summary>Add the member as active at once, without an invitation email (Microsoft Bookings' way of adding staff).</summary>
    [BindProperty] public bool AddActive { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewSettings, ct)) return Missing();
        if (Request.Query["invited"] == "1") Notice = Text.Staff.InvitationSent;
        await BuildAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(string slug, string? version, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.EditSettings, ct)) return Missing();
        var name = InviteName?.Trim() ?? "";
        var email = InviteEmail?.Trim() ?? "";
        var role = StaffText.ParseRole(InviteRole ?? "teamMember");
        var id = StaffAdministration.NewStaffId(Doc, email, name);
        var result = await SaveAsync(version, doc =>
        {
            var problems = new List<string>();
            RefuseControlCharacters(problems, (InviteEmail, Text.Common.Email));
            if (name.Length == 0) problems.Add(Text.Staff.EnterTheStaffMember);
            else if (name.Length > 255) problems.Add(Text.Staff.TheNameIsAtMost);
            if (!EmailAddress.IsValid(email)) problems.Add(Text.Staff.EnterAValidEmail);
            else if (doc.StaffMembers.Any(s => string.Equals(s.EmailAddress, email, StringComparison.OrdinalIgnoreCase)))
                problems.Add(Text.Staff.SomeoneWithThisEmail);
            if (role is null) problems.Add(Text.Staff.ChooseARole);
            if (problems.Count > 0) return problems;
            doc.StaffMembers.Add(new BookingStaffMember
            {
                Id = id,
                DisplayName = name,
                EmailAddress = email,
                Role = role!.Value,
                MembershipStatus = AddActive ? MembershipStatus.Active : MembershipStatus.PendingAcceptance,
            });
            return null;
        }, AddActive ? "staff.add" : "staff.invite", id, ct, $"/admin/{slug}/staff");
        if (result is null)
        {
            await BuildAsync(ct);
            return Page();
        }
        if (AddActive) return result;
        await invitations.InviteAsync(Mailbox, id, StaffAdministration.InvitationLinks(links.BaseUrl(Request), Mailbox.Slug, id), ct);
        return SeeOther($"/admin/{slug}/staff?invited=1");
    }

    public async Task<IActionResult> OnPostResendAsync(string slug, string id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.EditSettings, ct)) return Missing();
        if (Doc.FindStaff(id) is not { } staff) return Missing();
        if (staff.MembershipStatus == MembershipStatus.Active || !EmailAddress.IsValid(staff.EmailAddress))
        {
            Errors.Add(Text.Staff.OnlyAPendingOr);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await BuildAsync(ct);
            return Page();
        }
        await invitations.InviteAsync(Mailbox, id, StaffAdministration.InvitationLinks(links.BaseUrl(Request), Mailbox.Slug, id), ct);
        await AuditAsync("staff.invite", id, "invitation sent again", ct);
        return SeeOther($"/admin/{slug}/staff?invited=1");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string slug, string id, string? version, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.EditSettings, ct)) return Missing();
        if (Doc.FindStaff(id) is not { } staff) return Missing();
        var booked = await StaffAdministration.BookedFromAsync(appointmentStore, Mailbox.Id, id, Time.GetUtcNow(), ct);
        if (booked > 0)
        {
            Errors.Add(Text.Staff.StaffHasBookings(staff.DisplayName, booked));
            Response.StatusCode = StatusCodes.Status409Conflict;
            await BuildAsync(ct);
            return Page();
        }
        var result = await SaveAsync(version, doc =>
        {
            if (LeavesNoAdministrator(doc, id, newRole: null, User))
                return [LastAdministratorError()];
            doc.StaffMembers.RemoveAll(s => s.Id == id);
            foreach (var service in doc.Services) service.StaffMemberIds.RemoveAll(s => s == id);
            return null;
        }, "staff.remove", id, ct, $"/admin/{slug}/staff");
        if (result is not null) return result;
        await BuildAsync(ct);
        return Page();
    }

    /// <summary>
    /// Whether making <paramref name="staffId"/> <paramref name="newRole"/> (null: removing them) leaves the calendar without an active
    /// administrator; a tenant admin may (they keep every calendar).
    /// </summary>
    internal static bool LeavesNoAdministrator(CalendarDocument doc, string staffId, StaffRole? newRole, System.Security.Claims.ClaimsPrincipal user)
    {
        if (CalendarAccess.IsTenantAdmin(user)) return false;
        var admins = doc.StaffMembers.Where(s => s.Role == StaffRole.Administrator && s.MembershipStatus == MembershipStatus.Active).ToList();
        if (!admins.Any(s => s.Id == staffId) || newRole == StaffRole.Administrator) return false;
        return admins.Count == 1;
    }

    internal string LastAdministratorError() => Text.Staff.ThisIsTheCalendar;

    private async Task BuildAsync(CancellationToken ct)
    {
        var states = await staffSyncStore.ListStaffSyncAsync(Mailbox.Id, ct);
        var o = sync.Value;
        var graph = HttpContext.RequestServices.GetService<Bookings.Core.Sync.IScheduleReader>() is not null;
        var diagnoses = SyncDiagnosis.For([Mailbox], new Dictionary<string, IReadOnlyList<StaffSyncState>> { [Mailbox.Id] = states },
            graph, Time.GetUtcNow(), o.Policy, o.EscalateAfter);
        Rows.Clear();
        foreach (var staff in Doc.StaffMembers.OrderBy(s => s.DisplayName, StringComparer.CurrentCultureIgnoreCase))
            Rows.Add(new Row(staff, diagnoses.FirstOrDefault(d => d.StaffId == staff.Id)));
    }

    public string At(DateTimeOffset? instant) => instant is { } t
        ? Core.Time.TimeZones.InZone(t, Zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)
        : "";
}
