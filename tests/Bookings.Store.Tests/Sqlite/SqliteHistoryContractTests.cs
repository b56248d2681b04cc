using Bookings.Core.Store;
using Bookings.Store.Sqlite;
using Bookings.Store.Tests.Contract;

namespace Bookings.Store.Tests.Sqlite;

public sealed class SqliteHistoryContractTests : HistoryContractTests
{
    private readonly TempDirectory _directory = new();

    protected override async Task<IBookingStore> CreateStoreAsync()
    {
        var store = new SqliteBookingStore(_directory.Path, Time);
        await store.MigrateAsync();
        return store;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
