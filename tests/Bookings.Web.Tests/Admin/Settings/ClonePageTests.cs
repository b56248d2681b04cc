using System.Net;
using System.Net.Http.Json;
using Bookings.Web.Tests.Api;
using static Bookings.Web.Tests.Admin.Settings.SettingsPages;

namespace Bookings.Web.Tests.Admin.Settings;

/// <summary>/admin/{slug}/clone on the real app: a new calendar with the configuration, without appointments, customers or secrets.</summary>
public sealed class ClonePageTests : IDisposable
{
    private const string Url = "/admin/contoso/clone";
    private readonly BookingsFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private Task<HttpClient> SignedInAsync(string email, bool tenantAdmin = false) => AdminClients.SignedInAsync(_factory, email, tenantAdmin);

    private static KeyValuePair<string, string>[] Fields(string name, string slug) => [new("NewName", name), new("NewSlug", slug)];

    private async Task BookAsync()
    {
        using var api = AdminClients.Anonymous(_factory);
        var response = await api.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "consult",
            staffId = "anna",
            start = "2026-12-01T10:00:00+01:00",
            customer = new { name = "Jan Kowalski", email = "jan@example.com" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task TheAdministratorClonesTheConfigurationButNotAppointmentsCustomersOrFeeds()
    {
        await BookAsync();
        await ChangeContosoAsync(_factory, doc => doc.StaffMembers.Single(s => s.Id == "piotr").IcsFeedUrl = "https://calendar.example.com/piotr.ics");
        var source = await ContosoAsync(_factory);
        using var anna = await SignedInAsync("anna@contoso.example");

        var form = await anna.GetStringAsync(Url);
        Assert.Equal("contoso-copy", InputValue(form, "NewSlug"));
        Assert.Equal("Contoso Consulting (copy)", InputValue(form, "NewName"));

        var response = await PostFormAsync(anna, Url, Url, Fields("Contoso Kraków", "contoso-krakow"));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/admin/contoso-krakow", Location(response));

        var store = StoreOf(_factory);
        var copy = (await store.GetMailboxBySlugAsync("contoso-krakow"))!;
        Assert.NotEqual(source.Id, copy.Id);
        Assert.Equal("Contoso Kraków", copy.DisplayName);
        Assert.Equal(source.Document.Services.Select(s => s.Id), copy.Document.Services.Select(s => s.Id));
        Assert.Equal(source.Document.StaffMembers.Select(s => (s.Id, s.Role)), copy.Document.StaffMembers.Select(s => (s.Id, s.Role)));
        Assert.All(copy.Document.StaffMembers, s => Assert.Null(s.IcsFeedUrl));
        Assert.False(copy.Document.IsPublished);
        Assert.Empty(await store.ListAppointmentsAsync(copy.Id, BookingsFactory.DefaultNow.AddYears(-1), BookingsFactory.DefaultNow.AddYears(1)));
        Assert.Empty(await store.ListCustomersAsync(copy.Id));
        Assert.NotEmpty(await store.ListAppointmentsAsync(source.Id, BookingsFactory.DefaultNow.AddYears(-1), BookingsFactory.DefaultNow.AddYears(1)));
        Assert.NotEmpty(await store.ListCustomersAsync(source.Id));
        Assert.Equal("https://calendar.example.com/piotr.ics", (await ContosoAsync(_factory)).Document.FindStaff("piotr")!.IcsFeedUrl);

        var audit = Assert.Single(await AuditAsync(_factory, copy.Id));
        Assert.Equal("calendar.clone", audit.Action);
        Assert.Equal("anna@contoso.example", audit.Actor);
        Assert.Contains("contoso", audit.Details);

        // The copy is unpublished; its administrators (the staff came along) can open it.
        using var visitor = AdminClients.Anonymous(_factory);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/book/contoso-krakow")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync("/admin/contoso-krakow/business")).StatusCode);
    }

    [Fact]
    public async Task ATakenReservedOrInvalidSlugIsRefusedInThePagesLanguage()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var count = (await StoreOf(_factory).ListMailboxesAsync()).Count;

        var taken = await PostFormAsync(anna, Url + "?lang=pl", Url + "?lang=pl", Fields("Kopia", "contoso"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        var html = await taken.Content.ReadAsStringAsync();
        Assert.Contains("Kalendarz o adresie „contoso” już istnieje; wybierz inny.", html);
        Assert.Equal("Kopia", InputValue(html, "NewName"));

        var english = await PostFormAsync(anna, Url + "?lang=en", Url + "?lang=en", Fields("Copy", "contoso"));
        Assert.Contains("A calendar with the slug “contoso” already exists", await english.Content.ReadAsStringAsync());

        var reserved = await PostFormAsync(anna, Url, Url, Fields("Copy", "audit"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reserved.StatusCode);
        Assert.Contains("The admin app uses “audit” itself", await reserved.Content.ReadAsStringAsync());

        var invalid = await PostFormAsync(anna, Url, Url, Fields("", "Not A Slug"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var text = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("Enter the new calendar&#x27;s name.", text);
        Assert.Contains("The slug must be 1–64 lowercase letters", text);

        Assert.Equal(count, (await StoreOf(_factory).ListMailboxesAsync()).Count);
    }

    [Fact]
    public async Task TeamMembersViewersAndStrangersGetNotFound()
    {
        using var piotr = await SignedInAsync("piotr@contoso.example");
        Assert.Equal(HttpStatusCode.NotFound, (await piotr.GetAsync(Url)).StatusCode);
        await AddStaffAsync(_factory, "vera", "vera@contoso.example", Bookings.Core.Calendars.StaffRole.Viewer);
        using var vera = await SignedInAsync("vera@contoso.example");
        Assert.Equal(HttpStatusCode.NotFound, (await vera.GetAsync(Url)).StatusCode);
        using var stranger = await SignedInAsync("eve@fabrikam.example");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(Url)).StatusCode);
    }

    [Fact]
    public async Task AnAdministratorWhoMayNotCreateCalendarsCannotClone()
    {
        _factory.Settings["Tenant:CalendarCreators:0"] = "boss@contoso.example";
        using var anna = await SignedInAsync("anna@contoso.example");
        var page = await anna.GetAsync(Url);

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("does not let you create calendars", html);
        Assert.Contains("boss@contoso.example", html);
        Assert.DoesNotContain("name=\"NewSlug\"", html);

        var post = await PostFormAsync(anna, "/admin/contoso/business", Url, Fields("Copy", "contoso-copy")); // a token from a page with a form
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Null(await StoreOf(_factory).GetMailboxBySlugAsync("contoso-copy"));

        using var boss = await SignedInAsync("boss@contoso.example", tenantAdmin: true);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostFormAsync(boss, Url, Url, Fields("Copy", "contoso-copy"))).StatusCode);
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRefused()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await anna.PostAsync(Url, new FormUrlEncodedContent(Fields("Copy", "contoso-copy")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await StoreOf(_factory).GetMailboxBySlugAsync("contoso-copy"));
    }

    [Fact]
    public async Task ThePageSpeaksPolish()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var html = await anna.GetStringAsync(Url + "?lang=pl");

        Assert.Contains("Klonuj ten kalendarz", html);
        Assert.Equal("Contoso Consulting (kopia)", InputValue(html, "NewName"));
    }
}
