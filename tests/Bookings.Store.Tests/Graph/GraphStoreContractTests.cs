using Bookings.Core.Store;
using Bookings.Store.Graph;
using Bookings.Store.Tests.Contract;

namespace Bookings.Store.Tests.Graph;

/// <summary>The whole store contract against the Microsoft 365 store on a fake Graph.</summary>
// WireMock servers take free ports found by probing; one collection keeps them from racing for the same port.
[Collection(WireMockServers.Name)]
public sealed class GraphStoreContractTests : StoreContractTests
{
    private FakeGraph? _graph;
    private HttpClient? _http;

    protected override Task<IBookingStore> CreateStoreAsync()
    {
        _graph = new FakeGraph(Time);
        _http = _graph.CreateClient();
        return Task.FromResult<IBookingStore>(new GraphBookingStore(_http, Time, new GraphStoreOptions()));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _http?.Dispose();
        _graph?.Dispose();
    }
}
