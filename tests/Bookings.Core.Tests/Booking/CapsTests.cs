using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using static Bookings.Core.Tests.Availability.TestCalendar;

namespace Bookings.Core.Tests.Booking;

public class CapsTests
{
    private static BookingStaffMember Capped(int? perDay, int? perWeek, string? zone = null) =>
        Staff("anna", s =>
        {
            s.MaxBookingsPerDay = perDay;
            s.MaxBookingsPerWeek = perWeek;
            s.TimeZone = zone;
        });

    private static DateTimeOffset Utc(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AStaffMemberWithoutCapsHasNoWindows()
    {
        Assert.Empty(BookingHandler.Caps(Capped(null, null), At(Tuesday, 10), Warsaw));
    }

    [Fact]
    public void TheDayWindowIsTheLocalDayInTheBusinessZoneWhenTheStaffMemberHasNone()
    {
        var cap = Assert.Single(BookingHandler.Caps(Capped(3, null), At(Tuesday, 10), Warsaw));

        Assert.Equal(new CapWindow(Utc(2026, 11, 30, 23), Utc(2026, 12, 1, 23), 3, "staff_cap_reached"), cap);
    }

    [Fact]
    public void TheWeekWindowRunsFromMondayToMonday()
    {
        var caps = BookingHandler.Caps(Capped(3, 10), At(Sunday, 20), Warsaw);

        Assert.Equal(2, caps.Count);
        Assert.Equal(new CapWindow(Utc(2026, 12, 5, 23), Utc(2026, 12, 6, 23), 3, "staff_cap_reached"), caps[0]);
        Assert.Equal(new CapWindow(Utc(2026, 11, 29, 23), Utc(2026, 12, 6, 23), 10, "staff_cap_reached"), caps[1]);
    }

    [Fact]
    public void TheWindowsAreInTheStaffMembersOwnZone()
    {
        // 03:00 on Tuesday in Warsaw is 21:00 on Monday in New York.
        var caps = BookingHandler.Caps(Capped(2, 5, "America/New_York"), At(Tuesday, 3), Warsaw);

        Assert.Equal(new CapWindow(Utc(2026, 11, 30, 5), Utc(2026, 12, 1, 5), 2, "staff_cap_reached"), caps[0]);
        Assert.Equal(new CapWindow(Utc(2026, 11, 30, 5), Utc(2026, 12, 7, 5), 5, "staff_cap_reached"), caps[1]);
    }

    [Fact]
    public void AWindowsIdForTheStaffMembersZoneWorksToo()
    {
        var cap = Assert.Single(BookingHandler.Caps(Capped(2, null, "Eastern Standard Time"), At(Tuesday, 3), Warsaw));

        Assert.Equal(Utc(2026, 11, 30, 5), cap.From);
    }

    [Fact]
    public void AWeekWithAClockChangeLastsItsRealLength()
    {
        var caps = BookingHandler.Caps(Capped(null, 5, "America/New_York"), Utc(2026, 11, 1, 17), Warsaw);

        var week = Assert.Single(caps);
        Assert.Equal(Utc(2026, 10, 26, 4), week.From);
        Assert.Equal(Utc(2026, 11, 2, 5), week.To);
        Assert.Equal(TimeSpan.FromHours(7 * 24 + 1), week.To - week.From);
    }

    [Fact]
    public void TheSpringDayInWarsawIsTwentyThreeHoursLong()
    {
        var cap = Assert.Single(BookingHandler.Caps(Capped(1, null), Utc(2026, 3, 29, 10), Warsaw));

        Assert.Equal(Utc(2026, 3, 28, 23), cap.From);
        Assert.Equal(TimeSpan.FromHours(23), cap.To - cap.From);
    }

    [Fact]
    public void TheEngineHidesACappedStaffMemberExactlyWhereTheBookingWindowsWouldRefuse()
    {
        var doc = AnnaInNewYorkWithOneBookingADay();
        var booked = At(Tuesday, 3);
        var day = BookingHandler.Caps(doc.StaffMembers[0], booked, Warsaw)[0];

        var slots = Slots(doc, Monday, Wednesday, staffIds: ["anna"], appointments: [Appointment("anna", booked)]);

        Assert.DoesNotContain(slots, s => s.Start >= day.From && s.Start < day.To);
        Assert.Contains(slots, s => s.Start == day.From.AddMinutes(-30));
        Assert.Contains(slots, s => s.Start == day.To);
    }
}
