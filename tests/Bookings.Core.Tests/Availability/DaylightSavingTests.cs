using Bookings.Core.Calendars;
using Bookings.Core.Time;
using static Bookings.Core.Tests.Availability.TestCalendar;

namespace Bookings.Core.Tests.Availability;

// The documented rule: a grid time that does not exist is skipped, one that occurs twice yields
// both instants, and a slot lasts its real duration whatever the clocks do meanwhile.
public class DaylightSavingTests
{
    private static readonly DateTimeOffset January = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly WarsawSpring = new(2026, 3, 29);
    private static readonly DateOnly WarsawAutumn = new(2026, 10, 25);
    private static readonly DateOnly NewYorkSpring = new(2026, 3, 8);
    private static readonly DateOnly NewYorkAutumn = new(2026, 11, 1);

    private static CalendarDocument EarlySunday(string zone = "Europe/Warsaw", int minutes = 30) => Create(d =>
    {
        d.BookingPageSettings.BusinessTimeZone = zone;
        d.BusinessHours = Hours("00:00", "06:00", DayOfWeek.Sunday);
        d.Services[0].DefaultDuration = TimeSpan.FromMinutes(minutes);
    });

    private static string[] Formatted(IEnumerable<Bookings.Core.Availability.Slot> slots, TimeZoneInfo zone) =>
        [.. slots.Select(s => TimeZones.FormatInstant(s.Start, zone))];

    [Fact]
    public void OnTheSpringDayTheMissingWallClockSlotsAreSkipped()
    {
        var slots = Slots(EarlySunday(), WarsawSpring, staffIds: ["anna"], now: January);

        Assert.Equal(["00:00", "00:30", "01:00", "01:30", "03:00", "03:30", "04:00", "04:30", "05:00", "05:30"], Starts(slots));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(30), s.End - s.Start));
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), slots[0].Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), slots[4].Start);
    }

    [Fact]
    public void OnTheAutumnDayTheRepeatedWallClockTimesGiveTwoSlotsEach()
    {
        var slots = Slots(EarlySunday(), WarsawAutumn, staffIds: ["anna"], now: January);

        Assert.Equal(
        [
            "2026-10-25T00:00:00+02:00", "2026-10-25T00:30:00+02:00", "2026-10-25T01:00:00+02:00", "2026-10-25T01:30:00+02:00",
            "2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T02:30:00+01:00",
            "2026-10-25T03:00:00+01:00", "2026-10-25T03:30:00+01:00", "2026-10-25T04:00:00+01:00", "2026-10-25T04:30:00+01:00",
            "2026-10-25T05:00:00+01:00", "2026-10-25T05:30:00+01:00",
        ], Formatted(slots, Warsaw));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(30), s.End - s.Start));
    }

    [Fact]
    public void OnTheAutumnDayEverySlotIsADistinctInstantInOrder()
    {
        var slots = Slots(EarlySunday(), WarsawAutumn, staffIds: ["anna"], now: January);

        for (var i = 1; i < slots.Count; i++)
            Assert.Equal(TimeSpan.FromMinutes(30), slots[i].Start - slots[i - 1].Start);
    }

    [Fact]
    public void ASlotSpanningTheSpringChangeKeepsItsRealDuration()
    {
        var slots = Slots(EarlySunday(minutes: 60), WarsawSpring, staffIds: ["anna"], now: January);

        Assert.Equal(["00:00", "00:30", "01:00", "01:30", "03:00", "03:30", "04:00", "04:30", "05:00"], Starts(slots));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromHours(1), s.End - s.Start));
        var spanning = slots[3];
        Assert.Equal("2026-03-29T03:30:00+02:00", TimeZones.FormatInstant(spanning.End, Warsaw));
    }

    [Fact]
    public void ASlotSpanningTheAutumnChangeKeepsItsRealDuration()
    {
        var slots = Slots(EarlySunday(minutes: 60), WarsawAutumn, staffIds: ["anna"], now: January);

        Assert.Equal(13, slots.Count);
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromHours(1), s.End - s.Start));
        var spanning = slots.Single(s => TimeZones.FormatInstant(s.Start, Warsaw) == "2026-10-25T02:30:00+02:00");
        Assert.Equal("2026-10-25T02:30:00+01:00", TimeZones.FormatInstant(spanning.End, Warsaw));
    }

    [Fact]
    public void InNewYorkTheSpringChangeSkipsTwoAmAndTheAutumnChangeRepeatsOneAm()
    {
        var spring = Slots(EarlySunday("America/New_York"), NewYorkSpring, staffIds: ["anna"], now: January);
        var autumn = Slots(EarlySunday("America/New_York"), NewYorkAutumn, staffIds: ["anna"], now: January);

        Assert.Equal(["00:00", "00:30", "01:00", "01:30", "03:00", "03:30", "04:00", "04:30", "05:00", "05:30"], Starts(spring, NewYork));
        Assert.Equal(["00:00", "00:30", "01:00", "01:30", "01:00", "01:30", "02:00", "02:30", "03:00", "03:30", "04:00", "04:30", "05:00", "05:30"],
            Starts(autumn, NewYork));
        Assert.Equal("2026-11-01T01:00:00-04:00", TimeZones.FormatInstant(autumn[2].Start, NewYork));
        Assert.Equal("2026-11-01T01:00:00-05:00", TimeZones.FormatInstant(autumn[4].Start, NewYork));
        Assert.All(spring.Concat(autumn), s => Assert.Equal(TimeSpan.FromMinutes(30), s.End - s.Start));
    }

    [Fact]
    public void ABlockStartingInsideTheSpringGapStartsWhenTheGapEnds()
    {
        var doc = Create(d => d.BusinessHours =
        [
            new BookingWorkHours { Day = DayOfWeek.Sunday, TimeSlots = [new BookingWorkTimeSlot { StartTime = new TimeSpan(2, 30, 0), EndTime = TimeSpan.FromHours(5) }] },
        ]);

        var slots = Slots(doc, WarsawSpring, staffIds: ["anna"], now: January);

        Assert.Equal(["03:00", "03:30", "04:00", "04:30"], Starts(slots));
    }

    [Fact]
    public void TheDaysAroundAChangeUseTheirOwnOffsets()
    {
        var slots = Slots(Create(), new DateOnly(2026, 3, 27), new DateOnly(2026, 3, 30), staffIds: ["anna"], now: January);

        Assert.Equal(32, slots.Count);
        Assert.Equal("2026-03-27T09:00:00+01:00", TimeZones.FormatInstant(slots[0].Start, Warsaw));
        Assert.Equal(new DateTimeOffset(2026, 3, 27, 8, 0, 0, TimeSpan.Zero), slots[0].Start);
        Assert.Equal("2026-03-30T09:00:00+02:00", TimeZones.FormatInstant(slots[16].Start, Warsaw));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), slots[16].Start);
    }

    [Fact]
    public void StaffInNewYorkShiftByAnHourWhileOnlyOneSideHasChangedItsClocks()
    {
        // Between 8 and 29 March New York is already on summer time and Warsaw is not: 09:00 there is 14:00 here.
        var doc = Create(d => d.StaffMembers.Add(John()));

        var slots = Slots(doc, new DateOnly(2026, 3, 10), staffIds: ["john"], now: January);

        Assert.Equal(HalfHours("14:00", "22:00"), Starts(slots));
    }
}
