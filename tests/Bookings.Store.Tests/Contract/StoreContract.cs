using Bookings.Core.Store;
using Microsoft.Extensions.Time.Testing;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// The base of the contract suites, the single definition of what a store must do: one suite per port (mailboxes; appointments in
/// several by topic: booking, idempotency, customers, cancellation, rescheduling, history; time off; staff sync; outbox; SMS
/// opt-outs; audit). Each test is a theory over every store of <see cref="StoresUnderTest"/>: it opens a new, empty store on
/// <see cref="Time"/> and takes the port it tests from it, typed as that port. A suite names another port only to set up what it
/// tests (a calendar to book in) or to read what its port wrote beside (the outbox messages a booking writes in its unit of work).
/// </summary>
public abstract class StoreContract : IDisposable
{
    private CreatedStore? _created;

    /// <summary>The stores every contract test runs on.</summary>
    public static TheoryData<string> Stores => StoresUnderTest.Names;

    protected FakeTimeProvider Time { get; } = new(Now);

    /// <summary>The store this test runs on (after <see cref="OpenAsync"/>).</summary>
    protected StoreUnderTest UnderTest { get; private set; } = null!;

    /// <summary>The calendars: every record of the other ports belongs to one.</summary>
    protected IMailboxStore Mailboxes => Port<IMailboxStore>();

    /// <summary>A new, empty store of this name for the test, reading the clock from <see cref="Time"/>; removed after the test.</summary>
    protected async Task OpenAsync(string store)
    {
        UnderTest = StoresUnderTest.Named(store);
        _created = await UnderTest.CreateAsync(Time);
    }

    /// <summary>One port of the store under test.</summary>
    protected TPort Port<TPort>() where TPort : class =>
        _created?.Store as TPort ?? throw new InvalidOperationException("Open the store under test first (OpenAsync).");

    protected Task<Mailbox> CreateMailboxAsync(string slug = "contoso") => Mailboxes.CreateMailboxAsync(Calendar(slug));

    public void Dispose()
    {
        _created?.Dispose();
        GC.SuppressFinalize(this);
    }
}
