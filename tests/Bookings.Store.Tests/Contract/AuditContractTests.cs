using Bookings.Core.Admin;
using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// The audit log (<see cref="IAuditStore"/>): entries are appended for good and listed per mailbox or all together, within a time
/// range [from, to), newest first, at most max, their text kept verbatim.
/// </summary>
public sealed class AuditContractTests : StoreContract
{
    private IAuditStore Audit => Port<IAuditStore>();

    /// <summary>Whether the store has local accounts, whose changes are kept without a mailbox (the embedded store).</summary>
    private bool KeepsEntriesWithoutMailbox => UnderTest.KeepsAuditEntriesWithoutMailbox;

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static AuditEntry Entry(string? mailboxId, int minutes, string action = "service.update", string details = "name: \"A\" → \"B\"") =>
        AuditEntry.Create(Start.AddMinutes(minutes), mailboxId, "anna@contoso.example", action, "consult", details);

    private static DateTimeOffset Far => Start.AddYears(1);

    [Theory, MemberData(nameof(Stores))]
    public async Task AnAppendedEntryIsListedAsWritten(string store)
    {
        await OpenAsync(store);
        var mailbox = await Mailboxes.CreateMailboxAsync(Calendar("contoso"));
        var entry = Entry(mailbox.Id, 5);

        await Audit.AppendAuditAsync(entry);

        var listed = Assert.Single(await Audit.ListAuditAsync(mailbox.Id, Start, Far, 100));
        Assert.Equal(entry, listed);
        Assert.Equal(entry, Assert.Single(await Audit.ListAuditAsync(null, Start, Far, 100)));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task DetailsAreKeptVerbatim(string store)
    {
        await OpenAsync(store);
        var mailbox = await Mailboxes.CreateMailboxAsync(Calendar("contoso"));
        const string details = "services[consult].name: \"Porada\" → \"Porada podatkowa\"\nstaff[anna].displayName: \"Anna\" → \"Anna Żółć 😀\"\r\n\t=cmd|' /C calc'!A0\n<script>alert('x')</script> \"quoted\" 'single' \\ back";
        var entry = AuditEntry.Create(Start, mailbox.Id, "łucja@contoso.example", "staff.update", "anna\tżółw", details);

        await Audit.AppendAuditAsync(entry);

        var listed = Assert.Single(await Audit.ListAuditAsync(mailbox.Id, Start, Far, 10));
        Assert.Equal(details, listed.Details);
        Assert.Equal("anna\tżółw", listed.Target);
        Assert.Equal("łucja@contoso.example", listed.Actor);
        Assert.Equal(entry, listed);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task EntriesAreListedPerMailboxAndAllTogether(string store)
    {
        await OpenAsync(store);
        var contoso = await Mailboxes.CreateMailboxAsync(Calendar("contoso"));
        var fabrikam = await Mailboxes.CreateMailboxAsync(Calendar("fabrikam"));
        var a = Entry(contoso.Id, 1, "service.update");
        var b = Entry(fabrikam.Id, 2, "staff.invite");
        var c = Entry(contoso.Id, 3, "calendar.publish");
        foreach (var e in new[] { a, b, c }) await Audit.AppendAuditAsync(e);

        Assert.Equal([c.Id, a.Id], (await Audit.ListAuditAsync(contoso.Id, Start, Far, 100)).Select(e => e.Id));
        Assert.Equal([b.Id], (await Audit.ListAuditAsync(fabrikam.Id, Start, Far, 100)).Select(e => e.Id));
        Assert.Equal([c.Id, b.Id, a.Id], (await Audit.ListAuditAsync(null, Start, Far, 100)).Select(e => e.Id));
        Assert.All(await Audit.ListAuditAsync(fabrikam.Id, Start, Far, 100), e => Assert.Equal(fabrikam.Id, e.MailboxId));
        Assert.Empty(await Audit.ListAuditAsync("nobody@bookings.local", Start, Far, 100));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task TheRangeIncludesFromAndExcludesTo(string store)
    {
        await OpenAsync(store);
        var mailbox = await Mailboxes.CreateMailboxAsync(Calendar("contoso"));
        var before = Entry(mailbox.Id, 9);
        var atFrom = Entry(mailbox.Id, 10);
        var inside = Entry(mailbox.Id, 15);
        var atTo = Entry(mailbox.Id, 20);
        foreach (var e in new[] { before, atFrom, inside, atTo }) await Audit.AppendAuditAsync(e);

        var listed = await Audit.ListAuditAsync(mailbox.Id, Start.AddMinutes(10), Start.AddMinutes(20), 100);

        Assert.Equal([inside.Id, atFrom.Id], listed.Select(e => e.Id));
        Assert.Empty(await Audit.ListAuditAsync(mailbox.Id, Start.AddMinutes(21), Far, 100));
        Assert.Empty(await Audit.ListAuditAsync(mailbox.Id, Start.AddMinutes(15), Start.AddMinutes(15), 100));
        // Offsets other than UTC name the same instants.
        var warsaw = TimeSpan.FromHours(1);
        Assert.Equal([inside.Id, atFrom.Id],
            (await Audit.ListAuditAsync(mailbox.Id, Start.AddMinutes(10).ToOffset(warsaw), Start.AddMinutes(20).ToOffset(warsaw), 100)).Select(e => e.Id));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task NewestFirstAtMostMax(string store)
    {
        await OpenAsync(store);
        var mailbox = await Mailboxes.CreateMailboxAsync(Calendar("contoso"));
        // Appended out of order: the listing orders by the entry's time, not by when it was written.
        var entries = new[] { 30, 10, 50, 20, 40 }.Select(m => Entry(mailbox.Id, m, $"action.at{m}")).ToList();
        foreach (var e in entries) await Audit.AppendAuditAsync(e);

        var three = await Audit.ListAuditAsync(mailbox.Id, Start, Far, 3);

        Assert.Equal(["action.at50", "action.at40", "action.at30"], three.Select(e => e.Action));
        Assert.Equal(5, (await Audit.ListAuditAsync(mailbox.Id, Start, Far, 100)).Count);
        Assert.Empty(await Audit.ListAuditAsync(mailbox.Id, Start, Far, 0));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task EntriesOfTheSameInstantAreAllKept(string store)
    {
        await OpenAsync(store);
        var mailbox = await Mailboxes.CreateMailboxAsync(Calendar("contoso"));
        var first = Entry(mailbox.Id, 5, "service.create");
        var second = Entry(mailbox.Id, 5, "service.update");
        await Audit.AppendAuditAsync(first);
        await Audit.AppendAuditAsync(second);

        var listed = await Audit.ListAuditAsync(mailbox.Id, Start, Far, 10);

        Assert.Equal(new HashSet<string> { first.Id, second.Id }, listed.Select(e => e.Id).ToHashSet());
        Assert.Equal(2, listed.Count);
        Assert.Equal(second.Id, listed[0].Id); // the later write of the same instant first
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task EntriesWithoutMailboxAreLocalAccountChanges(string store)
    {
        await OpenAsync(store);
        var mailbox = await Mailboxes.CreateMailboxAsync(Calendar("contoso"));
        var local = AuditEntry.Create(Start.AddMinutes(2), null, "cli:root", "user.add", "admin@example.com", "");
        var calendar = Entry(mailbox.Id, 1);
        await Audit.AppendAuditAsync(calendar);

        if (!KeepsEntriesWithoutMailbox)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Audit.AppendAuditAsync(local));
            Assert.Equal([calendar.Id], (await Audit.ListAuditAsync(null, Start, Far, 10)).Select(e => e.Id));
            return;
        }
        await Audit.AppendAuditAsync(local);
        Assert.Equal([local.Id, calendar.Id], (await Audit.ListAuditAsync(null, Start, Far, 10)).Select(e => e.Id));
        Assert.Null((await Audit.ListAuditAsync(null, Start, Far, 10))[0].MailboxId);
        Assert.Equal([calendar.Id], (await Audit.ListAuditAsync(mailbox.Id, Start, Far, 10)).Select(e => e.Id));
    }
}
