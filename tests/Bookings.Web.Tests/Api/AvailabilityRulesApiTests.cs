using System.Globalization;
using System.Net;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using static Bookings.Web.Tests.Api.CalendarBuilder;

namespace Bookings.Web.Tests.Api;

// The availability and booking rules of the availability issue, through the API only: each test
// stores its own calendar and then speaks HTTP. "Now" is Monday 2026-11-30 09:00 in Warsaw (08:00 UTC)
// unless a test moves the clock; Tuesday 2026-12-01 is the usual test day (Warsaw is UTC+01:00).
public sealed class AvailabilityRulesApiTests : IDisposable
{
    private const string Tuesday = "from=2026-12-01&to=2026-12-01";
    private readonly ApiHarness _api = new();

    public void Dispose() => _api.Dispose();

    /// <summary>RFC 3339 starts every <paramref name="step"/> minutes of wall-clock time from one "HH:mm" (inclusive) to another (exclusive).</summary>
    private static string[] Grid(string date, string offset, string from, string to, int step = 30)
    {
        var list = new List<string>();
        for (var t = TimeSpan.Parse(from, CultureInfo.InvariantCulture); t < TimeSpan.Parse(to, CultureInfo.InvariantCulture); t += TimeSpan.FromMinutes(step))
            list.Add($"{date}T{t:hh\\:mm}:00{offset}");
        return [.. list];
    }

    /// <summary>Warsaw wall-clock starts on Tuesday 2026-12-01 (UTC+01:00).</summary>
    private static string[] Tue(string from, string to) => Grid("2026-12-01", "+01:00", from, to);

    private static DateTimeOffset Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private static ApiSlot SlotAt(IEnumerable<ApiSlot> slots, string start) => Assert.Single(slots, s => s.Start == start);

    [Fact]
    public async Task BusinessHoursOfferSlotsOnAGridAlignedToTheStartOfEachWorkingBlock()
    {
        await _api.CreateAsync(Calendar("grid", d => d.BusinessHours =
            [new BookingWorkHours { Day = DayOfWeek.Tuesday, TimeSlots = [Block("09:15", "12:00"), Block("13:00", "14:00")] }]));

        var slots = await _api.SlotsAsync("grid", "serviceId=consult&" + Tuesday);

        Assert.Equal([.. Tue("09:15", "11:30"), .. Tue("13:00", "14:00")], slots.Select(s => s.Start));
        Assert.Equal("2026-12-01T09:45:00+01:00", slots[0].End);
        Assert.Equal("2026-12-01T11:45:00+01:00", slots[4].End);
        Assert.All(slots, s => Assert.Equal(["anna", "piotr"], s.StaffIds!));
        Assert.Empty(await _api.SlotsAsync("grid", "serviceId=consult&from=2026-12-02&to=2026-12-06"));

        (await _api.BookAsync("grid", "consult", "2026-12-01T09:30:00+01:00")).AssertProblem(HttpStatusCode.UnprocessableEntity, "not_on_grid");
        (await _api.BookAsync("grid", "consult", "2026-12-01T11:45:00+01:00")).AssertProblem(HttpStatusCode.UnprocessableEntity, "not_on_grid");
        (await _api.BookAsync("grid", "consult", "2026-12-01T09:45:00+01:00")).AssertCreated();
    }

    private static BookingStaffMember John() => Staff("john", s =>
    {
        s.UseBusinessHours = false;
        s.TimeZone = "America/New_York";
        s.WorkingHours = Hours("09:00", "17:00", Weekdays);
    });

