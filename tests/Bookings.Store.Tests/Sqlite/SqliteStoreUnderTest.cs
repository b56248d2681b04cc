using Bookings.Store.Sqlite;
using Bookings.Store.Tests.Contract;

namespace Bookings.Store.Tests.Sqlite;

/// <summary>The embedded store in a directory of its own, migrated, deleted with everything in it after the test.</summary>
public sealed class SqliteStoreUnderTest() : StoreUnderTest("Sqlite")
{
    public override bool KeepsAuditEntriesWithoutMailbox => true;

    public override async Task<CreatedStore> CreateAsync(TimeProvider time)
    {
        var directory = new TempDirectory();
        var store = new SqliteBookingStore(directory.Path, time);
        void Cleanup()
        {
            store.Dispose();
            directory.Dispose();
        }
        try
        {
            await store.MigrateAsync();
        }
        catch
        {
            Cleanup();
            throw;
        }
        return new CreatedStore(store, Cleanup);
    }
}
