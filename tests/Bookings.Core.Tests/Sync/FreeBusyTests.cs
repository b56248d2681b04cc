using Bookings.Core.Sync;
using static Bookings.Core.Tests.Sync.SyncTestData;

namespace Bookings.Core.Tests.Sync;

public class FreeBusyTests
{
    [Fact]
    public void OkCarriesTheBlocksAndNoFailure()
    {
        IReadOnlyList<BusyBlock> blocks = [Block(Tue(9), Tue(10)), Block(Tue(12), Tue(13))];

        var result = FreeBusyResult.Ok(blocks);

        Assert.True(result.Succeeded);
        Assert.Null(result.Failure);
        Assert.Same(blocks, result.Busy);
    }

    [Fact]
    public void OkWithNoBlocksStillSucceeds()
    {
        var result = FreeBusyResult.Ok([]);

        Assert.True(result.Succeeded);
        Assert.NotNull(result.Busy);
        Assert.Empty(result.Busy);
    }

    [Theory]
    [InlineData(SyncFailureKind.PermissionDenied, "HTTP 403")]
    [InlineData(SyncFailureKind.NotFound, "HTTP 404")]
    [InlineData(SyncFailureKind.Unknown, "timeout")]
    public void FailedCarriesTheKindAndDetailAndNoBlocks(SyncFailureKind kind, string detail)
    {
        var result = FreeBusyResult.Failed(kind, detail);

        Assert.False(result.Succeeded);
        Assert.Null(result.Busy);
        Assert.Equal(new SyncFailure(kind, detail), result.Failure);
        Assert.Equal(kind, result.Failure!.Kind);
        Assert.Equal(detail, result.Failure.Detail);
    }

    [Fact]
    public void AResultWithAFailureHasNotSucceededEvenWithBlocks()
    {
        var result = new FreeBusyResult([Block(Tue(9), Tue(10))], new SyncFailure(SyncFailureKind.Unknown, "partial"));

        Assert.False(result.Succeeded);
    }

    [Fact]
    public void BusyBlocksAndFailuresCompareByValue()
    {
        Assert.Equal(Block(Tue(9), Tue(10)), new BusyBlock(Tue(9), Tue(10)));
        Assert.NotEqual(Block(Tue(9), Tue(10)), Block(Tue(9), Tue(11)));
        // The same instant written in another offset is the same block (DateTimeOffset equality is by instant).
        Assert.Equal(Block(Tue(9), Tue(10)), Block(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.FromHours(1))));
        Assert.Equal(new SyncFailure(SyncFailureKind.NotFound, "x"), new SyncFailure(SyncFailureKind.NotFound, "x"));
        Assert.NotEqual(new SyncFailure(SyncFailureKind.NotFound, "x"), new SyncFailure(SyncFailureKind.PermissionDenied, "x"));
    }

    // The three cases of the Microsoft Bookings FAQ, and an address our own safety rules refuse (an ICS feed's), which is
    // neither transient nor unidentified.
    [Fact]
    public void TheFailureKindsAreTheFaqsThreeCasesAndARefusedAddress()
    {
        Assert.Equal(
            [SyncFailureKind.PermissionDenied, SyncFailureKind.NotFound, SyncFailureKind.Unknown, SyncFailureKind.NotAllowed],
            Enum.GetValues<SyncFailureKind>());
    }
}
