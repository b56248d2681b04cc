using Bookings.Core.Sync;
using static Bookings.Core.Tests.Sync.SyncTestData;

namespace Bookings.Core.Tests.Sync;

public class StaffSyncStateTests
{
    private static readonly DateTimeOffset Earlier = Now.AddHours(-1);
    private static readonly BusyBlock OldBlock = Block(Tue(9), Tue(10));
    private static readonly BusyBlock NewBlock = Block(Tue(13), Tue(14));

    private static StaffSyncState PreviouslyFailing(SyncSource source = SyncSource.Graph) =>
        new("anna", source, Earlier, Earlier.AddHours(-3), 3, new SyncFailure(SyncFailureKind.Unknown, "timeout"), [OldBlock]);

    [Fact]
    public void ASuccessReplacesTheBlocksSetsLastSuccessAndResetsFailures()
    {
        var state = StaffSyncState.After(PreviouslyFailing(), "anna", SyncSource.Graph, Now, FreeBusyResult.Ok([NewBlock]));

        Assert.Equal("anna", state.StaffId);
        Assert.Equal(SyncSource.Graph, state.Source);
        Assert.Equal(Now, state.LastAttemptAt);
        Assert.Equal(Now, state.LastSuccessAt);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Null(state.Failure);
        Assert.Equal([NewBlock], state.Busy);
    }

    [Fact]
    public void AnEmptySuccessClearsThePreviousBlocks()
    {
        var previous = SucceededAt("anna", Earlier, SyncSource.IcsFeed, OldBlock);

        var state = StaffSyncState.After(previous, "anna", SyncSource.IcsFeed, Now, FreeBusyResult.Ok([]));

        Assert.Empty(state.Busy);
        Assert.Equal(Now, state.LastSuccessAt);
    }

    [Fact]
    public void ASuccessWithoutABlockListReadsAsNoBlocks()
    {
        var state = StaffSyncState.After(SucceededAt("anna", Earlier, SyncSource.IcsFeed, OldBlock), "anna", SyncSource.IcsFeed, Now,
            new FreeBusyResult(null, null));

        Assert.NotNull(state.Busy);
        Assert.Empty(state.Busy);
        Assert.Null(state.Failure);
        Assert.Equal(Now, state.LastSuccessAt);
    }

    [Fact]
    public void AFailureKeepsThePreviousBlocksAndLastSuccessAndCountsOneMoreFailure()
    {
        var previous = new StaffSyncState("anna", SyncSource.IcsFeed, Earlier, Earlier, 0, null, [OldBlock, NewBlock]);

        var state = StaffSyncState.After(previous, "anna", SyncSource.IcsFeed, Now, FreeBusyResult.Failed(SyncFailureKind.PermissionDenied, "HTTP 403"));

        Assert.Equal([OldBlock, NewBlock], state.Busy);
        Assert.Equal(Earlier, state.LastSuccessAt);
        Assert.Equal(Now, state.LastAttemptAt);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(new SyncFailure(SyncFailureKind.PermissionDenied, "HTTP 403"), state.Failure);
        Assert.Equal(SyncSource.IcsFeed, state.Source);
    }

    [Fact]
    public void RepeatedFailuresKeepCountingAndTheLatestFailureIsKept()
    {
        var state = StaffSyncState.After(PreviouslyFailing(), "anna", SyncSource.Graph, Now, FreeBusyResult.Failed(SyncFailureKind.NotFound, "ErrorMailboxNotFound"));

        Assert.Equal(4, state.ConsecutiveFailures);
        Assert.Equal(SyncFailureKind.NotFound, state.Failure!.Kind);
        Assert.Equal("ErrorMailboxNotFound", state.Failure.Detail);
        Assert.Equal(Earlier.AddHours(-3), state.LastSuccessAt);
        Assert.Equal([OldBlock], state.Busy);
    }

