using Bookings.Core.Calendars;
using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// The mailbox port (<see cref="IMailboxStore"/>): create, read, update with a version, delete.
/// </summary>
public sealed class MailboxContractTests : StoreContract
{
    [Theory, MemberData(nameof(Stores))]
    public async Task CreatedMailboxIsFoundByIdBySlugAndInTheList(string store)
    {
        await OpenAsync(store);
        var created = await CreateMailboxAsync();

        Assert.Equal("contoso@bookings.local", created.Id);
        Assert.Equal("contoso", created.Slug);
        Assert.Equal("Contoso Consulting", created.DisplayName);
        Assert.Equal(Mailbox.SchedulingMailbox, created.RecipientType);
        Assert.Equal(created.Id, created.Document.Id);
        Assert.False(string.IsNullOrEmpty(created.Version));
        Assert.Equal(Now, created.CreatedAt);

        var byId = await Mailboxes.GetMailboxAsync(created.Id);
        var bySlug = await Mailboxes.GetMailboxBySlugAsync("contoso");
        Assert.NotNull(byId);
        Assert.NotNull(bySlug);
        Assert.Equal(created.Version, byId.Version);
        Assert.Equal(created.Id, bySlug.Id);
        Assert.Equal(CalendarJson.Serialize(created.Document), CalendarJson.Serialize(byId.Document));
        Assert.Equal([created.Id], (await Mailboxes.ListMailboxesAsync()).Select(m => m.Id));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task MissingMailboxesAreNull(string store)
    {
        await OpenAsync(store);
        Assert.Null(await Mailboxes.GetMailboxAsync("nobody@bookings.local"));
        Assert.Null(await Mailboxes.GetMailboxBySlugAsync("nobody"));
        Assert.Empty(await Mailboxes.ListMailboxesAsync());
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task CreatingLeavesTheCallersDocumentAlone(string store)
    {
        await OpenAsync(store);
        var doc = Calendar("fabrikam");

        var created = await Mailboxes.CreateMailboxAsync(doc);

        Assert.Equal("fabrikam@bookings.local", created.Id);
        Assert.Null(doc.Id);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task UpdatingWithTheCurrentVersionReplacesTheDocumentUnderANewVersion(string store)
    {
        await OpenAsync(store);
        var created = await CreateMailboxAsync();
        Time.Advance(TimeSpan.FromMinutes(5));
        var doc = created.Document;
        doc.DisplayName = "Contoso Advisors";

        var updated = await Mailboxes.UpdateMailboxAsync(created.Id, doc, created.Version);

        Assert.NotEqual(created.Version, updated.Version);
        Assert.Equal("Contoso Advisors", updated.DisplayName);
        Assert.Equal(Now, updated.CreatedAt);
        Assert.Equal(Now.AddMinutes(5), updated.UpdatedAt);
        var read = await Mailboxes.GetMailboxAsync(created.Id);
        Assert.Equal(updated.Version, read!.Version);
        Assert.Equal("Contoso Advisors", read.Document.DisplayName);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task UpdatingWithAStaleVersionIsAConflict(string store)
    {
        await OpenAsync(store);
        var created = await CreateMailboxAsync();
        await Mailboxes.UpdateMailboxAsync(created.Id, created.Document, created.Version);

        await Assert.ThrowsAsync<StoreConflictException>(() => Mailboxes.UpdateMailboxAsync(created.Id, created.Document, created.Version));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task ChangingTheSlugMovesTheLookupAndATakenSlugIsAConflict(string store)
    {
        await OpenAsync(store);
        var contoso = await CreateMailboxAsync();
        await CreateMailboxAsync("fabrikam");
        var doc = contoso.Document;

        doc.Slug = "fabrikam";
        await Assert.ThrowsAsync<StoreConflictException>(() => Mailboxes.UpdateMailboxAsync(contoso.Id, doc, contoso.Version));

        doc.Slug = "contoso-advisors";
        await Mailboxes.UpdateMailboxAsync(contoso.Id, doc, contoso.Version);
        Assert.Null(await Mailboxes.GetMailboxBySlugAsync("contoso"));
        Assert.Equal(contoso.Id, (await Mailboxes.GetMailboxBySlugAsync("contoso-advisors"))?.Id);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task DeletedMailboxIsGoneAndASecondDeleteSaysSo(string store)
    {
        await OpenAsync(store);
        var created = await CreateMailboxAsync();

        Assert.True(await Mailboxes.DeleteMailboxAsync(created.Id));

        Assert.Null(await Mailboxes.GetMailboxAsync(created.Id));
        Assert.Null(await Mailboxes.GetMailboxBySlugAsync("contoso"));
        Assert.False(await Mailboxes.DeleteMailboxAsync(created.Id));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task ATakenSlugOrAddressIsAConflict(string store)
    {
        await OpenAsync(store);
        await CreateMailboxAsync();
        var sameAddress = Calendar("contoso-two");
        sameAddress.Id = "contoso@bookings.local";

        await Assert.ThrowsAsync<StoreConflictException>(() => CreateMailboxAsync());
        await Assert.ThrowsAsync<StoreConflictException>(() => Mailboxes.CreateMailboxAsync(sameAddress));
        Assert.Single(await Mailboxes.ListMailboxesAsync());
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task AnInvalidDocumentIsRefusedAndNothingIsStored(string store)
    {
        await OpenAsync(store);
        var doc = Calendar("Not A Slug");

        var refused = await Assert.ThrowsAsync<CalendarValidationException>(() => Mailboxes.CreateMailboxAsync(doc));

        Assert.Contains(refused.Problems, p => p.Path == "slug");
        Assert.Empty(await Mailboxes.ListMailboxesAsync());
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task ReturnedDocumentsAreCopiesTheCallerMayChange(string store)
    {
        await OpenAsync(store);
        var created = await CreateMailboxAsync();
        created.Document.DisplayName = "Changed in memory";
        (await Mailboxes.GetMailboxAsync(created.Id))!.Document.Services.Clear();

        var read = await Mailboxes.GetMailboxAsync(created.Id);

        Assert.Equal("Contoso Consulting", read!.Document.DisplayName);
        Assert.Equal(2, read.Document.Services.Count);
    }
}
