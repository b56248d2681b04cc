using Bookings.Core.Availability;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using static Bookings.Core.Tests.Sync.SyncTestData;

namespace Bookings.Core.Tests.Sync;

public class StaffSyncPolicyTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromHours(2);
    private static readonly StaffSyncPolicy Bookable = new(Limit, StaleMeansUnavailable: false);
    private static readonly StaffSyncPolicy Unavailable = new(Limit, StaleMeansUnavailable: true);

    // The availability window: Tuesday 08:00-16:00 UTC.
    private static readonly DateTimeOffset From = Tue(8);
    private static readonly DateTimeOffset To = Tue(16);

    private static List<BusyInterval> Intervals(StaffSyncPolicy policy, IEnumerable<StaffSyncState> states,
        IReadOnlyList<BusyAppointment>? appointments = null, DateTimeOffset? now = null) =>
        [.. policy.BusyIntervals(states, appointments ?? [], now ?? Now, From, To)];

    // ---- defaults and freshness ----

    [Fact]
    public void TheDefaultPolicyIsTwoHoursAndBookableWhenStale()
    {
        Assert.Equal(TimeSpan.FromHours(2), StaffSyncPolicy.Default.StalenessLimit);
        Assert.False(StaffSyncPolicy.Default.StaleMeansUnavailable);
    }

    [Fact]
    public void AStateIsFreshAtTheMomentOfItsSuccess()
    {
        Assert.True(Bookable.IsFresh(SucceededAt("anna", Now), Now));
    }

    [Fact]
    public void AStateIsStillFreshExactlyAtTheLimit()
    {
        Assert.True(Bookable.IsFresh(SucceededAt("anna", Now), Now + Limit));
    }

    [Fact]
    public void AStateIsStaleOneTickPastTheLimit()
    {
        Assert.False(Bookable.IsFresh(SucceededAt("anna", Now), Now + Limit + TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void FreshnessCountsFromTheLastSuccessNotTheLastAttempt()
    {
        // Failing for three hours after a success: the last attempt was a moment ago, but the blocks are old.
        var state = Failing("anna", SyncSource.Graph, SyncFailureKind.Unknown, 12, lastSuccess: Now - TimeSpan.FromHours(3), lastAttempt: Now);

        Assert.False(Bookable.IsFresh(state, Now));
        Assert.True(Bookable.IsFresh(state, Now - TimeSpan.FromHours(1)));
    }

    [Fact]
    public void ANeverSyncedStateIsNeverFresh()
    {
        var state = Failing("anna", SyncSource.Graph, SyncFailureKind.Unknown, 1, lastSuccess: null, lastAttempt: Now);

        Assert.False(Bookable.IsFresh(state, Now));
        Assert.False(new StaffSyncPolicy(TimeSpan.MaxValue, false).IsFresh(state, Now));
    }

    [Fact]
    public void TheLimitIsThePolicysOwn()
    {
        var state = SucceededAt("anna", Now);
        var shortPolicy = new StaffSyncPolicy(TimeSpan.FromMinutes(5), false);

        Assert.True(shortPolicy.IsFresh(state, Now.AddMinutes(5)));
        Assert.False(shortPolicy.IsFresh(state, Now.AddMinutes(5).AddTicks(1)));
        Assert.True(Bookable.IsFresh(state, Now.AddMinutes(6)));
    }

    // ---- fresh blocks ----

    [Fact]
    public void FreshBlocksBecomeBusyIntervalsOfTheirStaffMember()
    {
        var intervals = Intervals(Bookable, [Fresh("anna", Block(Tue(9), Tue(10)), Block(Tue(12), Tue(12, 30)))]);

        Assert.Equal([new BusyInterval("anna", Tue(9), Tue(10)), new BusyInterval("anna", Tue(12), Tue(12, 30))], intervals);
    }

    [Fact]
    public void BlocksOutsideTheWindowAreDroppedAndTheWindowIsHalfOpen()
    {
        var intervals = Intervals(Bookable, [Fresh("anna",
            Block(Tue(6), Tue(7)),       // wholly before
            Block(Tue(7), Tue(8)),       // ends exactly at From: does not overlap [From, To)
            Block(Tue(16), Tue(17)),     // starts exactly at To: outside
            Block(Tue(18), Tue(19)))]);  // wholly after

        Assert.Empty(intervals);
    }

    [Fact]
    public void BlocksOverlappingTheWindowEdgesAreKeptWholeNotClipped()
    {
        var intervals = Intervals(Bookable, [Fresh("anna",
            Block(Tue(7), Tue(8, 1)),
            Block(Tue(15, 59), Tue(18)),
            Block(Tue(5), Tue(20)))]);

        Assert.Equal(
        [
            new BusyInterval("anna", Tue(7), Tue(8, 1)),
            new BusyInterval("anna", Tue(15, 59), Tue(18)),
            new BusyInterval("anna", Tue(5), Tue(20)),
        ], intervals);
    }

    [Fact]
    public void EachStaffMembersBlocksAreTheirs()
    {
        var intervals = Intervals(Bookable, [Fresh("anna", Block(Tue(9), Tue(10))), Fresh("piotr", Block(Tue(11), Tue(12)))]);

        Assert.Equal([new BusyInterval("anna", Tue(9), Tue(10)), new BusyInterval("piotr", Tue(11), Tue(12))], intervals);
    }

    [Fact]
    public void AFreshStateWithoutBlocksAddsNothing()
    {
        Assert.Empty(Intervals(Unavailable, [Fresh("anna")]));
    }

    // ---- own appointments ----

    [Fact]
    public void AnOwnAppointmentInsideABlockSplitsItAroundTheAppointment()
    {
        var intervals = Intervals(Bookable, [Fresh("anna", Block(Tue(9), Tue(12)))],
            [Appointment("anna", Tue(10), Tue(10, 30))]);

        Assert.Equal([new BusyInterval("anna", Tue(9), Tue(10)), new BusyInterval("anna", Tue(10, 30), Tue(12))], intervals);
    }

    [Fact]
    public void AnotherStaffMembersAppointmentDoesNotSplitTheBlock()
    {
        var intervals = Intervals(Bookable, [Fresh("anna", Block(Tue(9), Tue(12)))],
            [Appointment("piotr", Tue(10), Tue(10, 30))]);

        Assert.Equal([new BusyInterval("anna", Tue(9), Tue(12))], intervals);
    }

    [Fact]
    public void AnOwnAppointmentCoveringTheWholeBlockRemovesIt()
    {
        Assert.Empty(Intervals(Bookable, [Fresh("anna", Block(Tue(10), Tue(11)))], [Appointment("anna", Tue(9, 30), Tue(11, 30))]));
        Assert.Empty(Intervals(Bookable, [Fresh("anna", Block(Tue(10), Tue(11)))], [Appointment("anna", Tue(10), Tue(11))]));
    }

    [Fact]
    public void AnOwnAppointmentOverlappingOneEndTrimsThatEnd()
    {
        var startCovered = Intervals(Bookable, [Fresh("anna", Block(Tue(10), Tue(12)))], [Appointment("anna", Tue(9), Tue(10, 30))]);
        var endCovered = Intervals(Bookable, [Fresh("anna", Block(Tue(10), Tue(12)))], [Appointment("anna", Tue(11, 30), Tue(13))]);

        Assert.Equal([new BusyInterval("anna", Tue(10, 30), Tue(12))], startCovered);
        Assert.Equal([new BusyInterval("anna", Tue(10), Tue(11, 30))], endCovered);
    }

    [Fact]
    public void AnAppointmentTouchingTheBlockDoesNotCutIt()
    {
        var intervals = Intervals(Bookable, [Fresh("anna", Block(Tue(10), Tue(11)))],
            [Appointment("anna", Tue(9), Tue(10)), Appointment("anna", Tue(11), Tue(12))]);

        Assert.Equal([new BusyInterval("anna", Tue(10), Tue(11))], intervals);
    }

    [Fact]
    public void SeveralUnsortedAndOverlappingOwnAppointmentsLeaveTheGapsInOrder()
    {
        var intervals = Intervals(Bookable, [Fresh("anna", Block(Tue(9), Tue(13)))],
        [
            Appointment("anna", Tue(11, 30), Tue(12)),
            Appointment("anna", Tue(10), Tue(11)),
            Appointment("anna", Tue(10, 30), Tue(10, 45)), // inside the previous one
            Appointment("piotr", Tue(9), Tue(13)),
        ]);

        Assert.Equal(
        [
            new BusyInterval("anna", Tue(9), Tue(10)),
            new BusyInterval("anna", Tue(11), Tue(11, 30)),
            new BusyInterval("anna", Tue(12), Tue(13)),
        ], intervals);
    }

    [Fact]
    public void OneAppointmentSplitsEveryBlockItOverlaps()
    {
        var intervals = Intervals(Bookable, [Fresh("anna", Block(Tue(9), Tue(10, 30)), Block(Tue(10), Tue(12)))],
            [Appointment("anna", Tue(10), Tue(11))]);

        Assert.Equal([new BusyInterval("anna", Tue(9), Tue(10)), new BusyInterval("anna", Tue(11), Tue(12))], intervals);
    }

    [Fact]
    public void OnlyTheAppointmentsTimesAreSubtractedNotItsBuffers()
    {
        // The staff member's own calendar holds the appointment from Start to End; its buffers are the engine's business.
        var intervals = Intervals(Bookable, [Fresh("anna", Block(Tue(9), Tue(12)))],
            [Appointment("anna", Tue(10), Tue(10, 30), pre: TimeSpan.FromMinutes(15), post: TimeSpan.FromMinutes(15))]);

        Assert.Equal([new BusyInterval("anna", Tue(9), Tue(10)), new BusyInterval("anna", Tue(10, 30), Tue(12))], intervals);
    }

    [Fact]
    public void OwnAppointmentsAreSubtractedEvenFromBlocksReachingOutsideTheWindow()
    {
        var intervals = Intervals(Bookable, [Fresh("anna", Block(Tue(7), Tue(9)))], [Appointment("anna", Tue(7, 30), Tue(8))]);

        Assert.Equal([new BusyInterval("anna", Tue(7), Tue(7, 30)), new BusyInterval("anna", Tue(8), Tue(9))], intervals);
    }

    // ---- stale states ----

    [Fact]
    public void AStaleStateUnderTheUnavailablePolicyBlocksTheWholeWindowOnce()
    {
        var stale = SucceededAt("anna", Now - Limit - TimeSpan.FromTicks(1), SyncSource.IcsFeed, Block(Tue(9), Tue(10)), Block(Tue(12), Tue(13)));

        var intervals = Intervals(Unavailable, [stale]);

        Assert.Equal([new BusyInterval("anna", From, To)], intervals);
    }

    [Fact]
    public void AStaleStateUnderTheBookablePolicyAddsNothing()
    {
        var stale = SucceededAt("anna", Now - Limit - TimeSpan.FromTicks(1), SyncSource.IcsFeed, Block(Tue(9), Tue(10)));

        Assert.Empty(Intervals(Bookable, [stale]));
    }

    [Fact]
    public void AStateExactlyAtTheLimitStillContributesItsBlocks()
    {
        var atLimit = SucceededAt("anna", Now - Limit, SyncSource.IcsFeed, Block(Tue(9), Tue(10)));

        Assert.Equal([new BusyInterval("anna", Tue(9), Tue(10))], Intervals(Unavailable, [atLimit]));
    }

    [Fact]
    public void ANeverSyncedStateCountsAsStale()
    {
        var never = Failing("anna", SyncSource.Graph, SyncFailureKind.PermissionDenied, 1, lastSuccess: null, lastAttempt: Now);

        Assert.Equal([new BusyInterval("anna", From, To)], Intervals(Unavailable, [never]));
        Assert.Empty(Intervals(Bookable, [never]));
    }

    [Fact]
    public void AFailingStateStillFreshUsesItsLastGoodBlocks()
    {
        var failing = new StaffSyncState("anna", SyncSource.Graph, Now, Now.AddMinutes(-30), 2,
            new SyncFailure(SyncFailureKind.Unknown, "x"), [Block(Tue(9), Tue(10))]);

        Assert.Equal([new BusyInterval("anna", Tue(9), Tue(10))], Intervals(Unavailable, [failing]));
    }

    [Fact]
    public void FreshAndStaleStaffAreTreatedEachByTheirOwnState()
    {
        var states = new[]
        {
            Fresh("anna", Block(Tue(9), Tue(10))),
            SucceededAt("piotr", Now.AddHours(-3), SyncSource.IcsFeed, Block(Tue(11), Tue(12))),
            Failing("maria", SyncSource.Graph, SyncFailureKind.NotFound, 4, lastSuccess: null),
        };

        var unavailable = Intervals(Unavailable, states);
        var bookable = Intervals(Bookable, states);

        Assert.Equal(
        [
            new BusyInterval("anna", Tue(9), Tue(10)),
            new BusyInterval("piotr", From, To),
            new BusyInterval("maria", From, To),
        ], unavailable);
        Assert.Equal([new BusyInterval("anna", Tue(9), Tue(10))], bookable);
    }

    [Fact]
    public void StalenessIsJudgedAtTheNowPassedIn()
    {
        var state = Fresh("anna", Block(Tue(9), Tue(10)));

        Assert.Equal([new BusyInterval("anna", Tue(9), Tue(10))], Intervals(Unavailable, [state], now: Now + Limit));
        Assert.Equal([new BusyInterval("anna", From, To)], Intervals(Unavailable, [state], now: Now + Limit + TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void NullArgumentsAreRefusedWhenEnumerated()
    {
        // BusyIntervals is an iterator: its argument checks run on the first MoveNext, not at the call.
        Assert.Throws<ArgumentNullException>(() => Bookable.BusyIntervals(null!, [], Now, From, To).ToList());
        Assert.Throws<ArgumentNullException>(() => Bookable.BusyIntervals([Fresh("anna")], null!, Now, From, To).ToList());
    }
}