    [Fact]
    public async Task StaffWorkingHoursAreWrittenInTheStaffMembersOwnTimeZone()
    {
        await _api.CreateAsync(Calendar("new-york", d => d.StaffMembers.Add(John())));

        var john = await _api.SlotsAsync("new-york", "serviceId=consult&staffId=john&" + Tuesday);

        // 09:00-17:00 in New York (UTC-05:00 in winter) is 15:00-23:00 in Warsaw.
        Assert.Equal(Tue("15:00", "23:00"), john.Select(s => s.Start));
        Assert.Equal("2026-12-01T23:00:00+01:00", john[^1].End);
        Assert.Equal(Tue("09:00", "17:00"), await _api.StartsAsync("new-york", "serviceId=consult&staffId=anna&" + Tuesday));

        (await _api.BookAsync("new-york", "consult", "2026-12-01T09:00:00+01:00", staffId: "john")).AssertProblem(HttpStatusCode.UnprocessableEntity, "not_on_grid");
        var booked = await _api.BookAsync("new-york", "consult", "2026-12-01T09:00:00-05:00", staffId: "john", timeZone: "America/New_York");
        booked.AssertCreated();
        Assert.Equal("2026-12-01T09:00:00-05:00", booked.Start);
        Assert.Equal("john", booked.StaffId);
        Assert.Equal(Tue("15:30", "23:00"), await _api.StartsAsync("new-york", "serviceId=consult&staffId=john&" + Tuesday));
    }

    [Fact]
    public async Task TheViewersTimeZoneChangesHowSlotsAreWrittenButNotTheirInstants()
    {
        await _api.CreateAsync(Calendar("viewer-zone", d => d.StaffMembers = [John()]));

        var warsaw = await _api.SlotsAsync("viewer-zone", "serviceId=consult&" + Tuesday);
        var newYork = await _api.SlotsAsync("viewer-zone", "serviceId=consult&timeZone=America/New_York&" + Tuesday);

        Assert.Equal(Tue("15:00", "23:00"), warsaw.Select(s => s.Start));
        Assert.Equal(Grid("2026-12-01", "-05:00", "09:00", "17:00"), newYork.Select(s => s.Start));
        Assert.Equal(
            warsaw.Select(s => DateTimeOffset.Parse(s.Start, CultureInfo.InvariantCulture)),
            newYork.Select(s => DateTimeOffset.Parse(s.Start, CultureInfo.InvariantCulture)));
        Assert.Equal("2026-12-01T17:00:00-05:00", newYork[^1].End);
    }

    [Fact]
    public async Task TimeOffOfOneStaffMemberRemovesOnlyTheirSlotsAndBookingThemIsAConflict()
    {
        var mailbox = await _api.CreateAsync(Calendar("time-off"));
        await _api.Store.AddTimeOffAsync(new TimeOff("", mailbox, "anna", Utc(12, 1, 9), Utc(12, 1, 11), "Dentist"));

        var anna = await _api.StartsAsync("time-off", "serviceId=consult&staffId=anna&" + Tuesday);
        Assert.Equal([.. Tue("09:00", "10:00"), .. Tue("12:00", "17:00")], anna);
        Assert.Equal(Tue("09:00", "17:00"), await _api.StartsAsync("time-off", "serviceId=consult&staffId=piotr&" + Tuesday));
        var anyone = await _api.SlotsAsync("time-off", "serviceId=consult&" + Tuesday);
        Assert.Equal(["piotr"], SlotAt(anyone, "2026-12-01T10:00:00+01:00").StaffIds!);
        Assert.Equal(["anna", "piotr"], SlotAt(anyone, "2026-12-01T12:00:00+01:00").StaffIds!);

        (await _api.BookAsync("time-off", "consult", "2026-12-01T10:00:00+01:00", staffId: "anna")).AssertProblem(HttpStatusCode.Conflict);
        var booked = await _api.BookAsync("time-off", "consult", "2026-12-01T10:00:00+01:00");
        booked.AssertCreated();
        Assert.Equal("piotr", booked.StaffId);
    }

