using System.Globalization;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Bookings.Worker.Sync.Feeds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// One staff member (/admin/{slug}/staff/edit/{id}): name, email, role, time zone, business or own working hours, caps, the ICS feed
/// (a secret: only whether one is set is shown), whether their own calendar affects availability, email notifications. Read-only
/// for roles that may not change settings; the last active administrator cannot be demoted (except by a tenant admin).
/// </summary>
public sealed class StaffEditModel(IMailboxStore mailboxStore, IAuditStore auditStore, TimeProvider time, IOptions<FeedOptions> feeds) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "staff";

    public BookingStaffMember Staff { get; private set; } = null!;

    /// <summary>The form's values (from the document, or as posted when the save failed).</summary>
    public EditForm Form { get; private set; } = new();

    public sealed class EditForm
    {
        public string Name { get; set; } = "";
        public string Email { get; set; } = "";
        public string Role { get; set; } = "teamMember";
        public string TimeZone { get; set; } = "";
        public bool UseBusinessHours { get; set; } = true;
        public Dictionary<DayOfWeek, string[]> Hours { get; } = StaffText.Week.ToDictionary(d => d, _ => new[] { "", "", "", "" });
        public string MaxPerDay { get; set; } = "";
        public string MaxPerWeek { get; set; } = "";
        public bool IcsSet { get; set; }
        public bool Affected { get; set; } = true;
        public bool Notify { get; set; } = true;
    }

    public static string DayKey(DayOfWeek day) => day.ToString().ToLowerInvariant();

    public async Task<IActionResult> OnGetAsync(string slug, string id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewSettings, ct) || Doc.FindStaff(id) is not { } staff) return Missing();
        Staff = staff;
        Form = FromStaff(staff);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string id, string? version, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.EditSettings, ct) || Doc.FindStaff(id) is not { } staff) return Missing();
        Staff = staff;
        var f = Request.Form;
        string V(string key) => f[key].ToString().Trim();
        Form = new EditForm
        {
            Name = V("name"),
            Email = V("email"),
            Role = V("role"),
            TimeZone = V("timeZone"),
            UseBusinessHours = V("hours") != "own",
            MaxPerDay = V("maxPerDay"),
            MaxPerWeek = V("maxPerWeek"),
            IcsSet = !string.IsNullOrWhiteSpace(staff.IcsFeedUrl),
            Affected = f["affected"].Contains("true"),
            Notify = f["notify"].Contains("true"),
        };
        foreach (var day in StaffText.Week)
        {
            var k = DayKey(day);
            Form.Hours[day] = [V(k + "-start1"), V(k + "-end1"), V(k + "-start2"), V(k + "-end2")];
        }
        var newIcs = V("icsFeedUrl");
        var removeIcs = f["removeIcs"].Contains("true");

        var result = await SaveAsync(version, doc =>
        {
            var s = doc.FindStaff(id)!;
            var problems = new List<string>();
            RefuseControlCharacters(problems, (f["email"], Text.Common.Email), (f["timeZone"], Text.Common.TimeZone), (f["icsFeedUrl"], Text.Common.ICSFeed));
            if (Form.Name.Length == 0) problems.Add(Text.Staff.EnterTheName);
            else if (Form.Name.Length > 255) problems.Add(Text.Staff.TheNameIsAtMost);
            string? email = Form.Email.Length == 0 ? null : Form.Email;
            if (email is not null && !EmailAddress.IsValid(email)) problems.Add(Text.Staff.EnterAValidEmail);
            else if (email is not null && doc.StaffMembers.Any(o => o.Id != id && string.Equals(o.EmailAddress, email, StringComparison.OrdinalIgnoreCase)))
                problems.Add(Text.Staff.SomeoneElseOnThe);
            var role = StaffText.ParseRole(Form.Role);
            if (role is null) problems.Add(Text.Staff.ChooseARole);
            else if (StaffModel.LeavesNoAdministrator(doc, id, role, User))
                problems.Add(Text.Staff.ThisIsTheCalendar);
            string? zone = Form.TimeZone.Length == 0 ? null : TimeZones.ToIana(Form.TimeZone);
            if (Form.TimeZone.Length > 0 && zone is null) problems.Add(Text.Common.ChooseATimeZone);
            var perDay = Cap(Form.MaxPerDay, Text.Staff.BookingsPerDay, problems);
            var perWeek = Cap(Form.MaxPerWeek, Text.Staff.BookingsPerWeek, problems);
            var hours = Form.UseBusinessHours ? null : ParseHours(problems);
            if (newIcs.Length > 0 && !(newIcs.Length <= 2000 && Uri.TryCreate(newIcs, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" or "webcal"))
                problems.Add(Text.Staff.TheICSFeedMust);
            // What the sync would refuse (a local or private address, credentials in it) is refused now, while the admin is here.
            else if (newIcs.Length > 0 && FeedAddresses.Problem(newIcs, feeds.Value.AllowPrivateAddresses) is { } refused)
                problems.Add(Text.Staff.TheICSFeedAddress + Text.Staff.FeedRefusal(refused) + ".");
            if (problems.Count > 0) return problems;

            s.DisplayName = Form.Name;
            s.EmailAddress = email;
            s.Role = role!.Value;
            s.TimeZone = zone;
            s.UseBusinessHours = Form.UseBusinessHours;
            if (hours is not null) s.WorkingHours = hours;
            s.MaxBookingsPerDay = perDay;
            s.MaxBookingsPerWeek = perWeek;
            if (newIcs.Length > 0) s.IcsFeedUrl = newIcs;
            else if (removeIcs) s.IcsFeedUrl = null;
            s.AvailabilityIsAffectedByPersonalCalendar = Form.Affected;
            s.IsEmailNotificationEnabled = Form.Notify;
            return null;
        }, "staff.update", id, ct, $"/admin/{slug}/staff/edit/{Uri.EscapeDataString(id)}");
        if (result is not null) return result;
        Form.IcsSet = !string.IsNullOrWhiteSpace(Doc.FindStaff(id)?.IcsFeedUrl);
        return Page();
    }

    private int? Cap(string value, string what, List<string> problems)
    {
        if (value.Length == 0) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000) return n;
        problems.Add(Text.Staff.MaximumCap(what));
        return null;
    }

    private List<BookingWorkHours>? ParseHours(List<string> problems)
    {
        var result = new List<BookingWorkHours>();
        foreach (var day in StaffText.Week)
        {
            var v = Form.Hours[day];
            var slots = new List<BookingWorkTimeSlot>();
            for (var i = 0; i < 2; i++)
            {
                var (start, end) = (v[i * 2], v[i * 2 + 1]);
                if (start.Length == 0 && end.Length == 0) continue;
                if (!ParseClock(start, out var s) || !ParseClock(end, out var e) || e <= s)
                {
                    problems.Add(Text.Staff.RangeNeedsStartAndEnd(day));
                    return null;
                }
                if (slots.Count > 0 && s < slots[^1].EndTime)
                {
                    problems.Add(Text.Staff.SecondRangeAfterFirst(day));
                    return null;
                }
                slots.Add(new BookingWorkTimeSlot { StartTime = s, EndTime = e });
            }
            if (slots.Count > 0) result.Add(new BookingWorkHours { Day = day, TimeSlots = slots });
        }
        return result;
    }

    private static bool ParseClock(string value, out TimeSpan time)
    {
        time = default;
        if (value == "24:00") { time = TimeSpan.FromDays(1); return true; }
        if (!TimeOnly.TryParseExact(value, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return false;
        time = t.ToTimeSpan();
        return true;
    }

    private static EditForm FromStaff(BookingStaffMember s)
    {
        var form = new EditForm
        {
            Name = s.DisplayName,
            Email = s.EmailAddress ?? "",
            Role = StaffText.RoleValue(s.Role),
            TimeZone = s.TimeZone ?? "",
            UseBusinessHours = s.UseBusinessHours,
            MaxPerDay = s.MaxBookingsPerDay?.ToString(CultureInfo.InvariantCulture) ?? "",
            MaxPerWeek = s.MaxBookingsPerWeek?.ToString(CultureInfo.InvariantCulture) ?? "",
            IcsSet = !string.IsNullOrWhiteSpace(s.IcsFeedUrl),
            Affected = s.AvailabilityIsAffectedByPersonalCalendar,
            Notify = s.IsEmailNotificationEnabled,
        };
        foreach (var wh in s.WorkingHours)
        {
            var v = form.Hours[wh.Day];
            for (var i = 0; i < Math.Min(2, wh.TimeSlots.Count); i++)
            {
                v[i * 2] = Clock(wh.TimeSlots[i].StartTime);
                v[i * 2 + 1] = Clock(wh.TimeSlots[i].EndTime);
            }
        }
        return form;
    }

    private static string Clock(TimeSpan t) => t >= TimeSpan.FromDays(1) ? "24:00" : t.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
