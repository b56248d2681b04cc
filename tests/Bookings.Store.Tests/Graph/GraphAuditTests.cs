using Bookings.Core.Admin;
using Bookings.GraphEmulation;
using Bookings.Store.Tests.Contract;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// What only the Microsoft 365 store has beside the audit log contract (Contract/AuditContractTests.cs): the request count of an
/// append and of a listing.
/// </summary>
public sealed class GraphAuditTests : GraphOnlyTests
{
    [Theory, MemberData(nameof(GraphStores))]
    public async Task AnAppendIsOneRequestAndAListingOneQueryPerMailbox(string store)
    {
        Open(store);
        var contoso = await Store.CreateMailboxAsync(TestData.Calendar("contoso"));
        var fabrikam = await Store.CreateMailboxAsync(TestData.Calendar("fabrikam"));
        var at = TestData.Now;
        Graph.ResetCounters();

        await Store.AppendAuditAsync(AuditEntry.Create(at, contoso.Id, "anna@contoso.example", "service.update", "consult", ""));
        var append = Assert.Single(Graph.RequestLog); // the hidden folder is known: one POST
        Assert.Equal(("POST", GraphEmulator.Kinds.Messages), (append.Method, append.Kind));

        Graph.ResetCounters();
        Assert.Single(await Store.ListAuditAsync(contoso.Id, at, at.AddDays(1), 10));
        var listing = Assert.Single(Graph.RequestLog); // one $filter on the entry's month (AuditMonth eq '2026-03')
        Assert.Equal(("GET", GraphEmulator.Kinds.Messages), (listing.Method, listing.Kind));
        Assert.Contains("AuditMonth' and ep/value eq '2026-03'", Uri.UnescapeDataString(listing.PathAndQuery), StringComparison.Ordinal);

        Graph.ResetCounters();
        await Store.AppendAuditAsync(AuditEntry.Create(at, fabrikam.Id, "anna@contoso.example", "staff.update", "anna", ""));
        Assert.Equal(2, (await Store.ListAuditAsync(null, at, at.AddDays(1), 10)).Count);
        Assert.Equal(1 + 1 + 2, Graph.TotalRequests); // the POST, the directory, one query per mailbox
        Assert.Equal(1, Graph.RequestsFor(EmulatedTenant.DirectoryMailbox));
    }

    [Theory, MemberData(nameof(GraphStores))]
    public async Task AListingAsksForEachMonthOfItsRange(string store)
    {
        Open(store);
        var contoso = await Store.CreateMailboxAsync(TestData.Calendar("contoso"));
        var february = AuditEntry.Create(new DateTimeOffset(2026, 2, 27, 12, 0, 0, TimeSpan.Zero), contoso.Id, "anna@contoso.example", "service.update", "consult", "");
        var march = AuditEntry.Create(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), contoso.Id, "anna@contoso.example", "service.create", "consult", "");
        await Store.AppendAuditAsync(february);
        await Store.AppendAuditAsync(march);
        Graph.ResetCounters();

        var listed = await Store.ListAuditAsync(contoso.Id, new DateTimeOffset(2026, 2, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero), 10);

        Assert.Equal([march.Id, february.Id], listed.Select(e => e.Id));
        Assert.Equal(2, Graph.RequestsOf("GET", GraphEmulator.Kinds.Messages)); // February, then March
        Assert.Equal(2, Graph.TotalRequests);
    }
}
