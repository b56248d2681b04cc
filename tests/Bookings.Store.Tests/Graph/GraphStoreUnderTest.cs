using Bookings.Core.Store;
using Bookings.Store.Tests.Contract;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// The Microsoft 365 store on a tenant of its own on the Graph emulator, under one profile (Strict, Hostile or Refusing), through the
/// store's real transport (<see cref="EmulatedTenant"/>).
/// </summary>
internal sealed class GraphStoreUnderTest(string profile) : StoreUnderTest($"Graph {profile}")
{
    /// <summary>A new tenant under this store's profile, for the tests that look at the emulator too (Graph/).</summary>
    public EmulatedTenant NewTenant(TimeProvider time) => new(EmulatedTenant.Profile(profile), time);

    public override Task<CreatedStore> CreateAsync(TimeProvider time)
    {
        var tenant = NewTenant(time);
        IBookingStore store = tenant.NewStore();
        return Task.FromResult(new CreatedStore(store, () =>
        {
            (store as IDisposable)?.Dispose();
            tenant.Dispose();
        }));
    }
}
