using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Microsoft.Extensions.Time.Testing;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// The mailbox part of the store contract: create, read, update with a version, delete. Split from
/// <see cref="StoreContractTests"/> so a store can run it before its appointments land.
/// </summary>
public abstract class MailboxContractTests : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(Now);
    protected IBookingStore Store { get; private set; } = null!;

    /// <summary>A new, empty store for one test, reading the clock from <see cref="Time"/>.</summary>
    protected abstract Task<IBookingStore> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    protected Task<Mailbox> CreateMailboxAsync(string slug = "contoso") => Store.CreateMailboxAsync(Calendar(slug));

    // Mailboxes

    [Fact]
    public async Task CreatedMailboxIsFoundByIdBySlugAndInTheList()
    {
        var created = await CreateMailboxAsync();

        Assert.Equal("contoso@bookings.local", created.Id);
        Assert.Equal("contoso", created.Slug);
        Assert.Equal("Contoso Consulting", created.DisplayName);
        Assert.Equal(Mailbox.SchedulingMailbox, created.RecipientType);
        Assert.Equal(created.Id, created.Document.Id);
        Assert.False(string.IsNullOrEmpty(created.Version));
        Assert.Equal(Now, created.CreatedAt);

        var byId = await Store.GetMailboxAsync(created.Id);
        var bySlug = await Store.GetMailboxBySlugAsync("contoso");
        Assert.NotNull(byId);
        Assert.NotNull(bySlug);
        Assert.Equal(created.Version, byId.Version);
        Assert.Equal(created.Id, bySlug.Id);
        Assert.Equal(CalendarJson.Serialize(created.Document), CalendarJson.Serialize(byId.Document));
        Assert.Equal([created.Id], (await Store.ListMailboxesAsync()).Select(m => m.Id));
    }

    [Fact]
    public async Task MissingMailboxesAreNull()
    {
        Assert.Null(await Store.GetMailboxAsync("nobody@bookings.local"));
        Assert.Null(await Store.GetMailboxBySlugAsync("nobody"));
        Assert.Empty(await Store.ListMailboxesAsync());
    }

    [Fact]
    public async Task CreatingLeavesTheCallersDocumentAlone()
    {
        var doc = Calendar("fabrikam");

        var created = await Store.CreateMailboxAsync(doc);

        Assert.Equal("fabrikam@bookings.local", created.Id);
        Assert.Null(doc.Id);
    }

    [Fact]
    public async Task UpdatingWithTheCurrentVersionReplacesTheDocumentUnderANewVersion()
    {
        var created = await CreateMailboxAsync();
        Time.Advance(TimeSpan.FromMinutes(5));
        var doc = created.Document;
        doc.DisplayName = "Contoso Advisors";

        var updated = await Store.UpdateMailboxAsync(created.Id, doc, created.Version);

        Assert.NotEqual(created.Version, updated.Version);
        Assert.Equal("Contoso Advisors", updated.DisplayName);
        Assert.Equal(Now, updated.CreatedAt);
        Assert.Equal(Now.AddMinutes(5), updated.UpdatedAt);
        var read = await Store.GetMailboxAsync(created.Id);
        Assert.Equal(updated.Version, read!.Version);
        Assert.Equal("Contoso Advisors", read.Document.DisplayName);
    }

    [Fact]
    public async Task UpdatingWithAStaleVersionIsAConflict()
    {
        var created = await CreateMailboxAsync();
        await Store.UpdateMailboxAsync(created.Id, created.Document, created.Version);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.UpdateMailboxAsync(created.Id, created.Document, created.Version));
    }

    [Fact]
    public async Task ChangingTheSlugMovesTheLookupAndATakenSlugIsAConflict()
    {
        var contoso = await CreateMailboxAsync();
        await CreateMailboxAsync("fabrikam");
        var doc = contoso.Document;

        doc.Slug = "fabrikam";
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.UpdateMailboxAsync(contoso.Id, doc, contoso.Version));

        doc.Slug = "contoso-advisors";
        await Store.UpdateMailboxAsync(contoso.Id, doc, contoso.Version);
        Assert.Null(await Store.GetMailboxBySlugAsync("contoso"));
        Assert.Equal(contoso.Id, (await Store.GetMailboxBySlugAsync("contoso-advisors"))?.Id);
    }

    [Fact]
    public async Task DeletedMailboxIsGoneAndASecondDeleteSaysSo()
    {
        var created = await CreateMailboxAsync();

        Assert.True(await Store.DeleteMailboxAsync(created.Id));

        Assert.Null(await Store.GetMailboxAsync(created.Id));
        Assert.Null(await Store.GetMailboxBySlugAsync("contoso"));
        Assert.False(await Store.DeleteMailboxAsync(created.Id));
    }

    [Fact]
    public async Task ATakenSlugOrAddressIsAConflict()
    {
        await CreateMailboxAsync();
        var sameAddress = Calendar("contoso-two");
        sameAddress.Id = "contoso@bookings.local";

        await Assert.ThrowsAsync<StoreConflictException>(() => CreateMailboxAsync());
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateMailboxAsync(sameAddress));
        Assert.Single(await Store.ListMailboxesAsync());
    }

    [Fact]
    public async Task AnInvalidDocumentIsRefusedAndNothingIsStored()
    {
        var doc = Calendar("Not A Slug");

        var refused = await Assert.ThrowsAsync<CalendarValidationException>(() => Store.CreateMailboxAsync(doc));

        Assert.Contains(refused.Problems, p => p.Path == "slug");
        Assert.Empty(await Store.ListMailboxesAsync());
    }

    [Fact]
    public async Task ReturnedDocumentsAreCopiesTheCallerMayChange()
    {
        var created = await CreateMailboxAsync();
        created.Document.DisplayName = "Changed in memory";
        (await Store.GetMailboxAsync(created.Id))!.Document.Services.Clear();

        var read = await Store.GetMailboxAsync(created.Id);

        Assert.Equal("Contoso Consulting", read!.Document.DisplayName);
        Assert.Equal(2, read.Document.Services.Count);
    }
}
