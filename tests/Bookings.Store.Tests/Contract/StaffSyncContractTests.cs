using Bookings.Core.Store;
using Bookings.Core.Sync;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// The staff calendar sync states (<see cref="IStaffSyncStore"/>): replaced as a whole per calendar, read back, and read by availability.
/// </summary>
public sealed class StaffSyncContractTests : StoreContract
{
    private IStaffSyncStore StaffSync => Port<IStaffSyncStore>();

    private IAppointmentStore Appointments => Port<IAppointmentStore>();

    private static StaffSyncState Synced(string staffId, params (int From, int To)[] hours) =>
        new(staffId, SyncSource.IcsFeed, Now, Now, 0, null, [.. hours.Select(h => new BusyBlock(Tuesday(h.From), Tuesday(h.To)))]);

    private static void AssertSameStates(IEnumerable<StaffSyncState> expected, IEnumerable<StaffSyncState> actual) =>
        Assert.Equal(expected.OrderBy(s => s.StaffId).Select(s => (s.StaffId, s.Source, s.LastAttemptAt, s.LastSuccessAt, s.ConsecutiveFailures, s.Failure, string.Join(";", s.Busy))),
            actual.OrderBy(s => s.StaffId).Select(s => (s.StaffId, s.Source, s.LastAttemptAt, s.LastSuccessAt, s.ConsecutiveFailures, s.Failure, string.Join(";", s.Busy))));

    [Theory, MemberData(nameof(Stores))]
    public async Task StaffSyncStatesAreReplacedAsAWholeAndReadBack(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        Assert.Empty(await StaffSync.ListStaffSyncAsync(mailbox.Id));
        var anna = Synced("anna", (9, 10), (13, 14));
        var piotr = new StaffSyncState("piotr", SyncSource.Graph, Now, null, 3, new SyncFailure(SyncFailureKind.PermissionDenied, "403"), []);

        await StaffSync.ReplaceStaffSyncAsync(mailbox.Id, [anna, piotr]);
        AssertSameStates([anna, piotr], await StaffSync.ListStaffSyncAsync(mailbox.Id));

        var later = Synced("anna", (15, 16));
        await StaffSync.ReplaceStaffSyncAsync(mailbox.Id, [later]);
        AssertSameStates([later], await StaffSync.ListStaffSyncAsync(mailbox.Id));
        AssertSameStates([later], (await Appointments.ReadBusyAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1))).StaffSync);

        var other = await CreateMailboxAsync("other");
        Assert.Empty(await StaffSync.ListStaffSyncAsync(other.Id));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => StaffSync.ReplaceStaffSyncAsync("nobody@bookings.local", [anna]));
    }
}
