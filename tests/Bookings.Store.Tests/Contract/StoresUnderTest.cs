using Bookings.Store.Tests.Graph;
using Bookings.Store.Tests.Sqlite;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// Every store the contract suites run on, listed once. Each contract test is a theory over <see cref="Names"/> (through
/// <see cref="StoreContract.Stores"/>), rather than each store subclassing each suite: a store is one line here and runs every
/// suite, a new suite runs on every store without a file per store, and the test name still says which store it ran on:
/// <c>BookingContractTests.BackToBackBookingsAreFine(store: "Graph Hostile")</c>. (Subclasses would list each store once per suite:
/// twelve suites, four stores, 48 classes.)
/// </summary>
public static class StoresUnderTest
{
    private static readonly StoreUnderTest[] All =
    [
        new SqliteStoreUnderTest(),
        // The Microsoft 365 store on the Graph emulator, once per reading of what Graph leaves undocumented (docs/graph-conformance.md):
        // Strict (the documented behaviour, If-Match honoured), Hostile (the change key moving by itself, spurious 412s, transactionId
        // replays making duplicates, meeting mail on every PATCH, few filter clauses) and Refusing (If-Match refused, transactionId
        // replays refused). The store relies on none of these, so the contract holds in each.
        new GraphStoreUnderTest("Strict"),
        new GraphStoreUnderTest("Hostile"),
        new GraphStoreUnderTest("Refusing"),
    ];

    /// <summary>The names of every store, the data of every contract test (names, so that each store is a test case of its own).</summary>
    public static TheoryData<string> Names => [.. All.Select(s => s.Name)];

    /// <summary>The names of the stores of one kind, for the tests of what only that store has.</summary>
    public static TheoryData<string> NamesOf<TStore>() where TStore : StoreUnderTest => [.. All.OfType<TStore>().Select(s => s.Name)];

    public static StoreUnderTest Named(string name) =>
        All.SingleOrDefault(s => s.Name == name) ?? throw new ArgumentException($"No store under test is named {name}.", nameof(name));
}