    [Fact]
    public async Task AWholeCalendarClosureRemovesEveryonesSlotsAndBookingInsideItIsAConflict()
    {
        var mailbox = await _api.CreateAsync(Calendar("closure"));
        await _api.Store.AddTimeOffAsync(new TimeOff("", mailbox, null, Utc(12, 1, 11), Utc(12, 1, 16), "Closed for the afternoon"));

        Assert.Equal(Tue("09:00", "12:00"), await _api.StartsAsync("closure", "serviceId=consult&" + Tuesday));
        Assert.Equal(Tue("09:00", "12:00"), await _api.StartsAsync("closure", "serviceId=consult&staffId=piotr&" + Tuesday));
        Assert.Equal(16, (await _api.StartsAsync("closure", "serviceId=consult&from=2026-12-02&to=2026-12-02")).Length);

        (await _api.BookAsync("closure", "consult", "2026-12-01T14:00:00+01:00", staffId: "piotr")).AssertProblem(HttpStatusCode.Conflict);
        (await _api.BookAsync("closure", "consult", "2026-12-01T14:00:00+01:00")).AssertProblem(HttpStatusCode.Conflict);
        (await _api.BookAsync("closure", "consult", "2026-12-01T11:30:00+01:00")).AssertCreated();
    }

    /// <summary>Anna alone, with a 30-minute consultation that blocks as many minutes before and after it.</summary>
    private static CalendarDocument AnnaWithBuffers(string slug, int minutes) => Calendar(slug, d =>
    {
        d.StaffMembers = [Staff("anna")];
        d.Services = [Service("consult", change: s => { s.PreBuffer = TimeSpan.FromMinutes(minutes); s.PostBuffer = TimeSpan.FromMinutes(minutes); })];
    });

    [Fact]
    public async Task ASlotWhoseBuffersWouldOverlapAnAppointmentIsNeitherOfferedNorBookable()
    {
        await _api.CreateAsync(AnnaWithBuffers("buffers", minutes: 15));
        (await _api.BookAsync("buffers", "consult", "2026-12-01T11:00:00+01:00")).AssertCreated(); // blocks 10:45-11:45

        // 10:00 (blocking 09:45-10:45) and 12:00 (11:45-12:45) only touch it; 10:30 and 11:30 would overlap.
        var starts = await _api.StartsAsync("buffers", "serviceId=consult&" + Tuesday);
        Assert.Equal([.. Tue("09:00", "10:30"), .. Tue("12:00", "17:00")], starts);
        (await _api.BookAsync("buffers", "consult", "2026-12-01T10:30:00+01:00")).AssertProblem(HttpStatusCode.Conflict, "slot_taken");
        (await _api.BookAsync("buffers", "consult", "2026-12-01T11:30:00+01:00")).AssertProblem(HttpStatusCode.Conflict, "slot_taken");
        (await _api.BookAsync("buffers", "consult", "2026-12-01T12:00:00+01:00")).AssertCreated();
    }

    [Fact]
    public async Task BuffersMayFallOutsideWorkingHoursSoTheFirstAndLastSlotsOfTheDayAreOffered()
    {
        await _api.CreateAsync(AnnaWithBuffers("buffers-edge", minutes: 30));

        Assert.Equal(Tue("09:00", "17:00"), await _api.StartsAsync("buffers-edge", "serviceId=consult&" + Tuesday));
        (await _api.BookAsync("buffers-edge", "consult", "2026-12-01T09:00:00+01:00")).AssertCreated(); // blocks 08:30-10:00
        (await _api.BookAsync("buffers-edge", "consult", "2026-12-01T16:30:00+01:00")).AssertCreated(); // blocks 16:00-17:30

        Assert.Equal(Tue("10:30", "15:30"), await _api.StartsAsync("buffers-edge", "serviceId=consult&" + Tuesday));
    }

