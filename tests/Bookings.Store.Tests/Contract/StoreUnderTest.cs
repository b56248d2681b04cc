using Bookings.Core.Store;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// A store the contract suites run on: how to make a new, empty one on the test's clock, and what it may answer differently within
/// the contract. Each is listed once, in <see cref="StoresUnderTest"/>.
/// </summary>
public abstract class StoreUnderTest(string name)
{
    /// <summary>The store's name in the test names, e.g. <c>Graph Hostile</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Whether the store has local accounts, whose changes the audit log keeps without a mailbox (the embedded store).</summary>
    public virtual bool KeepsAuditEntriesWithoutMailbox => false;

    /// <summary>A new, empty store reading the clock from <paramref name="time"/>, with what removes it after the test.</summary>
    public abstract Task<CreatedStore> CreateAsync(TimeProvider time);

    public override string ToString() => Name;
}

/// <summary>A store made for one test (the composite; the suites take their ports from it) and what removes it afterwards.</summary>
public sealed class CreatedStore(IBookingStore store, Action cleanup) : IDisposable
{
    public IBookingStore Store { get; } = store;

    public void Dispose() => cleanup();
}