    [Fact]
    public void ASequenceOfAttemptsCountsOnlyConsecutiveFailures()
    {
        StaffSyncState? state = null;
        var t = Now;
        state = StaffSyncState.After(state, "anna", SyncSource.IcsFeed, t, FreeBusyResult.Failed(SyncFailureKind.Unknown, "5xx"));
        state = StaffSyncState.After(state, "anna", SyncSource.IcsFeed, t = t.AddMinutes(15), FreeBusyResult.Failed(SyncFailureKind.Unknown, "5xx"));
        Assert.Equal(2, state.ConsecutiveFailures);
        Assert.Null(state.LastSuccessAt);

        state = StaffSyncState.After(state, "anna", SyncSource.IcsFeed, t = t.AddMinutes(15), FreeBusyResult.Ok([OldBlock]));
        var successAt = t;
        state = StaffSyncState.After(state, "anna", SyncSource.IcsFeed, t = t.AddMinutes(15), FreeBusyResult.Failed(SyncFailureKind.Unknown, "5xx"));

        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(successAt, state.LastSuccessAt);
        Assert.Equal(t, state.LastAttemptAt);
        Assert.Equal([OldBlock], state.Busy);
    }

    [Fact]
    public void ASourceChangeDropsThePreviousStateOnFailure()
    {
        var previous = new StaffSyncState("anna", SyncSource.IcsFeed, Earlier, Earlier, 2, new SyncFailure(SyncFailureKind.Unknown, "x"), [OldBlock]);

        var state = StaffSyncState.After(previous, "anna", SyncSource.Graph, Now, FreeBusyResult.Failed(SyncFailureKind.PermissionDenied, "403"));

        Assert.Equal(SyncSource.Graph, state.Source);
        Assert.Empty(state.Busy);
        Assert.Null(state.LastSuccessAt);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(SyncFailureKind.PermissionDenied, state.Failure!.Kind);
    }

    [Fact]
    public void ASourceChangeTheOtherWayAlsoStartsAfresh()
    {
        var previous = SucceededAt("anna", Earlier, SyncSource.Graph, OldBlock);

        var failed = StaffSyncState.After(previous, "anna", SyncSource.IcsFeed, Now, FreeBusyResult.Failed(SyncFailureKind.NotFound, "410"));
        var succeeded = StaffSyncState.After(previous, "anna", SyncSource.IcsFeed, Now, FreeBusyResult.Ok([NewBlock]));

        Assert.Empty(failed.Busy);
        Assert.Null(failed.LastSuccessAt);
        Assert.Equal(1, failed.ConsecutiveFailures);
        Assert.Equal([NewBlock], succeeded.Busy);
        Assert.Equal(SyncSource.IcsFeed, succeeded.Source);
        Assert.Equal(0, succeeded.ConsecutiveFailures);
    }

    [Fact]
    public void AFirstFailureWithoutPreviousStateHasNoBlocksNoSuccessAndOneFailure()
    {
        var state = StaffSyncState.After(null, "piotr", SyncSource.Graph, Now, FreeBusyResult.Failed(SyncFailureKind.Unknown, "throttled"));

        Assert.Equal("piotr", state.StaffId);
        Assert.Equal(SyncSource.Graph, state.Source);
        Assert.Empty(state.Busy);
        Assert.Null(state.LastSuccessAt);
        Assert.Equal(Now, state.LastAttemptAt);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(new SyncFailure(SyncFailureKind.Unknown, "throttled"), state.Failure);
    }

    [Fact]
    public void AFirstSuccessWithoutPreviousStateIsSynced()
    {
        var state = StaffSyncState.After(null, "maria", SyncSource.IcsFeed, Now, FreeBusyResult.Ok([NewBlock]));

        Assert.Equal("maria", state.StaffId);
        Assert.Equal(Now, state.LastSuccessAt);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Null(state.Failure);
        Assert.Equal([NewBlock], state.Busy);
    }

    [Fact]
    public void ANullResultIsRefused()
    {
        Assert.Throws<ArgumentNullException>(() => StaffSyncState.After(null, "anna", SyncSource.Graph, Now, null!));
    }
}
