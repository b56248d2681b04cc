using System.Net;
using Bookings.Store.Graph.Check;
using Bookings.Web.Tests.Api;
using Bookings.Web.Tests.Graph;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bookings.Web.Tests.Admin;

/// <summary>
/// /admin/tenant/graph-check on an app whose store is Microsoft 365 on the Graph emulator, signed in with Microsoft Entra ID (a fake
/// provider): a tenant admin runs the check on a mailbox and sees the table of outcomes; anyone else gets the not-found page; on the
/// embedded store the page says it is for the Microsoft 365 store.
/// </summary>
public sealed class GraphCheckPageTests : IDisposable
{
    private const string Path = "/admin/tenant/graph-check";
    private const string TenantAdmin = "it@contoso.example";

    private readonly BookingsFactory _factory = new();
    private readonly EmulatedGraph _tenant;
    private readonly FakeEntra _entra;

    public GraphCheckPageTests()
    {
        _tenant = new EmulatedGraph(_factory.Time);
        _entra = new FakeEntra(_factory.Time);
        foreach (var (k, v) in _tenant.Settings) _factory.Settings[k] = v;
        foreach (var (k, v) in _entra.Settings()) _factory.Settings[k] = v;
        _factory.Settings["Admin:TenantAdmins"] = TenantAdmin;
        _factory.Settings["Workers:Enabled"] = "false";
        _factory.TestServices.Add(_tenant.AddServices);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _entra.Dispose();
        _tenant.Dispose();
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri("https://localhost"),
        });
        await _entra.SignInAsync(client, email);
        return client;
    }

    [Fact]
    public async Task ATenantAdminRunsTheCheckOnAMailboxAndSeesEveryOutcome()
    {
        using var client = await SignedInAsync(TenantAdmin);

        var tenantPage = await client.GetStringAsync("/admin/tenant");
        var form = await client.GetStringAsync(Path);
        var ran = await AdminClients.PostFormAsync(client, Path, Path, ("Mailbox", EmulatedGraph.CalendarMailbox));
        var page = await ran.Content.ReadAsStringAsync();

        Assert.Contains($"href=\"{Path}\"", tenantPage, StringComparison.Ordinal);
        Assert.Contains($"value=\"{EmulatedGraph.DirectoryMailbox}\"", form, StringComparison.Ordinal); // the directory mailbox to start with
        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        Assert.True(ran.Headers.CacheControl?.NoStore);
        Assert.Contains($"<h2 id=\"result-h\">{EmulatedGraph.CalendarMailbox}</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge ok\">31 passed</span>", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge ok\">0 failed</span>", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge\">6 notes</span>", page, StringComparison.Ordinal);
        foreach (var id in GraphCheck.Ids) Assert.Contains($"<tr id=\"check-{id}\">", page, StringComparison.Ordinal);
        Assert.Contains("The app can open the mailbox (its mail folders, hidden ones included)", page, StringComparison.Ordinal);
        Assert.Contains("href=\"https://learn.microsoft.com/graph/api/user-list-mailfolders\"", page, StringComparison.Ordinal);
        // Scratch items only: nobody mailed, nothing left.
        Assert.Empty(_tenant.Graph.SentMail);
        Assert.Empty(_tenant.Graph.EventsOf(EmulatedGraph.CalendarMailbox));
        Assert.Empty(_tenant.Graph.MessagesOf(EmulatedGraph.CalendarMailbox));
    }

    [Fact]
    public async Task AMailboxOutsideTheAppsScopeShowsTheFailureAndWhatTheStoreDoes()
    {
        _tenant.Graph.SetOutsideAppScope(EmulatedGraph.CalendarMailbox);
        using var client = await SignedInAsync(TenantAdmin);

        var ran = await AdminClients.PostFormAsync(client, Path + "?lang=pl", Path + "?lang=pl", ("Mailbox", EmulatedGraph.CalendarMailbox));
        var page = await ran.Content.ReadAsStringAsync();

        Assert.Contains("Sprawdzenie Microsoft 365", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge bad\">1 niezaliczone</span>", page, StringComparison.Ordinal);
        Assert.Contains("403 ErrorAccessDenied", page, StringComparison.Ordinal);
        Assert.Contains("outside the app&#x27;s scope", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressThatIsNoMailboxIsAskedForAgain()
    {
        using var client = await SignedInAsync(TenantAdmin);
        _tenant.Graph.ResetCounters();

        var ran = await AdminClients.PostFormAsync(client, Path, Path, ("Mailbox", "not an address"));

        Assert.Contains("Enter the address of a mailbox of your tenant.", await ran.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _tenant.Graph.TotalRequests);
    }

    [Fact]
    public async Task AnyoneButATenantAdminGetsTheNotFoundPageAndNothingIsTried()
    {
        using var client = await SignedInAsync("anna@contoso.example");
        var token = AdminClients.AntiforgeryToken(await client.GetStringAsync("/admin"));
        _tenant.Graph.ResetCounters();

        var get = await client.GetAsync(Path);
        var post = await client.PostAsync(Path, new FormUrlEncodedContent(
            [new("Mailbox", EmulatedGraph.CalendarMailbox), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.DoesNotContain("/admin/tenant/graph-check", await client.GetStringAsync("/admin"), StringComparison.Ordinal);
        Assert.Equal(0, _tenant.Graph.RequestsFor(EmulatedGraph.CalendarMailbox));
    }

    [Fact]
    public async Task OnTheEmbeddedStoreThePageSaysItIsForMicrosoft365()
    {
        using var factory = new BookingsFactory();
        factory.Settings["Workers:Enabled"] = "false";
        using var client = await AdminClients.SignedInAsync(factory, TenantAdmin, tenantAdmin: true);

        var page = await client.GetStringAsync(Path);
        var posted = await AdminClients.PostFormAsync(client, Path, Path, ("Mailbox", "frontdesk@contoso.example"));

        Assert.Contains("This check is for the Microsoft 365 store (Store:Provider=Graph).", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Mailbox\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.DoesNotContain("result-h", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
