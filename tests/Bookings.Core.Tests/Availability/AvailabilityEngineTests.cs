using Bookings.Core.Availability;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using static Bookings.Core.Tests.Availability.TestCalendar;

namespace Bookings.Core.Tests.Availability;

public class AvailabilityEngineTests
{
    [Fact]
    public void BusinessHoursNineToFiveGiveSixteenHalfHourSlotsOnAWeekday()
    {
        var slots = Slots(Create(), Tuesday, staffIds: ["anna"]);

        Assert.Equal(HalfHours("09:00", "17:00"), Starts(slots));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(1)), slots[0].Start);
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(30), s.End - s.Start));
        Assert.All(slots, s => Assert.Equal(TimeSpan.Zero, s.Start.Offset));
    }

    [Fact]
    public void NoSlotsAreOfferedAtTheWeekend()
    {
        Assert.Empty(Slots(Create(), Saturday, Sunday));
    }

    [Fact]
    public void AWeekHasSixteenSlotsOnEachOfItsFiveWorkingDays()
    {
        var slots = Slots(Create(), Monday, Sunday, staffIds: ["anna"]);

        Assert.Equal(5 * 16, slots.Count);
    }

    [Fact]
    public void EverySlotEndsInsideWorkingHours()
    {
        var doc = Create(d => d.Services[0].DefaultDuration = TimeSpan.FromMinutes(45));

        var slots = Slots(doc, Tuesday);

        Assert.Equal("16:00", Starts(slots)[^1]);
        Assert.All(slots, s => Assert.True(s.End <= At(Tuesday, 17)));
    }

    [Fact]
    public void TheWindowIsHalfOpenAndCutsTheDay()
    {
        var slots = SlotsBetween(Create(), At(Tuesday, 10), At(Tuesday, 12), staffIds: ["anna"]);

        Assert.Equal(["10:00", "10:30", "11:00", "11:30"], Starts(slots));
    }

    [Fact]
    public void AnAppointmentRemovesItsStaffMembersOverlappingSlotsButNotOtherStaffs()
    {
        var doc = Create();
        Appointment[] appointments = [Appointment("anna", At(Tuesday, 10, 15))];

        var anna = Slots(doc, Tuesday, staffIds: ["anna"], appointments: appointments);
        var piotr = Slots(doc, Tuesday, staffIds: ["piotr"], appointments: appointments);

        Assert.DoesNotContain("10:00", Starts(anna));
        Assert.DoesNotContain("10:30", Starts(anna));
        Assert.Contains("09:30", Starts(anna));
        Assert.Contains("11:00", Starts(anna));
        Assert.Equal(14, anna.Count);
        Assert.Equal(16, piotr.Count);
    }

    [Fact]
    public void ACancelledAppointmentBlocksNothing()
    {
        var slots = Slots(Create(), Tuesday, staffIds: ["anna"],
            appointments: [Appointment("anna", At(Tuesday, 10), status: AppointmentStatus.Cancelled)]);

        Assert.Equal(16, slots.Count);
    }

    [Fact]
    public void ASlotWhoseBuffersWouldOverlapAnAppointmentIsNotOffered()
    {
        var doc = Create(d =>
        {
            d.Services[0].PreBuffer = TimeSpan.FromMinutes(15);
            d.Services[0].PostBuffer = TimeSpan.FromMinutes(15);
        });

        var slots = Slots(doc, Tuesday, staffIds: ["anna"], appointments: [Appointment("anna", At(Tuesday, 11))]);

        // 10:30 would run its post-buffer to 11:15, 11:30 its pre-buffer back to 11:15.
        Assert.DoesNotContain("10:30", Starts(slots));
        Assert.DoesNotContain("11:00", Starts(slots));
        Assert.DoesNotContain("11:30", Starts(slots));
        Assert.Contains("10:00", Starts(slots));
        Assert.Contains("12:00", Starts(slots));
    }

    [Fact]
    public void AnExistingAppointmentsOwnBuffersBlockTimeToo()
    {
        var slots = Slots(Create(), Tuesday, staffIds: ["anna"],
            appointments: [Appointment("anna", At(Tuesday, 11), preBuffer: TimeSpan.FromMinutes(30), postBuffer: TimeSpan.FromMinutes(30))]);

        Assert.DoesNotContain("10:30", Starts(slots));
        Assert.DoesNotContain("11:30", Starts(slots));
        Assert.Contains("10:00", Starts(slots));
        Assert.Contains("12:00", Starts(slots));
    }

    [Fact]
    public void BuffersMayFallOutsideWorkingHours()
    {
        var doc = Create(d =>
        {
            d.Services[0].PreBuffer = TimeSpan.FromMinutes(30);
            d.Services[0].PostBuffer = TimeSpan.FromMinutes(30);
        });

        var slots = Slots(doc, Tuesday, staffIds: ["anna"]);

        Assert.Equal(HalfHours("09:00", "17:00"), Starts(slots));
    }

    [Fact]
    public void TheMinimumLeadTimeClipsTheStartOfTheWindowToTheNextGridTime()
    {
        var doc = Create(d => d.SchedulingPolicy.MinimumLeadTime = TimeSpan.FromHours(1));

        var slots = Slots(doc, Tuesday, staffIds: ["anna"], now: At(Tuesday, 9, 10));

        Assert.Equal(HalfHours("10:30", "17:00"), Starts(slots));
    }

    [Fact]
    public void TheMaximumAdvanceClipsTheEndOfTheWindowAndIncludesItsLastInstant()
    {
        var doc = Create(d => d.SchedulingPolicy.MaximumAdvance = TimeSpan.FromHours(27));

        var slots = Slots(doc, Tuesday, Wednesday, staffIds: ["anna"], now: At(Tuesday, 9));

        Assert.Equal([.. HalfHours("09:00", "17:00"), .. HalfHours("09:00", "12:30")], Starts(slots));
        Assert.Equal(At(Wednesday, 12), slots[^1].Start);
    }

    [Fact]
    public void AServicesOwnPolicyWinsOverTheCalendars()
    {
        var doc = Create(d => d.Services[0].SchedulingPolicy = new BookingSchedulingPolicy
        {
            TimeSlotInterval = TimeSpan.FromHours(1),
            MinimumLeadTime = TimeSpan.Zero,
            MaximumAdvance = TimeSpan.FromDays(365),
        });

        var slots = Slots(doc, Tuesday, staffIds: ["anna"]);

        Assert.Equal(["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"], Starts(slots));
    }

    [Fact]
    public void AnIndividualServiceOffersOneSeatEvenWhenSeveralStaffAreFree()
    {
        var slots = Slots(Create(), Tuesday, includeStaffIds: true);

        Assert.All(slots, s => Assert.Equal(1, s.SeatsLeft));
        Assert.All(slots, s => Assert.Equal(["anna", "maria", "piotr"], s.StaffIds!));
    }

    [Fact]
    public void AGroupServiceOffersAllItsSeats()
    {
        var slots = Slots(Create(), Tuesday, serviceId: "workshop", staffIds: ["anna"]);

        Assert.Equal(HalfHours("09:00", "16:30"), Starts(slots));
        Assert.All(slots, s => Assert.Equal(5, s.SeatsLeft));
    }

    [Fact]
    public void AGroupAppointmentWithThreeAttendeesLeavesTwoSeatsAtItsStart()
    {
        var appointments = new[] { Appointment("anna", At(Tuesday, 10), minutes: 60, serviceId: "workshop", seats: 5, attendees: 3) };

        var slots = Slots(Create(), Tuesday, serviceId: "workshop", staffIds: ["anna"], appointments: appointments);

        Assert.Equal(2, slots.Single(s => s.Start == At(Tuesday, 10)).SeatsLeft);
        // The running workshop still blocks every other start that would overlap it.
        Assert.DoesNotContain("09:30", Starts(slots));
        Assert.DoesNotContain("10:30", Starts(slots));
        Assert.Contains("11:00", Starts(slots));
    }

    [Fact]
    public void AFullGroupAppointmentIsNotOffered()
    {
        var appointments = new[] { Appointment("anna", At(Tuesday, 10), minutes: 60, serviceId: "workshop", seats: 5, attendees: 5) };

        var slots = Slots(Create(), Tuesday, serviceId: "workshop", staffIds: ["anna"], appointments: appointments);

        Assert.DoesNotContain("10:00", Starts(slots));
        Assert.Contains("11:00", Starts(slots));
    }

    [Fact]
    public void AnotherServicesAppointmentIsNotJoinedByAGroupService()
    {
        var appointments = new[] { Appointment("anna", At(Tuesday, 10), minutes: 60, serviceId: "other", seats: 5, attendees: 1) };

        var slots = Slots(Create(), Tuesday, serviceId: "workshop", staffIds: ["anna"], appointments: appointments);

        Assert.DoesNotContain("10:00", Starts(slots));
    }

    [Fact]
    public void AnyoneOffersTheUnionOfStaffWithDifferentHours()
    {
        var doc = Create(d => d.StaffMembers[1] = Staff("piotr", s =>
        {
            s.UseBusinessHours = false;
            s.WorkingHours = Hours("12:00", "20:00", Weekdays);
        }));

        var slots = Slots(doc, Tuesday, staffIds: ["anna", "piotr"], includeStaffIds: true);

        Assert.Equal(HalfHours("09:00", "20:00"), Starts(slots));
        Assert.Equal(["anna"], slots.Single(s => s.Start == At(Tuesday, 9)).StaffIds!);
        Assert.Equal(["anna", "piotr"], slots.Single(s => s.Start == At(Tuesday, 13)).StaffIds!);
        Assert.Equal(["piotr"], slots.Single(s => s.Start == At(Tuesday, 18)).StaffIds!);
    }

    [Fact]
    public void StaffIdsListExactlyTheFreeStaff()
    {
        var appointments = new[] { Appointment("anna", At(Tuesday, 10)), Appointment("maria", At(Tuesday, 10)), Appointment("piotr", At(Tuesday, 11)) };

        var slots = Slots(Create(), Tuesday, appointments: appointments, includeStaffIds: true);

        Assert.Equal(["piotr"], slots.Single(s => s.Start == At(Tuesday, 10)).StaffIds!);
        Assert.Equal(["anna", "maria"], slots.Single(s => s.Start == At(Tuesday, 11)).StaffIds!);
        Assert.Equal(["anna", "maria", "piotr"], slots.Single(s => s.Start == At(Tuesday, 12)).StaffIds!);
    }

    [Fact]
    public void StaffIdsAreLeftOutUnlessAskedFor()
    {
        var slots = Slots(Create(), Tuesday);

        Assert.All(slots, s => Assert.Null(s.StaffIds));
    }

    [Fact]
    public void ASlotNoStaffMemberIsFreeForIsNotOffered()
    {
        var appointments = new[] { Appointment("anna", At(Tuesday, 10)), Appointment("maria", At(Tuesday, 10)), Appointment("piotr", At(Tuesday, 10)) };

        var slots = Slots(Create(), Tuesday, appointments: appointments);

        Assert.DoesNotContain("10:00", Starts(slots));
        Assert.Equal(15, slots.Count);
    }

    [Fact]
    public void PendingAndViewerStaffAreNotOffered()
    {
        var doc = Create(d =>
        {
            d.StaffMembers[1].MembershipStatus = MembershipStatus.PendingAcceptance;
            d.StaffMembers[2].Role = StaffRole.Viewer;
        });

        var slots = Slots(doc, Tuesday, includeStaffIds: true);

        Assert.Equal("anna", Assert.Single(AvailabilityEngine.EligibleStaff(doc, doc.Services[0])).Id);
        Assert.All(slots, s => Assert.Equal(["anna"], s.StaffIds!));
    }

    [Fact]
    public void EligibleStaffAreTheServicesStaffOrEveryoneWhenItNamesNone()
    {
        var doc = Create(d => d.Services[1].StaffMemberIds = ["maria", "anna"]);

        Assert.Equal(["anna", "piotr", "maria"], AvailabilityEngine.EligibleStaff(doc, doc.Services[0]).Select(s => s.Id));
        Assert.Equal(["anna", "maria"], AvailabilityEngine.EligibleStaff(doc, doc.Services[1]).Select(s => s.Id));
        Assert.Equal(["maria"], AvailabilityEngine.EligibleStaff(doc, doc.Services[1], "maria").Select(s => s.Id));
        Assert.Empty(AvailabilityEngine.EligibleStaff(doc, doc.Services[1], "piotr"));
    }

    [Fact]
    public void StaffWithTheirOwnHoursInNewYorkGiveSlotsFromThreeToElevenPmWarsawTimeInWinter()
    {
        var doc = Create(d => d.StaffMembers.Add(John()));

        var slots = Slots(doc, Tuesday, staffIds: ["john"]);

        Assert.Equal(HalfHours("15:00", "23:00"), Starts(slots));
        Assert.Equal(HalfHours("09:00", "17:00"), Starts(slots, NewYork));
    }

    [Fact]
    public void StaffWhoUseBusinessHoursKeepTheBusinessZoneWhateverTheirOwnZone()
    {
        var doc = Create(d => d.StaffMembers[0].TimeZone = "America/New_York");

        var slots = Slots(doc, Tuesday, staffIds: ["anna"]);

        Assert.Equal(HalfHours("09:00", "17:00"), Starts(slots));
    }

    [Fact]
    public void ReachingTheDailyCapRemovesThatDaysSlotsOfThatStaffMember()
    {
        var doc = Create(d => d.StaffMembers[0].MaxBookingsPerDay = 2);
        var appointments = new[] { Appointment("anna", At(Tuesday, 9)), Appointment("anna", At(Tuesday, 16)) };

        Assert.Empty(Slots(doc, Tuesday, staffIds: ["anna"], appointments: appointments));
        Assert.Equal(16, Slots(doc, Wednesday, staffIds: ["anna"], appointments: appointments).Count);
        Assert.Equal(16, Slots(doc, Tuesday, staffIds: ["piotr"], appointments: appointments).Count);
        Assert.Equal(15, Slots(doc, Tuesday, staffIds: ["anna"], appointments: appointments[..1]).Count);
    }

    [Fact]
    public void ReachingTheWeeklyCapRemovesTheRestOfThatIsoWeek()
    {
        var doc = Create(d => d.StaffMembers[0].MaxBookingsPerWeek = 2);
        var appointments = new[] { Appointment("anna", At(Monday, 9)), Appointment("anna", At(Monday, 10)) };

        Assert.Empty(Slots(doc, Monday, Sunday, staffIds: ["anna"], appointments: appointments));
        Assert.Equal(16, Slots(doc, Sunday.AddDays(1), staffIds: ["anna"], appointments: appointments).Count);
    }

    [Fact]
    public void CapsCountDaysInTheStaffMembersOwnZone()
    {
        // Anna's day is New York's, which runs from 06:00 to 06:00 Warsaw time in winter.
        var doc = AnnaInNewYorkWithOneBookingADay();
        var appointments = new[] { Appointment("anna", At(Tuesday, 3)) }; // Monday 21:00 in New York

        var slots = Slots(doc, Tuesday, staffIds: ["anna"], appointments: appointments);

        Assert.Equal(HalfHours("06:00", "24:00"), Starts(slots));
    }

    [Fact]
    public void CalendarWideBusyTimeBlocksEveryStaffMember()
    {
        var busy = new[] { new BusyInterval(null, At(Tuesday, 12), At(Tuesday, 13)) };

        var slots = Slots(Create(), Tuesday, busy: busy, includeStaffIds: true);

        Assert.DoesNotContain("12:00", Starts(slots));
        Assert.DoesNotContain("12:30", Starts(slots));
        Assert.Equal(14, slots.Count);
    }

    [Fact]
    public void AStaffMembersBusyTimeBlocksOnlyThem()
    {
        var busy = new[] { new BusyInterval("anna", At(Tuesday, 12), At(Tuesday, 13)) };

        var slots = Slots(Create(), Tuesday, busy: busy, includeStaffIds: true);

        Assert.Equal(["maria", "piotr"], slots.Single(s => s.Start == At(Tuesday, 12)).StaffIds!);
        Assert.Equal(["anna", "maria", "piotr"], slots.Single(s => s.Start == At(Tuesday, 13)).StaffIds!);
    }

    [Fact]
    public void AnInvertedBusyIntervalDoesNotHideRealBusyTime()
    {
        var busy = new[]
        {
            new BusyInterval("anna", At(Tuesday, 10), At(Tuesday, 11)),
            new BusyInterval("anna", At(Tuesday, 12), At(Tuesday, 9, 30)),
            new BusyInterval("anna", At(Tuesday, 14), At(Tuesday, 15)),
        };

        var slots = Slots(Create(), Tuesday, staffIds: ["anna"], busy: busy);

        Assert.Equal([.. HalfHours("09:00", "10:00"), .. HalfHours("11:00", "14:00"), .. HalfHours("15:00", "17:00")], Starts(slots));
    }

    [Fact]
    public void BuffersMayNotOverlapBusyTime()
    {
        var doc = Create(d => d.Services[0].PostBuffer = TimeSpan.FromMinutes(10));
        var busy = new[] { new BusyInterval("anna", At(Tuesday, 12), At(Tuesday, 13)) };

        var slots = Slots(doc, Tuesday, staffIds: ["anna"], busy: busy);

        Assert.DoesNotContain("11:30", Starts(slots));
        Assert.Contains("11:00", Starts(slots));
    }

    [Fact]
    public void TheSameStartsComeBackWhateverZoneTheWindowWasWrittenIn()
    {
        var doc = Create();

        var inWarsaw = SlotsBetween(doc, new(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1)), new(2026, 12, 2, 0, 0, 0, TimeSpan.FromHours(1)));
        var inNewYork = SlotsBetween(doc, new(2026, 11, 30, 18, 0, 0, TimeSpan.FromHours(-5)), new(2026, 12, 1, 18, 0, 0, TimeSpan.FromHours(-5)));

        Assert.Equal(inWarsaw, inNewYork);
        Assert.Equal(HalfHours("03:00", "11:00"), Starts(inWarsaw, NewYork));
    }

    [Fact]
    public void WorkingHoursWithTwoBlocksLeaveTheGapFree()
    {
        var doc = Create(d => d.BusinessHours[1].TimeSlots =
        [
            new BookingWorkTimeSlot { StartTime = TimeSpan.FromHours(9), EndTime = TimeSpan.FromHours(12) },
            new BookingWorkTimeSlot { StartTime = TimeSpan.FromHours(13), EndTime = TimeSpan.FromHours(15) },
        ]);

        var slots = Slots(doc, Tuesday, staffIds: ["anna"]);

        Assert.Equal([.. HalfHours("09:00", "12:00"), .. HalfHours("13:00", "15:00")], Starts(slots));
    }

    [Fact]
    public void TheGridIsAlignedToTheStartOfEachBlock()
    {
        var doc = Create(d =>
        {
            d.SchedulingPolicy.TimeSlotInterval = TimeSpan.FromMinutes(45);
            d.BusinessHours[1].TimeSlots = [new BookingWorkTimeSlot { StartTime = new TimeSpan(9, 15, 0), EndTime = TimeSpan.FromHours(12) }];
        });

        var slots = Slots(doc, Tuesday, staffIds: ["anna"]);

        Assert.Equal(["09:15", "10:00", "10:45", "11:30"], Starts(slots));
    }
}
