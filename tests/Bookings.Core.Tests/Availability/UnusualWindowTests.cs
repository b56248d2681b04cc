using Bookings.Core.Availability;
using Bookings.Core.Calendars;
using static Bookings.Core.Tests.Availability.TestCalendar;

namespace Bookings.Core.Tests.Availability;

// The API refuses bad ranges before it calls the engine; the engine must still never crash on one
// with anything but an ArgumentException, nor overflow on a document that skipped validation.
public class UnusualWindowTests
{
    private static List<Slot> Compute(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CalendarDocument? doc = null) =>
        SlotsBetween(doc ?? Create(d => d.BusinessHours = Hours("00:00", "24:00", EveryDay)), from, to, includeStaffIds: true, now: now);

    [Fact]
    public void AWindowWhoseStartIsAfterItsEndHasNoSlots()
    {
        Assert.Empty(Compute(At(Wednesday, 0), At(Tuesday, 0), Now));
    }

    [Fact]
    public void AnEmptyWindowHasNoSlots()
    {
        Assert.Empty(Compute(At(Tuesday, 9), At(Tuesday, 9), Now));
    }

    [Fact]
    public void AWindowAtTheEndOfYear9999DoesNotOverflow()
    {
        var to = DateTimeOffset.MaxValue;

        var slots = Compute(to.AddDays(-30), to, to.AddDays(-31));

        Assert.All(slots, s => Assert.True(s.Start < s.End));
        Assert.Empty(Compute(to.AddDays(-2), to, to.AddDays(-3)));
        Assert.Empty(Compute(to.AddDays(-2), to, to));
    }

    [Fact]
    public void AWindowAtTheStartOfYear0001DoesNotOverflow()
    {
        var from = DateTimeOffset.MinValue;

        var slots = Compute(from, from.AddDays(30), from);

        Assert.All(slots, s => Assert.True(s.Start < s.End));
        Assert.Empty(Compute(from, from.AddDays(2), from));
    }

    [Fact]
    public void TheWholeRangeOfTimeIsClippedToTheMaximumAdvance()
    {
        var slots = Compute(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Now);

        Assert.NotEmpty(slots);
        Assert.Equal(Now, slots[0].Start);
        Assert.True(slots[^1].Start <= Now.AddDays(365));
    }

    [Fact]
    public void AnOversizedMaximumAdvanceDoesNotWrapAroundToNothing()
    {
        var doc = Create(d => d.SchedulingPolicy.MaximumAdvance = TimeSpan.MaxValue);

        Assert.Equal(16, Compute(At(Tuesday, 0), At(Wednesday, 0), Now, doc).Count);
    }

    [Fact]
    public void AnOversizedMinimumLeadTimeLeavesNothingToOffer()
    {
        var doc = Create(d => d.SchedulingPolicy.MinimumLeadTime = TimeSpan.MaxValue);

        Assert.Empty(Compute(At(Tuesday, 0), At(Wednesday, 0), Now, doc));
    }

    [Fact]
    public void AWindowLongerThanAnyPolicyAllowsIsAnArgumentException()
    {
        var doc = Create(d => d.SchedulingPolicy.MaximumAdvance = TimeSpan.FromDays(5000));

        Assert.Throws<ArgumentException>(() => Compute(Now, Now.AddDays(1000), Now, doc));
    }

    [Fact]
    public void AnOversizedIntervalGivesOneSlotPerBlock()
    {
        var doc = Create(d => d.SchedulingPolicy.TimeSlotInterval = TimeSpan.MaxValue);

        Assert.Equal(["09:00"], Starts(Compute(At(Tuesday, 0), At(Wednesday, 0), Now, doc)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    [InlineData(60 * 26)]
    public void AServiceWhoseDurationCannotFitABlockHasNoSlots(int minutes)
    {
        var doc = Create(d => d.Services[0].DefaultDuration = TimeSpan.FromMinutes(minutes));

        Assert.Empty(Compute(At(Tuesday, 0), At(Wednesday, 0), Now, doc));
    }

    [Fact]
    public void OversizedBuffersDoNotOverflow()
    {
        var doc = Create(d =>
        {
            d.Services[0].PreBuffer = TimeSpan.MaxValue;
            d.Services[0].PostBuffer = TimeSpan.MaxValue;
        });
        var slots = SlotsBetween(doc, At(Tuesday, 0), At(Wednesday, 0), staffIds: ["anna"], appointments: [Appointment("anna", At(Tuesday, 12))]);

        Assert.Empty(slots);
    }

    [Fact]
    public void NoStaffMeansNoSlots()
    {
        Assert.Empty(SlotsBetween(Create(), At(Tuesday, 0), At(Wednesday, 0), staffIds: []));
    }

    [Fact]
    public void AnUnknownBusinessTimeZoneIsAnArgumentException()
    {
        var doc = Create(d => d.BookingPageSettings.BusinessTimeZone = "Mars/Olympus_Mons");

        Assert.Throws<ArgumentException>(() => Compute(At(Tuesday, 0), At(Wednesday, 0), Now, doc));
    }

    [Fact]
    public void AStartWithSecondsRoundsUpToTheNextWholeMinute()
    {
        var slots = Compute(At(Tuesday, 9).AddSeconds(1), At(Tuesday, 10), Now, Create());

        Assert.Equal(["09:30"], Starts(slots));
    }
}
