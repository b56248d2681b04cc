using Bookings.Core.Admin;
using Bookings.Core.Store;
using Microsoft.Extensions.Time.Testing;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// The audit log part of the store contract: entries are appended for good and listed per mailbox or all together, within a
/// time range [from, to), newest first, at most max, their text kept verbatim. Each store runs it through a subclass.
/// </summary>
public abstract class AuditContractTests : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(Now);
    protected IBookingStore Store { get; private set; } = null!;

    /// <summary>A new, empty store for one test, reading the clock from <see cref="Time"/>.</summary>
    protected abstract Task<IBookingStore> CreateStoreAsync();

    /// <summary>Whether the store has local accounts, whose changes are kept without a mailbox (the embedded store).</summary>
    protected abstract bool KeepsEntriesWithoutMailbox { get; }

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static AuditEntry Entry(string? mailboxId, int minutes, string action = "service.update", string details = "name: \"A\" → \"B\"") =>
        AuditEntry.Create(Start.AddMinutes(minutes), mailboxId, "anna@contoso.example", action, "consult", details);

    private static DateTimeOffset Far => Start.AddYears(1);

    [Fact]
    public async Task AnAppendedEntryIsListedAsWritten()
    {
        var mailbox = await Store.CreateMailboxAsync(Calendar("contoso"));
        var entry = Entry(mailbox.Id, 5);

        await Store.AppendAuditAsync(entry);

        var listed = Assert.Single(await Store.ListAuditAsync(mailbox.Id, Start, Far, 100));
        Assert.Equal(entry, listed);
        Assert.Equal(entry, Assert.Single(await Store.ListAuditAsync(null, Start, Far, 100)));
    }

    [Fact]
    public async Task DetailsAreKeptVerbatim()
    {
        var mailbox = await Store.CreateMailboxAsync(Calendar("contoso"));
        const string details = "services[consult].name: \"Porada\" → \"Porada podatkowa\"\nstaff[anna].displayName: \"Anna\" → \"Anna Żółć 😀\"\r\n\t=cmd|' /C calc'!A0\n<script>alert('x')</script> \"quoted\" 'single' \\ back";
        var entry = AuditEntry.Create(Start, mailbox.Id, "łucja@contoso.example", "staff.update", "anna\tżółw", details);

        await Store.AppendAuditAsync(entry);

        var listed = Assert.Single(await Store.ListAuditAsync(mailbox.Id, Start, Far, 10));
        Assert.Equal(details, listed.Details);
        Assert.Equal("anna\tżółw", listed.Target);
        Assert.Equal("łucja@contoso.example", listed.Actor);
        Assert.Equal(entry, listed);
    }

    [Fact]
    public async Task EntriesAreListedPerMailboxAndAllTogether()
    {
        var contoso = await Store.CreateMailboxAsync(Calendar("contoso"));
        var fabrikam = await Store.CreateMailboxAsync(Calendar("fabrikam"));
        var a = Entry(contoso.Id, 1, "service.update");
        var b = Entry(fabrikam.Id, 2, "staff.invite");
        var c = Entry(contoso.Id, 3, "calendar.publish");
        foreach (var e in new[] { a, b, c }) await Store.AppendAuditAsync(e);

        Assert.Equal([c.Id, a.Id], (await Store.ListAuditAsync(contoso.Id, Start, Far, 100)).Select(e => e.Id));
        Assert.Equal([b.Id], (await Store.ListAuditAsync(fabrikam.Id, Start, Far, 100)).Select(e => e.Id));
        Assert.Equal([c.Id, b.Id, a.Id], (await Store.ListAuditAsync(null, Start, Far, 100)).Select(e => e.Id));
        Assert.All(await Store.ListAuditAsync(fabrikam.Id, Start, Far, 100), e => Assert.Equal(fabrikam.Id, e.MailboxId));
        Assert.Empty(await Store.ListAuditAsync("nobody@bookings.local", Start, Far, 100));
    }

    [Fact]
    public async Task TheRangeIncludesFromAndExcludesTo()
    {
        var mailbox = await Store.CreateMailboxAsync(Calendar("contoso"));
        var before = Entry(mailbox.Id, 9);
        var atFrom = Entry(mailbox.Id, 10);
        var inside = Entry(mailbox.Id, 15);
        var atTo = Entry(mailbox.Id, 20);
        foreach (var e in new[] { before, atFrom, inside, atTo }) await Store.AppendAuditAsync(e);

        var listed = await Store.ListAuditAsync(mailbox.Id, Start.AddMinutes(10), Start.AddMinutes(20), 100);

        Assert.Equal([inside.Id, atFrom.Id], listed.Select(e => e.Id));
        Assert.Empty(await Store.ListAuditAsync(mailbox.Id, Start.AddMinutes(21), Far, 100));
        Assert.Empty(await Store.ListAuditAsync(mailbox.Id, Start.AddMinutes(15), Start.AddMinutes(15), 100));
        // Offsets other than UTC name the same instants.
        var warsaw = TimeSpan.FromHours(1);
        Assert.Equal([inside.Id, atFrom.Id],
            (await Store.ListAuditAsync(mailbox.Id, Start.AddMinutes(10).ToOffset(warsaw), Start.AddMinutes(20).ToOffset(warsaw), 100)).Select(e => e.Id));
    }

    [Fact]
    public async Task NewestFirstAtMostMax()
    {
        var mailbox = await Store.CreateMailboxAsync(Calendar("contoso"));
        // Appended out of order: the listing orders by the entry's time, not by when it was written.
        var entries = new[] { 30, 10, 50, 20, 40 }.Select(m => Entry(mailbox.Id, m, $"action.at{m}")).ToList();
        foreach (var e in entries) await Store.AppendAuditAsync(e);

        var three = await Store.ListAuditAsync(mailbox.Id, Start, Far, 3);

        Assert.Equal(["action.at50", "action.at40", "action.at30"], three.Select(e => e.Action));
        Assert.Equal(5, (await Store.ListAuditAsync(mailbox.Id, Start, Far, 100)).Count);
        Assert.Empty(await Store.ListAuditAsync(mailbox.Id, Start, Far, 0));
    }

    [Fact]
    public async Task EntriesOfTheSameInstantAreAllKept()
    {
        var mailbox = await Store.CreateMailboxAsync(Calendar("contoso"));
        var first = Entry(mailbox.Id, 5, "service.create");
        var second = Entry(mailbox.Id, 5, "service.update");
        await Store.AppendAuditAsync(first);
        await Store.AppendAuditAsync(second);

        var listed = await Store.ListAuditAsync(mailbox.Id, Start, Far, 10);

        Assert.Equal(new HashSet<string> { first.Id, second.Id }, listed.Select(e => e.Id).ToHashSet());
        Assert.Equal(2, listed.Count);
        Assert.Equal(second.Id, listed[0].Id); // the later write of the same instant first
    }

    [Fact]
    public async Task EntriesWithoutMailboxAreLocalAccountChanges()
    {
        var mailbox = await Store.CreateMailboxAsync(Calendar("contoso"));
        var local = AuditEntry.Create(Start.AddMinutes(2), null, "cli:root", "user.add", "admin@example.com", "");
        var calendar = Entry(mailbox.Id, 1);
        await Store.AppendAuditAsync(calendar);

        if (!KeepsEntriesWithoutMailbox)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAuditAsync(local));
            Assert.Equal([calendar.Id], (await Store.ListAuditAsync(null, Start, Far, 10)).Select(e => e.Id));
            return;
        }
        await Store.AppendAuditAsync(local);
        Assert.Equal([local.Id, calendar.Id], (await Store.ListAuditAsync(null, Start, Far, 10)).Select(e => e.Id));
        Assert.Null((await Store.ListAuditAsync(null, Start, Far, 10))[0].MailboxId);
        Assert.Equal([calendar.Id], (await Store.ListAuditAsync(mailbox.Id, Start, Far, 10)).Select(e => e.Id));
    }
}
