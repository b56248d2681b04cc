using System.Globalization;
using System.Text;
using Bookings.Core.Calendars;

namespace Bookings.Store.Tests.Properties;

/// <summary>A working block in quarter hours of the day: 0 is 00:00, 96 is 24:00.</summary>
public sealed record Block(int StartQuarter, int EndQuarter)
{
    public TimeSpan Start => TimeSpan.FromMinutes(15 * StartQuarter);
    public TimeSpan End => TimeSpan.FromMinutes(15 * EndQuarter);
}

public sealed record DayHours(DayOfWeek Day, Block[] Blocks);

/// <summary>
/// One staff member. Hours 0: the business's hours; 1: the business's hours with an own zone (for
/// caps); 2: own hours in an own zone; 3: own hours without a zone (so in the business zone).
/// </summary>
public sealed record StaffSpec(int Hours, string Zone, DayHours[] OwnHours, bool Viewer, bool Pending, int? PerDay, int? PerWeek, bool Performs)
{
    public bool UsesBusinessHours => Hours < 2;
    public string? TimeZone => Hours is 1 or 2 ? Zone : null;
}

public sealed record ServiceSpec(int Minutes, int PreMinutes, int PostMinutes, int Seats);

public sealed record PolicySpec(int IntervalMinutes, int LeadMinutes, int AdvanceDays, bool OnService);

/// <summary>A booking written straight into the store before the check: Position is where in the range, 0-10000.</summary>
public sealed record StoreBookingSpec(int Staff, int Position, bool OtherService, int Seats);

/// <summary>An offered slot booked through the write path before the check (Staff -1: "anyone"), with more seats for a group.</summary>
public sealed record PrebookSpec(int Position, int Staff, int ExtraSeats);

/// <summary>Time off of one staff member, or (Staff -1) a closure of the whole calendar.</summary>
public sealed record TimeOffSpec(int Staff, int Position, int Minutes);