    [Fact]
    public async Task AServicesOwnSchedulingPolicyOverridesTheCalendarsGridAndLeadTime()
    {
        await _api.CreateAsync(Calendar("own-policy", d => d.Services.Add(Service("quick", 20, s => s.SchedulingPolicy = new BookingSchedulingPolicy
        {
            TimeSlotInterval = TimeSpan.FromMinutes(20),
            MinimumLeadTime = TimeSpan.FromHours(4),
            MaximumAdvance = TimeSpan.FromDays(30),
        }))));
        const string monday = "from=2026-11-30&to=2026-11-30";

        // The calendar: a 30-minute grid from now (09:00). The service: a 20-minute grid from 13:00 (now + 4 hours).
        Assert.Equal(Grid("2026-11-30", "+01:00", "09:00", "17:00"), await _api.StartsAsync("own-policy", "serviceId=consult&" + monday));
        var quick = await _api.SlotsAsync("own-policy", "serviceId=quick&" + monday);
        Assert.Equal(Grid("2026-11-30", "+01:00", "13:00", "16:50", step: 20), quick.Select(s => s.Start));
        Assert.Equal("2026-11-30T13:20:00+01:00", quick[0].End);
        // Its maximum advance of 30 days ends at 2026-12-30 09:00 Warsaw.
        var lastDay = await _api.StartsAsync("own-policy", "serviceId=quick&from=2026-12-30&to=2026-12-30");
        Assert.Equal(["2026-12-30T09:00:00+01:00"], lastDay);
        Assert.Equal(16, (await _api.StartsAsync("own-policy", "serviceId=consult&from=2026-12-30&to=2026-12-30")).Length);

        (await _api.BookAsync("own-policy", "quick", "2026-11-30T12:40:00+01:00")).AssertProblem(HttpStatusCode.UnprocessableEntity, "inside_minimum_lead_time");
        (await _api.BookAsync("own-policy", "quick", "2026-11-30T13:30:00+01:00")).AssertProblem(HttpStatusCode.UnprocessableEntity, "not_on_grid");
        (await _api.BookAsync("own-policy", "quick", "2026-12-30T09:20:00+01:00")).AssertProblem(HttpStatusCode.UnprocessableEntity, "beyond_maximum_advance");
        (await _api.BookAsync("own-policy", "quick", "2026-11-30T13:20:00+01:00")).AssertCreated();
        (await _api.BookAsync("own-policy", "consult", "2026-11-30T10:00:00+01:00")).AssertCreated();
    }

    [Fact]
    public async Task MinimumLeadTimeAndMaximumAdvanceClipTheWindowAndBookingOutsideItIsUnprocessable()
    {
        await _api.CreateAsync(Calendar("lead", d =>
        {
            d.SchedulingPolicy.MinimumLeadTime = TimeSpan.FromHours(2);
            d.SchedulingPolicy.MaximumAdvance = TimeSpan.FromDays(2);
        }));

        // Now is Monday 09:00: from 11:00 that day to Wednesday 09:00 (inclusive).
        var starts = await _api.StartsAsync("lead", "serviceId=consult&from=2026-11-30&to=2026-12-02");
        Assert.Equal([.. Grid("2026-11-30", "+01:00", "11:00", "17:00"), .. Tue("09:00", "17:00"), "2026-12-02T09:00:00+01:00"], starts);

        (await _api.BookAsync("lead", "consult", "2026-11-30T10:30:00+01:00")).AssertProblem(HttpStatusCode.UnprocessableEntity, "inside_minimum_lead_time");
        (await _api.BookAsync("lead", "consult", "2026-12-02T09:30:00+01:00")).AssertProblem(HttpStatusCode.UnprocessableEntity, "beyond_maximum_advance");
        (await _api.BookAsync("lead", "consult", "2026-11-30T11:00:00+01:00")).AssertCreated();
        (await _api.BookAsync("lead", "consult", "2026-12-02T09:00:00+01:00")).AssertCreated();
    }

    /// <summary>Books seats of the workshop at one start, and after each checks the seats left (0: the slot is no longer offered).</summary>
    private async Task<List<ApiAnswer>> BookSeats(string slug, string start, string query, params int[] seatsLeftAfter)
    {
        var answers = new List<ApiAnswer>();
        foreach (var left in seatsLeftAfter)
        {
            var booked = await _api.BookAsync(slug, "workshop", start, email: $"seat{answers.Count}@example.com");
            booked.AssertCreated();
            answers.Add(booked);
            var slots = await _api.SlotsAsync(slug, query);
            if (left == 0) Assert.DoesNotContain(slots, s => s.Start == start);
            else Assert.Equal(left, SlotAt(slots, start).SeatsLeft);
        }
        return answers;
    }

