using System.Net;
using System.Net.Http.Json;
using Bookings.Core.Store;
using Bookings.GraphEmulation;
using Microsoft.Extensions.Time.Testing;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// Calendars on Microsoft 365 as the tenant allows them: the store adopts mailboxes that exist (a scheduling mailbox an administrator
/// created with a delegated token, a shared mailbox), keeps a calendar whose mailbox the app may not open yet until it can, reports
/// such mailboxes through Core's <see cref="IMailboxReachability"/>, and on deletion forgets the calendar while Exchange keeps the mailbox.
/// </summary>
public sealed class GraphProvisioningTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(Now);
    private readonly EmulatedTenant _tenant;

    public GraphProvisioningTests() => _tenant = new EmulatedTenant(GraphEmulatorOptions.Strict, _time);

    public void Dispose() => _tenant.Dispose();

    private static Bookings.Core.Calendars.CalendarDocument Adopting(string slug, string mailbox)
    {
        var doc = Calendar(slug);
        doc.Id = mailbox;
        return doc;
    }

    [Fact]
    public async Task ASchedulingMailboxAnAdministratorCreatesWithADelegatedTokenIsAdoptedByTheApp()
    {
        using var app = _tenant.Graph.CreateClient();
        using var admin = _tenant.Graph.CreateClient(_tenant.Graph.DelegatedToken("it@contoso.onmicrosoft.com", "Bookings.Manage.All"));
        var body = new { displayName = "Front Desk", email = "it@contoso.onmicrosoft.com" };

        var refused = await app.PostAsJsonAsync("solutions/bookingBusinesses", body);
        var created = await admin.PostAsJsonAsync("solutions/bookingBusinesses", body);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        var store = _tenant.NewStore();
        var calendar = await store.CreateMailboxAsync(Adopting("front-desk", id));
        Assert.Equal(id, calendar.Id);
        Assert.Equal([id], (await _tenant.NewStore().ListMailboxesAsync()).Select(m => m.Id));
    }

    [Fact]
    public async Task AMailboxOutsideTheAppsScopeIsKeptAsACalendarAndAppearsOnceTheAppCanReadIt()
    {
        const string mailbox = "frontdesk@bookings.local";
        _tenant.Graph.AddSharedMailbox(mailbox, "Front desk");
        _tenant.Graph.SetOutsideAppScope(mailbox);
        var store = _tenant.NewStore();
        IMailboxReachability reachability = store;

        var pending = await Assert.ThrowsAsync<MailboxAccessPendingException>(() => store.CreateMailboxAsync(Adopting("front-desk", mailbox)));

        Assert.Equal(mailbox, pending.Mailbox);
        Assert.Contains("exchange-scope.ps1", pending.Message, StringComparison.Ordinal);
        Assert.Equal(mailbox, Assert.Single(reachability.UnreachableMailboxes).Mailbox);
        var other = _tenant.NewStore();
        Assert.Empty(await other.ListMailboxesAsync());
        Assert.Contains("403", Assert.Single(other.UnreachableMailboxes).Reason, StringComparison.Ordinal);
        Assert.Null(await other.GetMailboxBySlugAsync("front-desk"));
        // The slug and the address are held meanwhile.
        await Assert.ThrowsAsync<StoreConflictException>(() => other.CreateMailboxAsync(Adopting("front-desk", "contoso@bookings.local")));

        _tenant.Graph.SetOutsideAppScope(mailbox, false);

        var listed = Assert.Single(await other.ListMailboxesAsync());
        Assert.Equal(("front-desk", mailbox), (listed.Slug, listed.Id));
        Assert.Equal("Contoso Consulting", listed.DisplayName);
        Assert.Empty(other.UnreachableMailboxes);
        Assert.Equal(listed.Version, (await store.GetMailboxBySlugAsync("front-desk"))!.Version);
        var saved = listed.Document;
        saved.DisplayName = "Front desk";
        Assert.Equal("Front desk", (await store.UpdateMailboxAsync(mailbox, saved, listed.Version)).DisplayName);
    }

    [Fact]
    public async Task TwoInstancesWritingTheAwaitedDocumentAtOnceAgreeOnItsVersion()
    {
        const string mailbox = "frontdesk@bookings.local";
        _tenant.Graph.AddSharedMailbox(mailbox);
        _tenant.Graph.SetOutsideAppScope(mailbox);
        await Assert.ThrowsAsync<MailboxAccessPendingException>(() => _tenant.NewStore().CreateMailboxAsync(Adopting("front-desk", mailbox)));
        _tenant.Graph.SetOutsideAppScope(mailbox, false);
        var first = _tenant.NewStore();
        var second = _tenant.NewStore();

        var read = await Task.WhenAll(first.GetMailboxBySlugAsync("front-desk"), second.GetMailboxBySlugAsync("front-desk"));

        var versions = await Task.WhenAll(_tenant.NewStore().GetMailboxAsync(mailbox), first.GetMailboxAsync(mailbox), second.GetMailboxAsync(mailbox));
        Assert.All(read, m => Assert.NotNull(m));
        Assert.Single(versions.Select(m => m!.Version).Distinct());
        var doc = versions[0]!.Document;
        doc.DisplayName = "Saved once";
        var saved = await first.UpdateMailboxAsync(mailbox, doc, versions[0]!.Version);
        Assert.Equal(saved.Version, (await _tenant.NewStore().GetMailboxAsync(mailbox))!.Version);
    }

    [Fact]
    public async Task DeletingACalendarForgetsItWhileExchangeKeepsTheMailboxAndItsEvents()
    {
        var store = _tenant.NewStore();
        var calendar = await store.CreateMailboxAsync(Calendar("contoso"));
        await store.BookAsync(Consult(calendar, Tuesday(9)), NoMessages);
        var events = _tenant.Graph.EventsOf(calendar.Id).Count;

        Assert.True(await store.DeleteMailboxAsync(calendar.Id));

        Assert.Empty(await _tenant.NewStore().ListMailboxesAsync());
        Assert.True(_tenant.Graph.MailboxExists(calendar.Id));
        Assert.Equal(events, _tenant.Graph.EventsOf(calendar.Id).Count);
        Assert.NotEqual(0, events);
        Assert.DoesNotContain(_tenant.Graph.MessagesOf(calendar.Id), m => m["subject"]?.GetValue<string>()?.StartsWith("Bookings", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ACalendarWhoseMailboxTheAppMayNotReadCanStillBeDeleted()
    {
        var store = _tenant.NewStore();
        var calendar = await store.CreateMailboxAsync(Calendar("contoso"));
        _tenant.Graph.SetOutsideAppScope(calendar.Id);
        Assert.Empty(await store.ListMailboxesAsync());

        Assert.True(await store.DeleteMailboxAsync(calendar.Id));

        Assert.Empty(store.UnreachableMailboxes);
        _tenant.Graph.SetOutsideAppScope(calendar.Id, false);
        var other = _tenant.NewStore();
        Assert.Empty(await other.ListMailboxesAsync());
        Assert.Empty(other.UnreachableMailboxes);
        Assert.False(await other.DeleteMailboxAsync(calendar.Id));
    }
}
