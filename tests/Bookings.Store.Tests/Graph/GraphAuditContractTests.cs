using Bookings.Core.Admin;
using Bookings.Core.Store;
using Bookings.Store.Graph;
using Bookings.Store.Tests.Contract;

namespace Bookings.Store.Tests.Graph;

/// <summary>The audit log contract against the Microsoft 365 store on a fake Graph (no local accounts there).</summary>
[Collection(WireMockServers.Name)]
public sealed class GraphAuditContractTests : AuditContractTests
{
    private FakeGraph? _graph;
    private HttpClient? _http;

    protected override bool KeepsEntriesWithoutMailbox => false;

    protected override Task<IBookingStore> CreateStoreAsync()
    {
        _graph = new FakeGraph(Time);
        _http = _graph.CreateClient();
        return Task.FromResult<IBookingStore>(new GraphBookingStore(_http, Time, new GraphStoreOptions()));
    }

    [Fact]
    public async Task AnAppendIsOneRequestAndAListingOneQueryPerMailbox()
    {
        var contoso = await Store.CreateMailboxAsync(TestData.Calendar("contoso"));
        var fabrikam = await Store.CreateMailboxAsync(TestData.Calendar("fabrikam"));
        var at = TestData.Now;
        _graph!.ResetCounters();

        await Store.AppendAuditAsync(AuditEntry.Create(at, contoso.Id, "anna@contoso.example", "service.update", "consult", ""));
        Assert.Equal(1, _graph.TotalRequests); // the hidden folder is known: one POST

        _graph.ResetCounters();
        Assert.Single(await Store.ListAuditAsync(contoso.Id, at, at.AddDays(1), 10));
        Assert.Equal(1, _graph.TotalRequests); // one $filter on Kind and the time range

        _graph.ResetCounters();
        await Store.AppendAuditAsync(AuditEntry.Create(at, fabrikam.Id, "anna@contoso.example", "staff.update", "anna", ""));
        Assert.Equal(2, (await Store.ListAuditAsync(null, at, at.AddDays(1), 10)).Count);
        Assert.Equal(1 + 1 + 2, _graph.TotalRequests); // the POST, the registry, one query per mailbox
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _http?.Dispose();
        _graph?.Dispose();
    }
}