    [Fact]
    public async Task AGroupServiceCountsItsSeatsDownAndAFullSlotIsGoneAndRefused()
    {
        await _api.CreateAsync(Calendar("group", d =>
            d.Services = [Service("workshop", 60, s => { s.MaximumAttendeesCount = 3; s.StaffMemberIds = ["anna"]; })]));
        const string ten = "2026-12-01T10:00:00+01:00";
        const string q = "serviceId=workshop&" + Tuesday;

        Assert.Equal(Tue("09:00", "16:30"), await _api.StartsAsync("group", q));
        Assert.Equal(3, SlotAt(await _api.SlotsAsync("group", q), ten).SeatsLeft);
        var answers = await BookSeats("group", ten, q, 2, 1, 0);

        Assert.Single(answers.Select(a => a.Json.GetProperty("id").GetString()).Distinct());
        (await _api.BookAsync("group", "workshop", ten, email: "late@example.com")).AssertProblem(HttpStatusCode.Conflict, "seats_full");
    }

    [Fact]
    public async Task AnyoneBookingsOfAGroupServiceFillOneClassBeforeOpeningAnother()
    {
        await _api.CreateAsync(Calendar("classes", d => d.Services = [Service("workshop", 60, s => s.MaximumAttendeesCount = 2)]));
        const string ten = "2026-12-01T10:00:00+01:00";
        const string q = "serviceId=workshop&" + Tuesday;

        Assert.Equal(4, SlotAt(await _api.SlotsAsync("classes", q), ten).SeatsLeft);
        var answers = await BookSeats("classes", ten, q, 3, 2, 1, 0);

        Assert.Equal(["anna", "anna", "piotr", "piotr"], answers.Select(a => a.StaffId));
        Assert.Equal(2, answers.Select(a => a.Json.GetProperty("id").GetString()).Distinct().Count());
        (await _api.BookAsync("classes", "workshop", ten, email: "late@example.com")).AssertProblem(HttpStatusCode.Conflict, "seats_full");
    }

