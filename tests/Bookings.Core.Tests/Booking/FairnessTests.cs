using Bookings.Core.Booking;
using Bookings.Core.Store;
using static Bookings.Core.Tests.Availability.TestCalendar;

namespace Bookings.Core.Tests.Booking;

public class FairnessTests
{
    private static readonly string[] Everyone = ["anna", "maria", "piotr"];

    private static IReadOnlyList<string> Order(DateTimeOffset slot, params Appointment[] appointments) =>
        Fairness.Order(Everyone, Busy(appointments), slot, Warsaw);

    [Fact]
    public void WithNoBookingsTheStaffIdDecides()
    {
        Assert.Equal(["anna", "maria", "piotr"], Order(At(Wednesday, 10)));
    }

    [Fact]
    public void TheStaffIdTieBreakIsOrdinal()
    {
        Assert.Equal(["Zoe", "adam"], Fairness.Order(["adam", "Zoe"], [], At(Wednesday, 10), Warsaw));
    }

    [Fact]
    public void FewestBookingsInTheSlotsIsoWeekComeFirst()
    {
        var order = Order(At(Wednesday, 10),
            Appointment("anna", At(Monday, 9)), Appointment("anna", At(Monday, 10)),
            Appointment("piotr", At(Monday, 11)));

        Assert.Equal(["maria", "piotr", "anna"], order);
    }

    [Fact]
    public void LaterBookingsInTheSameWeekCountToo()
    {
        var order = Order(At(Monday, 10), Appointment("anna", At(Sunday, 10)));

        Assert.Equal(["maria", "piotr", "anna"], order);
    }

    [Fact]
    public void TheWeekOutweighsTheDay()
    {
        var order = Order(At(Wednesday, 15),
            Appointment("anna", At(Monday, 9)), Appointment("anna", At(Tuesday, 9)),
            Appointment("maria", At(Monday, 12)), Appointment("maria", At(Tuesday, 12)),
            Appointment("piotr", At(Wednesday, 9)));

        Assert.Equal(["piotr", "anna", "maria"], order);
    }

    [Fact]
    public void WithEqualWeeksFewerBookingsOnTheSlotsDayComeFirst()
    {
        var order = Order(At(Wednesday, 15),
            Appointment("anna", At(Wednesday, 9)),
            Appointment("maria", At(Wednesday, 10)),
            Appointment("piotr", At(Monday, 9)));

        Assert.Equal(["piotr", "anna", "maria"], order);
    }

    [Fact]
    public void WithEqualWeeksAndDaysFewerBookingsInThe28DaysBeforeComeFirst()
    {
        var order = Order(At(Wednesday, 10),
            Appointment("anna", At(Monday.AddDays(-7), 9)), Appointment("anna", At(Monday.AddDays(-14), 9)),
            Appointment("maria", At(Monday.AddDays(-21), 9)));

        Assert.Equal(["piotr", "maria", "anna"], order);
    }

    [Fact]
    public void BookingsMoreThan28DaysBeforeTheSlotDoNotCount()
    {
        var order = Order(At(Wednesday, 10),
            Appointment("anna", At(Wednesday.AddDays(-29), 10)), Appointment("anna", At(Wednesday.AddDays(-40), 10)),
            Appointment("maria", At(Wednesday.AddDays(-27), 10)));

        Assert.Equal(["anna", "piotr", "maria"], order);
    }

    [Fact]
    public void CancelledBookingsDoNotCount()
    {
        var order = Order(At(Wednesday, 10),
            Appointment("anna", At(Tuesday, 9), status: AppointmentStatus.Cancelled),
            Appointment("maria", At(Tuesday, 9)));

        Assert.Equal(["anna", "piotr", "maria"], order);
    }

    [Fact]
    public void OnlyTheGivenStaffAreOrdered()
    {
        var order = Fairness.Order(["piotr", "maria"], Busy([Appointment("anna", At(Tuesday, 9)), Appointment("maria", At(Tuesday, 9))]), At(Wednesday, 10), Warsaw);

        Assert.Equal(["piotr", "maria"], order);
    }

    [Fact]
    public void TheWeekAndDayAreTheBusinessZones()
    {
        // 00:10 on Monday in Warsaw is still Sunday, the week before, in UTC.
        var order = Order(At(Monday, 10),
            Appointment("anna", At(Monday, 0, 10)),
            Appointment("piotr", At(Monday.AddDays(-6), 9)), Appointment("piotr", At(Monday.AddDays(-5), 9)),
            Appointment("maria", At(Monday.AddDays(-6), 10)), Appointment("maria", At(Monday.AddDays(-5), 10)));

        Assert.Equal(["maria", "piotr", "anna"], order);
    }

    [Fact]
    public void ThreeHundredAnyoneBookingsOverThreeEquallyAvailableStaffEndWithinOneOfEachOther()
    {
        var appointments = new List<Appointment>();
        var doc = Create();
        var slots = Slots(doc, Monday, Monday.AddDays(27), includeStaffIds: true);
        Assert.True(slots.Count >= 300);

        foreach (var slot in slots.Take(300))
        {
            var staffId = Fairness.Order(slot.StaffIds!, Busy(appointments), slot.Start, Warsaw)[0];
            appointments.Add(Appointment(staffId, slot.Start));

            var running = Everyone.Select(id => appointments.Count(a => a.StaffId == id)).ToArray();
            Assert.True(running.Max() - running.Min() <= 1, $"After {appointments.Count} bookings: {string.Join(", ", running)}");
        }

        var counts = Everyone.Select(id => appointments.Count(a => a.StaffId == id)).ToArray();
        Assert.Equal([100, 100, 100], counts);
    }
}