/// <summary>
/// A random calendar with its bookings, time off, "now" and the availability window asked for.
/// <see cref="Picks"/> are the property's own choices (which slot to book, which start to try).
/// </summary>
public sealed record Scenario(
    string BusinessZone,
    DayHours[] BusinessHours,
    StaffSpec[] Staff,
    ServiceSpec Service,
    ServiceSpec Other,
    PolicySpec Policy,
    DateTimeOffset Now,
    int FromOffsetMinutes,
    int WindowDays,
    StoreBookingSpec[] StoreBookings,
    TimeOffSpec[] TimeOff,
    PrebookSpec[] Prebooks,
    int[] Cancellations,
    int[] Picks)
{
    public const string ServiceId = "main";
    public const string OtherServiceId = "other";

    public static string StaffId(int index) => "s" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Bookings and time off name staff by index; one past the last staff member wraps round.</summary>
    public string StaffAt(int index) => StaffId(index % Staff.Length);

    public DateTimeOffset From => Now.AddMinutes(FromOffsetMinutes);
    public DateTimeOffset To => From.AddDays(WindowDays);

    /// <summary>A point of the range the setup writes into: two days before the window to one day after it.</summary>
    public DateTimeOffset At(int position)
    {
        var first = From.AddDays(-2);
        var ticks = (To.AddDays(1) - first).Ticks / 10_000 * position;
        var at = first.AddTicks(ticks);
        return new DateTimeOffset(at.UtcTicks / TimeSpan.TicksPerMinute / 5 * 5 * TimeSpan.TicksPerMinute, TimeSpan.Zero);
    }

    public CalendarDocument Document(string slug)
    {
        var policy = new BookingSchedulingPolicy
        {
            TimeSlotInterval = TimeSpan.FromMinutes(Policy.IntervalMinutes),
            MinimumLeadTime = TimeSpan.FromMinutes(Policy.LeadMinutes),
            MaximumAdvance = TimeSpan.FromDays(Policy.AdvanceDays),
        };
        var performers = Staff.Select((s, i) => (s, i)).Where(x => x.s.Performs).Select(x => StaffId(x.i)).ToList();
        return new CalendarDocument
        {
            Slug = slug,
            DisplayName = "Property " + slug,
            BookingPageSettings = { BusinessTimeZone = BusinessZone },
            BusinessHours = Hours(BusinessHours),
            SchedulingPolicy = Policy.OnService ? new BookingSchedulingPolicy { MaximumAdvance = TimeSpan.FromDays(30) } : policy,
            StaffMembers = [.. Staff.Select((s, i) => new BookingStaffMember
            {
                Id = StaffId(i),
                DisplayName = "Staff " + StaffId(i),
                Role = s.Viewer ? StaffRole.Viewer : StaffRole.TeamMember,
                MembershipStatus = s.Pending ? MembershipStatus.PendingAcceptance : MembershipStatus.Active,
                UseBusinessHours = s.UsesBusinessHours,
                TimeZone = s.TimeZone,
                WorkingHours = s.UsesBusinessHours ? [] : Hours(s.OwnHours),
                MaxBookingsPerDay = s.PerDay,
                MaxBookingsPerWeek = s.PerWeek,
            })],
            Services =
            [
                Service.ToService(ServiceId, performers.Count == Staff.Length ? [] : performers, Policy.OnService ? policy : null),
                Other.ToService(OtherServiceId, [], null),
            ],
        };
    }

    private static List<BookingWorkHours> Hours(DayHours[] days) =>
        [.. days.Select(d => new BookingWorkHours
        {
            Day = d.Day,
            TimeSlots = [.. d.Blocks.Select(b => new BookingWorkTimeSlot { StartTime = b.Start, EndTime = b.End })],
        })];

    public override string ToString()
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.Append(c, $"now {Now:O}, window {From:O} + {WindowDays}d, business {BusinessZone} {Describe(BusinessHours)}\n");
        s.Append(c, $"service {Service.Minutes}min pre {Service.PreMinutes} post {Service.PostMinutes} seats {Service.Seats}; other {Other.Minutes}min pre {Other.PreMinutes} post {Other.PostMinutes}\n");
        s.Append(c, $"policy{(Policy.OnService ? " (service's)" : "")}: every {Policy.IntervalMinutes}min, lead {Policy.LeadMinutes}min, advance {Policy.AdvanceDays}d\n");
        for (var i = 0; i < Staff.Length; i++)
        {
            var st = Staff[i];
            s.Append(c, $"{StaffId(i)}: {(st.UsesBusinessHours ? "business hours" : "own hours " + Describe(st.OwnHours))} zone {st.TimeZone ?? "-"}");
            s.Append(c, $"{(st.Viewer ? " viewer" : "")}{(st.Pending ? " pending" : "")}{(st.Performs ? "" : " not-performing")} caps {st.PerDay?.ToString(c) ?? "-"}/{st.PerWeek?.ToString(c) ?? "-"}\n");
        }
        foreach (var b in StoreBookings)
            s.Append(c, $"store booking {StaffAt(b.Staff)} at {At(b.Position):O} {(b.OtherService ? OtherServiceId : ServiceId)} x{b.Seats}\n");
        foreach (var t in TimeOff)
            s.Append(c, $"{(t.Staff < 0 ? "closure" : "time off " + StaffAt(t.Staff))} at {At(t.Position):O} for {t.Minutes}min\n");
        foreach (var p in Prebooks)
            s.Append(c, $"prebook offered slot #{p.Position} staff {(p.Staff < 0 ? "anyone" : p.Staff.ToString(c))} +{p.ExtraSeats} seats\n");
        s.Append(c, $"cancellations [{string.Join(",", Cancellations)}], picks [{string.Join(",", Picks)}]");
        return s.ToString();
    }

    private static string Describe(DayHours[] days) =>
        string.Join(" ", days.Select(d => d.Day.ToString()[..2] + " " + string.Join(",", d.Blocks.Select(b => $"{Clock(b.Start)}-{Clock(b.End)}"))));

    private static string Clock(TimeSpan t) => $"{(int)t.TotalHours:00}:{t.Minutes:00}";
}

internal static class ServiceSpecs
{
    public static BookingService ToService(this ServiceSpec s, string id, List<string> staffIds, BookingSchedulingPolicy? policy) => new()
    {
        Id = id,
        DisplayName = "Service " + id,
        DefaultDuration = TimeSpan.FromMinutes(s.Minutes),
        PreBuffer = TimeSpan.FromMinutes(s.PreMinutes),
        PostBuffer = TimeSpan.FromMinutes(s.PostMinutes),
        MaximumAttendeesCount = s.Seats,
        StaffMemberIds = staffIds,
        SchedulingPolicy = policy,
        CustomerEmailRequired = false,
    };
}
