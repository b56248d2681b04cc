using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Bookings.Core.Store;
using Bookings.GraphEmulation;
using Bookings.Web.Admin;
using Bookings.Web.Tests.Admin;
using Bookings.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Microsoft365;

/// <summary>
/// "New calendar" on the Microsoft 365 store, against the Graph emulator through the app's real store and transport: a scheduling
/// mailbox created with the administrator's delegated token (a test <see cref="ISchedulingMailboxCreator"/> hands out the emulator's
/// delegated token; the request itself is <see cref="BookingBusinessClient"/>'s), or an existing mailbox adopted by address; a new
/// mailbox outside the app's scope; and, with the production creator, what the page says without a Microsoft sign-in. The admin signs
/// in with a local account the test adds (the app has none on Microsoft 365); the Microsoft sign-in is EntraConsentTests'.
/// </summary>
public sealed class NewCalendarOnMicrosoft365Tests : IDisposable
{
    private const string Admin = "it@contoso.onmicrosoft.com";
    private readonly BookingsFactory _factory = new();
    private readonly EmulatedMicrosoft365 _tenant;

    public NewCalendarOnMicrosoft365Tests()
    {
        _tenant = new EmulatedMicrosoft365(_factory.Time);
        _tenant.Apply(_factory);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _tenant.Dispose();
    }

    /// <summary>Creates businesses as the signed-in user with the emulator's delegated token; <see cref="AfterCreate"/> plays IT's part.</summary>
    private sealed class DelegatedEmulatorCreator(GraphEmulator graph) : ISchedulingMailboxCreator
    {
        public Action<string>? AfterCreate { get; set; }
        public List<string> Created { get; } = [];

        public SchedulingMailboxBlocker? Blocker(ClaimsPrincipal user) => null;

        public async Task<string> CreateAsync(ClaimsPrincipal user, string displayName, string email, CancellationToken ct)
        {
            using var http = new HttpClient();
            var token = graph.DelegatedToken(CalendarAccess.Email(user)!, "Bookings.Manage.All");
            var id = await new BookingBusinessClient(http, graph.BaseAddress).CreateAsync(token, displayName, email, ct);
            Created.Add(id);
            AfterCreate?.Invoke(id);
            return id;
        }
    }

    private DelegatedEmulatorCreator UseDelegatedCreator()
    {
        var creator = new DelegatedEmulatorCreator(_tenant.Graph);
        _factory.TestServices.Add(s => s.AddSingleton<ISchedulingMailboxCreator>(creator));
        return creator;
    }

    private Task<HttpClient> SignInAsync() => AdminClients.SignedInAsync(_factory, Admin, tenantAdmin: true);

