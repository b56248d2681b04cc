using Bookings.Core.Store;
using Bookings.GraphEmulation;
using Bookings.Store.Tests.Contract;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// The whole store contract against the Microsoft 365 store on the Graph emulator, once per reading of what Graph leaves undocumented
/// (docs/graph-conformance.md): Strict (the documented behaviour, If-Match honoured), Hostile (the change key moving by itself, spurious
/// 412s, transactionId replays making duplicates, meeting mail on every PATCH, few filter clauses) and Refusing (If-Match refused,
/// transactionId replays refused). The store relies on none of these, so the contract holds in each.
/// </summary>
public abstract class GraphStoreContractTests(GraphEmulatorOptions profile) : StoreContractTests
{
    private EmulatedTenant? _tenant;

    protected override Task<IBookingStore> CreateStoreAsync()
    {
        _tenant = new EmulatedTenant(profile, Time);
        return Task.FromResult<IBookingStore>(_tenant.NewStore());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _tenant?.Dispose();
    }
}

public sealed class GraphStoreContractStrictTests() : GraphStoreContractTests(GraphEmulatorOptions.Strict);

public sealed class GraphStoreContractHostileTests() : GraphStoreContractTests(GraphEmulatorOptions.Hostile);

public sealed class GraphStoreContractRefusingTests() : GraphStoreContractTests(GraphEmulatorOptions.Refusing);
