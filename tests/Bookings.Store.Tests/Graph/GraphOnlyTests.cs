using Bookings.GraphEmulation;
using Bookings.Store.Graph;
using Bookings.Store.Tests.Contract;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// The base of the tests of what only the Microsoft 365 store has beside a contract suite (holds, request counts): each test is a
/// theory over the Graph stores of <see cref="StoresUnderTest"/> (one per emulator profile) and looks at the emulator too.
/// </summary>
public abstract class GraphOnlyTests : IDisposable
{
    private EmulatedTenant? _tenant;

    /// <summary>The Graph stores of <see cref="StoresUnderTest"/>.</summary>
    public static TheoryData<string> GraphStores => StoresUnderTest.NamesOf<GraphStoreUnderTest>();

    protected FakeTimeProvider Time { get; } = new(TestData.Now);

    protected GraphBookingStore Store { get; private set; } = null!;

    protected GraphEmulator Graph => _tenant!.Graph;

    /// <summary>A new tenant under the named store's profile and a store on it, reading the clock from <see cref="Time"/>.</summary>
    protected void Open(string store)
    {
        _tenant = ((GraphStoreUnderTest)StoresUnderTest.Named(store)).NewTenant(Time);
        Store = _tenant.NewStore();
    }

    public void Dispose()
    {
        _tenant?.Dispose();
        GC.SuppressFinalize(this);
    }
}