    private static Task<HttpResponseMessage> PostNewAsync(HttpClient client, params (string Key, string Value)[] fields) =>
        AdminClients.PostFormAsync(client, "/admin/new", "/admin/new", fields);

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    [Fact]
    public async Task ATenantAdminCreatesASchedulingMailboxWithTheirOwnTokenAndTheCalendarAdoptsIt()
    {
        var creator = UseDelegatedCreator();
        using var client = await SignInAsync();

        var page = await client.GetStringAsync("/admin/new");
        var created = await PostNewAsync(client, ("Form.Name", "Front Desk"), ("Form.TimeZone", "Europe/Warsaw"), ("Form.Language", "en-US"),
            ("Form.Mailbox", "create"));

        Assert.Contains("Create a scheduling mailbox", page, StringComparison.Ordinal);
        Assert.Contains("Use an existing mailbox", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        Assert.Equal("/admin/front-desk", created.Headers.Location?.OriginalString);
        var id = Assert.Single(creator.Created);
        Assert.Equal("frontdesk@contoso.onmicrosoft.com", id); // the emulator makes the address of the display name
        var calendar = Assert.Single(await Store.ListMailboxesAsync());
        Assert.Equal((id, "front-desk", "Front Desk"), (calendar.Id, calendar.Slug, calendar.DisplayName));
        Assert.Equal(Admin, Assert.Single(calendar.Document.StaffMembers).EmailAddress);
        Assert.Contains(_tenant.Graph.RequestLog, r => r is { Method: "POST", Status: 201 } && r.PathAndQuery.EndsWith("solutions/bookingBusinesses", StringComparison.Ordinal));
        // The app's own token may not make that call: the delegated token did.
        using var app = _tenant.Graph.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await app.PostAsJsonAsync("solutions/bookingBusinesses", new { displayName = "By the app" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/front-desk")).StatusCode);
    }

    [Fact]
    public async Task ANewMailboxTheAppMayNotOpenYetIsRegisteredAndThePageSaysWhatITRuns()
    {
        var creator = UseDelegatedCreator();
        creator.AfterCreate = id => _tenant.Graph.SetOutsideAppScope(id); // not in the app's RBAC scope yet, as a new mailbox is
        using var client = await SignInAsync();

        var answer = await PostNewAsync(client, ("Form.Name", "Front Desk"), ("Form.Slug", "desk"), ("Form.TimeZone", "UTC"), ("Form.Mailbox", "create"));

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var html = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
        Assert.Contains("The calendar is registered, with the mailbox frontdesk@contoso.onmicrosoft.com", html, StringComparison.Ordinal);
        Assert.Contains($"./infra/exchange-scope.ps1 -AppId {EmulatedMicrosoft365.ClientId} -ServicePrincipalObjectId <SERVICE_PRINCIPAL_OBJECT_ID> -Mailboxes frontdesk@contoso.onmicrosoft.com",
            html, StringComparison.Ordinal);
        Assert.Contains("will appear among the calendars", html, StringComparison.Ordinal);
        Assert.Empty(await Store.ListMailboxesAsync());

        // The overview tells tenant admins; once IT has run the script, the calendar is there as it was set up.
        var overview = WebUtility.HtmlDecode(await client.GetStringAsync("/admin"));
        Assert.Contains("Calendars the app cannot open", overview, StringComparison.Ordinal);
        Assert.Contains("frontdesk@contoso.onmicrosoft.com", overview, StringComparison.Ordinal);
        _tenant.Graph.SetOutsideAppScope("frontdesk@contoso.onmicrosoft.com", false);
        overview = await client.GetStringAsync("/admin");
        Assert.DoesNotContain("Calendars the app cannot open", overview, StringComparison.Ordinal);
        Assert.Contains("/admin/desk", overview, StringComparison.Ordinal);
        Assert.Equal("Front Desk", Assert.Single(await Store.ListMailboxesAsync()).DisplayName);
    }

    [Fact]
    public async Task AnExistingMailboxIsAdoptedByAddress()
    {
        _tenant.Graph.AddSharedMailbox("reception@contoso.onmicrosoft.com", "Reception");
        using var client = await SignInAsync();

        var created = await PostNewAsync(client, ("Form.Name", "Reception"), ("Form.TimeZone", "UTC"), ("Form.Mailbox", "adopt"),
            ("Form.Address", "reception@contoso.onmicrosoft.com"));

        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        Assert.Equal("reception@contoso.onmicrosoft.com", Assert.Single(await Store.ListMailboxesAsync()).Id);
        Assert.DoesNotContain(_tenant.Graph.RequestLog, r => r.PathAndQuery.Contains("bookingBusinesses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAddressWithNoMailboxCreatesNothingAndSaysSo()
    {
        using var client = await SignInAsync();

        var answer = await PostNewAsync(client, ("Form.Name", "Nowhere"), ("Form.TimeZone", "UTC"), ("Form.Mailbox", "adopt"),
            ("Form.Address", "nowhere@contoso.onmicrosoft.com"));

        Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
        Assert.Contains("Microsoft 365 has no mailbox nowhere@contoso.onmicrosoft.com", WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(await Store.ListMailboxesAsync());
    }

    [Fact]
    public async Task AnAddressWithALineBreakIsRefusedRatherThanTrimmed()
    {
        _tenant.Graph.AddSharedMailbox("reception@contoso.onmicrosoft.com");
        using var client = await SignInAsync();

        var answer = await PostNewAsync(client, ("Form.Name", "Reception"), ("Form.TimeZone", "UTC"), ("Form.Mailbox", "adopt"),
            ("Form.Address", "reception@contoso.onmicrosoft.com\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains("Its address: a control character", WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(await Store.ListMailboxesAsync());
    }

    [Fact]
    public async Task WithoutMicrosoftSignInTheCreateOptionSaysItNeedsOneAndIsRefused()
    {
        using var client = await SignInAsync(); // the production creator: this site has no Microsoft sign-in

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/new"));
        var polish = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/new?lang=pl"));
        var refused = await PostNewAsync(client, ("Form.Name", "Front Desk"), ("Form.TimeZone", "UTC"), ("Form.Mailbox", "create"));

        Assert.Contains("Creating a scheduling mailbox needs a Microsoft sign-in", page, StringComparison.Ordinal);
        Assert.Matches("id=\"mailbox-create\"[^>]*disabled", page);
        Assert.Contains("Utworzenie skrzynki planowania wymaga logowania przez Microsoft", polish, StringComparison.Ordinal);
        Assert.Contains("Użyj istniejącej skrzynki", polish, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("this site has none", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(await Store.ListMailboxesAsync());
        Assert.DoesNotContain(_tenant.Graph.RequestLog, r => r.PathAndQuery.Contains("bookingBusinesses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TenantAdminsAndHealthSeeACalendarWhoseMailboxTheAppMayNotRead()
    {
        _tenant.Graph.AddSharedMailbox("reception@contoso.onmicrosoft.com");
        using var client = await SignInAsync();
        Assert.Equal(HttpStatusCode.SeeOther, (await PostNewAsync(client, ("Form.Name", "Reception"), ("Form.TimeZone", "UTC"), ("Form.Mailbox", "adopt"),
            ("Form.Address", "reception@contoso.onmicrosoft.com"))).StatusCode);
        _tenant.Graph.SetOutsideAppScope("reception@contoso.onmicrosoft.com");
        using var staff = await AdminClients.SignedInAsync(_factory, "someone@contoso.onmicrosoft.com");

        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        var tenantPage = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/tenant?lang=pl"));
        var staffPage = await staff.GetStringAsync("/admin");

        var calendars = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "calendars");
        Assert.Equal("Degraded", calendars.GetProperty("status").GetString());
        Assert.Equal(1, calendars.GetProperty("data").GetProperty("unreachable").GetInt32());
        Assert.Equal("reception@contoso.onmicrosoft.com", calendars.GetProperty("data").GetProperty("unreachableMailboxes")[0].GetString());
        Assert.Contains("Kalendarze, których aplikacja nie może otworzyć", tenantPage, StringComparison.Ordinal);
        Assert.Contains("-Mailboxes reception@contoso.onmicrosoft.com", tenantPage, StringComparison.Ordinal);
        Assert.DoesNotContain("reception@contoso.onmicrosoft.com", staffPage, StringComparison.Ordinal); // only tenant admins are told

        _tenant.Graph.SetOutsideAppScope("reception@contoso.onmicrosoft.com", false);
        _factory.Time.Advance(TimeSpan.FromMinutes(2)); // past the health check's reuse of its last answer
        health = await client.GetFromJsonAsync<JsonElement>("/health");
        calendars = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "calendars");
        Assert.Equal("Healthy", calendars.GetProperty("status").GetString());
    }
}
