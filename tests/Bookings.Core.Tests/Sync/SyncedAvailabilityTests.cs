using Bookings.Core.Availability;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using Microsoft.Extensions.Time.Testing;
using static Bookings.Core.Tests.Sync.SyncTestData;

namespace Bookings.Core.Tests.Sync;

/// <summary>
/// AvailabilityService.Compute with synced staff calendars, on the demo calendar (Warsaw, Mon-Fri 09:00-17:00,
/// 30-minute grid, 2 h lead time, 90 days ahead). Now is Monday 08:00 UTC; the window is Tuesday's working day,
/// 08:00-16:00 UTC. Compute never touches the store, so none is given.
/// </summary>
public class SyncedAvailabilityTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromHours(2);
    private static readonly DateTimeOffset From = Tue(8);
    private static readonly DateTimeOffset To = Tue(16);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly CalendarDocument _doc = WithFeeds(DemoDocument());

    // The states below come from ICS feeds; a stored state applies only while the staff member still has one.
    private static CalendarDocument WithFeeds(CalendarDocument doc)
    {
        foreach (var staff in doc.StaffMembers) staff.IcsFeedUrl = $"https://calendar.example.com/{staff.Id}.ics";
        return doc;
    }

    private AvailabilityService Service(bool staleMeansUnavailable) =>
        new(null!, _time, new StaffSyncPolicy(Limit, staleMeansUnavailable));

    private List<Slot> Slots(AvailabilityService service, string? staffId, IReadOnlyList<StaffSyncState>? sync,
        IReadOnlyList<BusyAppointment>? appointments = null, string serviceId = "consult", bool includeStaffIds = false) =>
        service.Compute(_doc, _doc.FindService(serviceId)!, staffId, From, To, includeStaffIds, new AvailabilityInputs(appointments ?? [], [], sync));

    private static List<DateTimeOffset> Starts(IEnumerable<Slot> slots) => [.. slots.Select(s => s.Start)];

    [Fact]
    public void WithoutSyncEachStaffMemberHasSixteenSlotsOnTuesday()
    {
        var slots = Slots(Service(false), "anna", null);

        Assert.Equal(16, slots.Count);
        Assert.Equal(Tue(8), slots[0].Start);
        Assert.Equal(Tue(15, 30), slots[^1].Start);
    }

    [Fact]
    public void AFreshBusyBlockRemovesThatStaffMembersSlot()
    {
        var sync = new[] { Fresh("anna", Block(Tue(9), Tue(9, 30))) };

        var anna = Slots(Service(false), "anna", sync);
        var piotr = Slots(Service(false), "piotr", sync);

        Assert.DoesNotContain(Tue(9), Starts(anna));
        Assert.Contains(Tue(8, 30), Starts(anna));
        Assert.Contains(Tue(9, 30), Starts(anna));
        Assert.Equal(15, anna.Count);
        Assert.Equal(16, piotr.Count);
    }

    [Fact]
    public void ABlockOffTheGridRemovesEverySlotItTouches()
    {
        var anna = Slots(Service(false), "anna", [Fresh("anna", Block(Tue(9, 15), Tue(9, 45)))]);

        Assert.DoesNotContain(Tue(9), Starts(anna));
        Assert.DoesNotContain(Tue(9, 30), Starts(anna));
        Assert.Equal(14, anna.Count);
    }

    [Fact]
    public void ForAnyoneABusyStaffMemberIsLeftOutOfTheSlotButOthersStillOfferIt()
    {
        var slots = Slots(Service(false), null, [Fresh("anna", Block(Tue(9), Tue(9, 30)))], includeStaffIds: true);

        var nine = Assert.Single(slots, s => s.Start == Tue(9));
        Assert.Equal(["maria", "piotr"], nine.StaffIds!);
        var eight = Assert.Single(slots, s => s.Start == Tue(8));
        Assert.Equal(["anna", "maria", "piotr"], eight.StaffIds!);
    }

    [Fact]
    public void UnderTheBookablePolicyTheSlotComesBackOncePastTheStalenessLimit()
    {
        var service = Service(staleMeansUnavailable: false);
        var sync = new[] { Fresh("anna", Block(Tue(9), Tue(9, 30))) };

        _time.Advance(Limit);
        var atLimit = Slots(service, "anna", sync);
        _time.Advance(TimeSpan.FromTicks(1));
        var pastLimit = Slots(service, "anna", sync);

        Assert.DoesNotContain(Tue(9), Starts(atLimit));
        Assert.Equal(15, atLimit.Count);
        Assert.Contains(Tue(9), Starts(pastLimit));
        Assert.Equal(16, pastLimit.Count);
    }

    [Fact]
    public void UnderTheUnavailablePolicyAllThatStaffMembersSlotsVanishOncePastTheLimit()
    {
        var service = Service(staleMeansUnavailable: true);
        var sync = new[] { Fresh("anna", Block(Tue(9), Tue(9, 30))) };

        var fresh = Slots(service, "anna", sync);
        _time.Advance(Limit + TimeSpan.FromTicks(1));
        var stale = Slots(service, "anna", sync);
        var piotr = Slots(service, "piotr", sync);
        var anyone = Slots(service, null, sync, includeStaffIds: true);

        Assert.Equal(15, fresh.Count);
        Assert.Empty(stale);
        Assert.Equal(16, piotr.Count);
        Assert.Equal(16, anyone.Count);
        Assert.All(anyone, s => Assert.DoesNotContain("anna", s.StaffIds!));
    }

    [Fact]
    public void ANeverSyncedStaffMemberIsUnavailableUnderTheUnavailablePolicyAndBookableOtherwise()
    {
        var sync = new[] { Failing("anna", SyncSource.IcsFeed, SyncFailureKind.PermissionDenied, 1, lastSuccess: null) };

        Assert.Empty(Slots(Service(true), "anna", sync));
        Assert.Equal(16, Slots(Service(false), "anna", sync).Count);
    }

    [Fact]
    public void AFailingButStillFreshStateKeepsBlockingWithItsLastGoodBlocks()
    {
        var sync = new[]
        {
            new StaffSyncState("anna", SyncSource.IcsFeed, Now, Now.AddMinutes(-90), 3, new SyncFailure(SyncFailureKind.Unknown, "5xx"), [Block(Tue(9), Tue(9, 30))]),
        };

        var slots = Slots(Service(true), "anna", sync);

        Assert.DoesNotContain(Tue(9), Starts(slots));
        Assert.Equal(15, slots.Count);
    }

    [Fact]
    public void AnEmptySyncListChangesNothing()
    {
        Assert.Equal(16, Slots(Service(true), "anna", []).Count);
    }

    [Fact]
    public void AGroupAppointmentInTheStaffMembersOwnCalendarDoesNotHideItsFreeSeats()
    {
        // Anna's Outlook calendar holds the workshop she already runs at 10:00 UTC; a personal event at 13:00 UTC.
        IReadOnlyList<BusyAppointment> appointments = [Appointment("anna", Tue(10), Tue(11), serviceId: "workshop", seats: 5, seatsTaken: 1)];
        var sync = new[] { Fresh("anna", Block(Tue(10), Tue(11)), Block(Tue(13), Tue(14))) };

        var slots = Slots(Service(false), "anna", sync, appointments, serviceId: "workshop");

        var ten = Assert.Single(slots, s => s.Start == Tue(10));
        Assert.Equal(4, ten.SeatsLeft);
        Assert.DoesNotContain(Tue(9, 30), Starts(slots));
        Assert.DoesNotContain(Tue(10, 30), Starts(slots));
        Assert.DoesNotContain(Tue(12, 30), Starts(slots));
        Assert.DoesNotContain(Tue(13), Starts(slots));
        Assert.DoesNotContain(Tue(13, 30), Starts(slots));
        Assert.Contains(Tue(12), Starts(slots));
        Assert.Contains(Tue(14), Starts(slots));
    }

    [Fact]
    public void AnotherStaffMembersAppointmentDoesNotOpenAHoleInTheBlock()
    {
        // Piotr's appointment at 09:00 must not make Anna's personal 09:00-10:00 block free for her.
        IReadOnlyList<BusyAppointment> appointments = [Appointment("piotr", Tue(9), Tue(9, 30))];
        var sync = new[] { Fresh("anna", Block(Tue(9), Tue(10))) };

        var anna = Slots(Service(false), "anna", sync, appointments);

        Assert.DoesNotContain(Tue(9), Starts(anna));
        Assert.DoesNotContain(Tue(9, 30), Starts(anna));
        Assert.Equal(14, anna.Count);
    }

    [Fact]
    public void AStoredStateNoLongerBackedByTheCalendarBlocksNobody()
    {
        var sync = new[] { Fresh("anna", Block(Tue(9), Tue(9, 30))) };
        _doc.FindStaff("anna")!.IcsFeedUrl = null; // the feed was removed; the next pass will drop the state

        Assert.Contains(Tue(9), Starts(Slots(Service(false), "anna", sync)));
        Assert.Contains(Tue(9), Starts(Slots(Service(true), "anna", [Failing("anna", SyncSource.IcsFeed, SyncFailureKind.Unknown, 5, lastSuccess: null)])));
    }
}