    [Fact]
    public async Task WithStaffSelectionOffSlotsNameNoStaffAndAStaffIdIsRefused()
    {
        await _api.CreateAsync(Calendar("no-choice", d => d.SchedulingPolicy.AllowStaffSelection = false));

        var slots = await _api.SlotsAsync("no-choice", "serviceId=consult&" + Tuesday);
        Assert.Equal(Tue("09:00", "17:00"), slots.Select(s => s.Start));
        Assert.All(slots, s => Assert.Null(s.StaffIds));

        (await _api.AvailabilityAsync("no-choice", "serviceId=consult&staffId=anna&" + Tuesday))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "staff_selection_disabled");
        (await _api.BookAsync("no-choice", "consult", "2026-12-01T10:00:00+01:00", staffId: "anna"))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "staff_selection_disabled");
        (await _api.BookAsync("no-choice", "consult", "2026-12-01T10:00:00+01:00")).AssertCreated();
    }

    [Fact]
    public async Task StaffPendingAcceptanceOrWithTheViewerRoleAreNeitherOfferedNorBookable()
    {
        await _api.CreateAsync(Calendar("members", d => d.StaffMembers =
        [
            Staff("anna"),
            Staff("pending", s => s.MembershipStatus = MembershipStatus.PendingAcceptance),
            Staff("viewer", s => s.Role = StaffRole.Viewer),
        ]));
        const string ten = "2026-12-01T10:00:00+01:00";

        var slots = await _api.SlotsAsync("members", "serviceId=consult&" + Tuesday);
        Assert.Equal(Tue("09:00", "17:00"), slots.Select(s => s.Start));
        Assert.All(slots, s => Assert.Equal(["anna"], s.StaffIds!));
        foreach (var id in new[] { "pending", "viewer" })
        {
            (await _api.AvailabilityAsync("members", $"serviceId=consult&staffId={id}&" + Tuesday)).AssertProblem(HttpStatusCode.NotFound, "staff_not_found");
            (await _api.BookAsync("members", "consult", ten, staffId: id)).AssertProblem(HttpStatusCode.NotFound, "staff_not_found");
        }

        Assert.Equal("anna", (await _api.BookAsync("members", "consult", ten)).StaffId);
        Assert.DoesNotContain(ten, await _api.StartsAsync("members", "serviceId=consult&" + Tuesday));
        (await _api.BookAsync("members", "consult", ten, email: "second@example.com")).AssertProblem(HttpStatusCode.Conflict, "slot_taken");
    }

    private async Task BookAll(string slug, string staffId, params string[] starts)
    {
        for (var i = 0; i < starts.Length; i++)
            (await _api.BookAsync(slug, "consult", starts[i], staffId: staffId, email: $"{staffId}{i}@example.com")).AssertCreated();
    }

    /// <summary>
    /// Over the capped days only Piotr is offered, booking Anna at <paramref name="capped"/> is a conflict and an
    /// anyone booking there goes to Piotr; at <paramref name="free"/> (beyond the cap) the anyone booking is Anna's.
    /// </summary>
    private async Task AssertAnyoneGoesToPiotrWhileAnnaIsCapped(string slug, string cappedDays, string capped, string free)
    {
        Assert.All(await _api.SlotsAsync(slug, "serviceId=consult&" + cappedDays), s => Assert.Equal(["piotr"], s.StaffIds!));
        (await _api.BookAsync(slug, "consult", capped, staffId: "anna")).AssertProblem(HttpStatusCode.Conflict, "staff_cap_reached");
        var booked = await _api.BookAsync(slug, "consult", capped);
        booked.AssertCreated();
        Assert.Equal("piotr", booked.StaffId);
        Assert.Equal("anna", (await _api.BookAsync(slug, "consult", free)).StaffId);
    }

    [Fact]
    public async Task ADailyCapTakesTheStaffMemberOutOfThatDayAndAnyoneBookingsGoToSomeoneElse()
    {
        await _api.CreateAsync(Calendar("daily-cap", d => d.StaffMembers[0].MaxBookingsPerDay = 2));
        // Piotr has more bookings this week, so fairness alone would choose Anna.
        await BookAll("daily-cap", "piotr", "2026-11-30T14:00:00+01:00", "2026-11-30T14:30:00+01:00", "2026-11-30T15:00:00+01:00");
        await BookAll("daily-cap", "anna", "2026-12-01T10:00:00+01:00", "2026-12-01T10:30:00+01:00");

        Assert.Empty(await _api.SlotsAsync("daily-cap", "serviceId=consult&staffId=anna&" + Tuesday));
        Assert.Equal(Tue("09:00", "17:00"), await _api.StartsAsync("daily-cap", "serviceId=consult&staffId=piotr&" + Tuesday));
        Assert.Equal(Grid("2026-12-02", "+01:00", "09:00", "17:00"), await _api.StartsAsync("daily-cap", "serviceId=consult&staffId=anna&from=2026-12-02&to=2026-12-02"));
        // Wednesday is another day: Anna, with fewer bookings this week, takes the anyone booking.
        await AssertAnyoneGoesToPiotrWhileAnnaIsCapped("daily-cap", Tuesday, "2026-12-01T14:00:00+01:00", "2026-12-02T14:00:00+01:00");
    }

    [Fact]
    public async Task AWeeklyCapTakesTheStaffMemberOutOfThatWeekAndAnyoneBookingsGoToSomeoneElse()
    {
        await _api.CreateAsync(Calendar("weekly-cap", d => d.StaffMembers[0].MaxBookingsPerWeek = 3));
        await BookAll("weekly-cap", "piotr", "2026-11-30T14:00:00+01:00", "2026-11-30T14:30:00+01:00", "2026-11-30T15:00:00+01:00", "2026-11-30T15:30:00+01:00");
        await BookAll("weekly-cap", "anna", "2026-12-01T10:00:00+01:00", "2026-12-02T10:00:00+01:00", "2026-12-03T10:00:00+01:00");

        Assert.Empty(await _api.SlotsAsync("weekly-cap", "serviceId=consult&staffId=anna&from=2026-12-01&to=2026-12-06"));
        Assert.Equal(Grid("2026-12-04", "+01:00", "09:00", "17:00"), await _api.StartsAsync("weekly-cap", "serviceId=consult&staffId=piotr&from=2026-12-04&to=2026-12-04"));
        Assert.Equal(Grid("2026-12-07", "+01:00", "09:00", "17:00"), await _api.StartsAsync("weekly-cap", "serviceId=consult&staffId=anna&from=2026-12-07&to=2026-12-07"));
        // The next week Anna, with fewer bookings in the last 28 days, takes the anyone booking.
        await AssertAnyoneGoesToPiotrWhileAnnaIsCapped("weekly-cap", "from=2026-12-04&to=2026-12-04", "2026-12-04T10:00:00+01:00", "2026-12-07T10:00:00+01:00");
    }

    [Fact]
    public async Task ADailyCapCountsTheDaysOfTheStaffMembersOwnTimeZone()
    {
        // Open round the clock in Warsaw; Anna lives in New York (six hours behind) and takes one booking a day.
        await _api.CreateAsync(Calendar("cap-zone", d =>
        {
            d.BusinessHours = Hours("00:00", "24:00", EveryDay);
            d.StaffMembers = [Staff("anna", s => { s.TimeZone = "America/New_York"; s.MaxBookingsPerDay = 1; })];
        }));
        const string q = "serviceId=consult&staffId=anna&from=2026-12-01&to=2026-12-02";

        (await _api.BookAsync("cap-zone", "consult", "2026-12-01T05:00:00+01:00")).AssertCreated(); // Monday 23:00 in New York
        // Monday in New York ends at 06:00 in Warsaw: from then on Anna's Tuesday is free.
        var starts = await _api.StartsAsync("cap-zone", q);
        Assert.Equal("2026-12-01T06:00:00+01:00", starts[0]);
        (await _api.BookAsync("cap-zone", "consult", "2026-12-01T05:30:00+01:00")).AssertProblem(HttpStatusCode.Conflict, "staff_cap_reached");

        (await _api.BookAsync("cap-zone", "consult", "2026-12-01T23:30:00+01:00")).AssertCreated(); // Tuesday 17:30 in New York
        starts = await _api.StartsAsync("cap-zone", q);
        Assert.Equal("2026-12-02T06:00:00+01:00", starts[0]);
        (await _api.BookAsync("cap-zone", "consult", "2026-12-02T05:30:00+01:00")).AssertProblem(HttpStatusCode.Conflict, "staff_cap_reached");
        (await _api.BookAsync("cap-zone", "consult", "2026-12-02T06:00:00+01:00")).AssertCreated();
    }

    [Fact]
    public async Task OnTheSpringDaylightSavingDayTheMissingWallClockTimesAreSkippedAndSlotsLastTheirRealDuration()
    {
        _api.Factory.Time.AdjustTime(new DateTimeOffset(2026, 3, 27, 0, 0, 0, TimeSpan.Zero)); // before the host starts
        await _api.CreateAsync(Calendar("spring", d =>
        {
            d.BusinessHours = Hours("00:00", "06:00", DayOfWeek.Sunday);
            d.StaffMembers = [Staff("anna")];
        }));

        var slots = await _api.SlotsAsync("spring", "serviceId=consult&from=2026-03-29&to=2026-03-29");

        Assert.Equal([.. Grid("2026-03-29", "+01:00", "00:00", "02:00"), .. Grid("2026-03-29", "+02:00", "03:00", "06:00")], slots.Select(s => s.Start));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(30), s.Length));
        Assert.Equal("2026-03-29T03:00:00+02:00", slots[3].End);

        var booked = await _api.BookAsync("spring", "consult", "2026-03-29T01:30:00+01:00");
        booked.AssertCreated();
        Assert.Equal("2026-03-29T03:00:00+02:00", booked.Json.GetProperty("end").GetString());
        (await _api.BookAsync("spring", "consult", "2026-03-29T03:00:00+02:00")).AssertCreated();
    }

    // Anna's hours are her own, in Warsaw; the calendar's zone is Warsaw too, or New York (still on summer time that day).
    [Theory]
    [InlineData("Europe/Warsaw")]
    [InlineData("America/New_York")]
    public async Task OnTheAutumnDaylightSavingDayTheRepeatedWallClockTimesAreOfferedTwiceWithTheirOwnOffsets(string businessZone)
    {
        _api.Factory.Time.AdjustTime(new DateTimeOffset(2026, 10, 23, 0, 0, 0, TimeSpan.Zero)); // before the host starts
        await _api.CreateAsync(Calendar("autumn", d =>
        {
            d.BookingPageSettings.BusinessTimeZone = businessZone;
            d.StaffMembers = [Staff("anna", s =>
            {
                s.UseBusinessHours = false;
                s.TimeZone = "Europe/Warsaw";
                s.WorkingHours = Hours("00:00", "06:00", DayOfWeek.Sunday);
            })];
        }));

        var slots = await _api.SlotsAsync("autumn", "serviceId=consult&timeZone=Europe/Warsaw&from=2026-10-25&to=2026-10-25");

        Assert.Equal([.. Grid("2026-10-25", "+02:00", "00:00", "03:00"), .. Grid("2026-10-25", "+01:00", "02:00", "06:00")], slots.Select(s => s.Start));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(30), s.Length));
        Assert.Equal("2026-10-25T02:00:00+01:00", SlotAt(slots, "2026-10-25T02:30:00+02:00").End);

        var first = await _api.BookAsync("autumn", "consult", "2026-10-25T02:00:00+02:00", staffId: "anna", timeZone: "Europe/Warsaw");
        var second = await _api.BookAsync("autumn", "consult", "2026-10-25T02:00:00+01:00", staffId: "anna", timeZone: "Europe/Warsaw");
        first.AssertCreated();
        second.AssertCreated();
        Assert.Equal("2026-10-25T02:00:00+02:00", first.Start);
        Assert.Equal("2026-10-25T02:30:00+01:00", second.Json.GetProperty("end").GetString());
        Assert.NotEqual(first.Json.GetProperty("id").GetString(), second.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task AStartThatHasAlreadyPassedSaysSoRatherThanThatItIsTooSoon()
    {
        await _api.CreateAsync(Calendar("now")); // no minimum lead time: anything from now on is bookable

        var booked = await _api.BookAsync("now", "consult", "2026-11-30T08:30:00+01:00"); // half an hour ago

        booked.AssertProblem(HttpStatusCode.UnprocessableEntity, "start_in_past");
        Assert.Equal("This time has already passed.", booked.Json.GetProperty("title").GetString());
        Assert.DoesNotContain("0 minutes", booked.Text, StringComparison.Ordinal);

        var moved = await BookThenMoveToAsync("now", "2026-11-30T08:30:00+01:00");
        moved.AssertProblem(HttpStatusCode.UnprocessableEntity, "start_in_past");
        Assert.Equal("This time has already passed.", moved.Json.GetProperty("title").GetString());
    }

    /// <summary>Books tomorrow 10:00, then asks its manage link to move it to <paramref name="start"/>.</summary>
    private async Task<ApiAnswer> BookThenMoveToAsync(string slug, string start)
    {
        var manage = (await _api.BookAsync(slug, "consult", "2026-12-01T10:00:00+01:00")).Json.GetProperty("manageUrl").GetString()!;
        return await _api.PostAsync($"/api/v1/manage/{manage.Split('/')[^1]}/reschedule", new { start });
    }

    [Fact]
    public async Task ADateThatDoesNotExistIsABadRequestThatNamesTheDate()
    {
        await _api.CreateAsync(Calendar("leap"));

        var booked = await _api.BookAsync("leap", "consult", "2027-02-29T10:00:00+01:00"); // 2027 is not a leap year

        booked.AssertProblem(HttpStatusCode.BadRequest, "invalid_start");
        Assert.Equal("The date 2027-02-29 does not exist.", booked.Json.GetProperty("title").GetString());
        Assert.True(booked.Json.GetProperty("errors").TryGetProperty("start", out _));
        Assert.DoesNotContain("offset", booked.Text, StringComparison.Ordinal);

        var moved = await BookThenMoveToAsync("leap", "2027-02-29T10:00:00+01:00");
        moved.AssertProblem(HttpStatusCode.BadRequest, "invalid_start");
        Assert.Equal("The date 2027-02-29 does not exist.", moved.Json.GetProperty("title").GetString());
    }
}
