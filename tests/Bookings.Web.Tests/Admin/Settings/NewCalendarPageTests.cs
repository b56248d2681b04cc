using System.Net;
using Bookings.Core.Calendars;
using Bookings.Web.Tests.Api;
using static Bookings.Web.Tests.Admin.Settings.SettingsPages;

namespace Bookings.Web.Tests.Admin.Settings;

/// <summary>/admin/new on the real app: a calendar of one's own, as the tenant policy allows.</summary>
public sealed class NewCalendarPageTests : IDisposable
{
    private const string Url = "/admin/new";
    private readonly BookingsFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private Task<HttpClient> SignedInAsync(string email, bool tenantAdmin = false) => AdminClients.SignedInAsync(_factory, email, tenantAdmin);

    private static KeyValuePair<string, string>[] Fields(string name, string slug = "", string zone = "UTC", string language = "en-US") =>
        [new("Form.Name", name), new("Form.Slug", slug), new("Form.TimeZone", zone), new("Form.Language", language)];

    [Fact]
    public async Task APlainSignedInUserCreatesACalendarAndBecomesItsAdministrator()
    {
        using var zofia = await SignedInAsync("zofia@fabrikam.example");
        var form = await zofia.GetAsync(Url);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("frame-ancestors 'none'", form.Headers.GetValues("Content-Security-Policy").Single());
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("<option value=\"UTC\" selected=\"selected\">", html);
        Assert.Contains("<option value=\"Europe/Warsaw\">", html);

        var response = await PostFormAsync(zofia, Url, Url, Fields("Gabinet Łódź", zone: "Europe/Warsaw", language: "pl-PL"));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/admin/gabinet-lodz", Location(response));

        var mailbox = (await StoreOf(_factory).GetMailboxBySlugAsync("gabinet-lodz"))!;
        var doc = mailbox.Document;
        Assert.Equal("Gabinet Łódź", doc.DisplayName);
        Assert.Equal("Europe/Warsaw", doc.BusinessTimeZone);
        Assert.Equal("pl-PL", doc.LanguageTag);
        Assert.Equal("Wizyta", Assert.Single(doc.Services).DisplayName);
        Assert.Equal(5, doc.BusinessHours.Count);
        var me = Assert.Single(doc.StaffMembers);
        Assert.Equal(("zofia@fabrikam.example", StaffRole.Administrator, MembershipStatus.Active), (me.EmailAddress, me.Role, me.MembershipStatus));

        var audit = Assert.Single(await AuditAsync(_factory, mailbox.Id));
        Assert.Equal(("calendar.create", "zofia@fabrikam.example", "gabinet-lodz"), (audit.Action, audit.Actor, audit.Target));

        Assert.Contains("/admin/gabinet-lodz", await zofia.GetStringAsync("/admin"));
        Assert.Equal(HttpStatusCode.OK, (await zofia.GetAsync("/admin/gabinet-lodz/page")).StatusCode);
        using var visitor = AdminClients.Anonymous(_factory);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/book/gabinet-lodz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zofia.GetAsync("/admin/contoso/business")).StatusCode);
    }

    [Fact]
    public async Task AnEmptySlugIsMadeFromTheNameAndDoesNotCollide()
    {
        using var zofia = await SignedInAsync("zofia@fabrikam.example");
        var first = await PostFormAsync(zofia, Url, Url, Fields("Contoso"));
        Assert.Equal("/admin/contoso-2", Location(first));
        var second = await PostFormAsync(zofia, Url, Url, Fields("New"));
        Assert.Equal("/admin/new-calendar", Location(second));
    }

    [Fact]
    public async Task AnAdminWithoutARealAddressIsNotAddedAsStaff()
    {
        using var admin = await SignedInAsync("ops@localhost", tenantAdmin: true);
        var response = await PostFormAsync(admin, Url, Url, Fields("Fabrikam", "fabrikam"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Empty((await StoreOf(_factory).GetMailboxBySlugAsync("fabrikam"))!.Document.StaffMembers);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/fabrikam/business")).StatusCode);
    }

    [Theory]
    [InlineData("contoso", "A calendar with the slug “contoso” already exists")]
    [InlineData("audit", "The admin app uses “audit” itself")]
    [InlineData("signin", "The admin app uses “signin” itself")]
    [InlineData("Bad Slug", "The slug must be 1–64 lowercase letters")]
    [InlineData("Contoso", "A calendar with the slug “contoso” already exists")]
    [InlineData("-x", "The slug must be 1–64 lowercase letters")]
    public async Task ABadSlugIsRefused(string slug, string message)
    {
        using var zofia = await SignedInAsync("zofia@fabrikam.example");
        var count = (await StoreOf(_factory).ListMailboxesAsync()).Count;
        var response = await PostFormAsync(zofia, Url, Url, Fields("Mine", slug));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html);
        Assert.Equal(slug, InputValue(html, "Form.Slug"));
        Assert.Equal("Mine", InputValue(html, "Form.Name"));
        Assert.Equal(count, (await StoreOf(_factory).ListMailboxesAsync()).Count);
    }

    [Fact]
    public async Task ErrorsArePolishOnAPolishPage()
    {
        using var zofia = await SignedInAsync("zofia@fabrikam.example");
        Assert.Contains("Nowy kalendarz", await zofia.GetStringAsync(Url + "?lang=pl"));
        var response = await PostFormAsync(zofia, Url + "?lang=pl", Url + "?lang=pl", Fields("", "contoso", zone: "Mars/Olympus"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Podaj nazwę kalendarza.", html);
        Assert.Contains("Wybierz strefę czasową z listy.", html);
        Assert.Contains("Kalendarz o adresie „contoso” już istnieje", html);
    }

    [Fact]
    public async Task OnlyTheListedCalendarCreatorsAndTenantAdminsMayCreate()
    {
        _factory.Settings["Tenant:CalendarCreators:0"] = "creator@fabrikam.example";
        using var zofia = await SignedInAsync("zofia@fabrikam.example");
        var page = await zofia.GetAsync(Url);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("only these people create calendars", html);
        Assert.Contains("creator@fabrikam.example", html);
        Assert.DoesNotContain("name=\"Form.Name\"", html);

        // A forged post (with a valid token from another form) creates nothing either.
        var token = AdminClients.AntiforgeryToken(await zofia.GetStringAsync("/admin/signin"));
        var post = await zofia.PostAsync(Url, new FormUrlEncodedContent([.. Fields("Mine", "mine"), new("__RequestVerificationToken", token)]));
        Assert.NotEqual(HttpStatusCode.SeeOther, post.StatusCode);
        Assert.Null(await StoreOf(_factory).GetMailboxBySlugAsync("mine"));

        using var creator = await SignedInAsync("creator@fabrikam.example");
        Assert.Equal(HttpStatusCode.SeeOther, (await PostFormAsync(creator, Url, Url, Fields("Creator's", "creators"))).StatusCode);
        using var boss = await SignedInAsync("boss@fabrikam.example", tenantAdmin: true);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostFormAsync(boss, Url, Url, Fields("Boss's", "boss"))).StatusCode);
    }

    [Fact]
    public async Task WhenTheProductIsOffForTheTenantOnlyTenantAdminsCreate()
    {
        _factory.Settings["Tenant:Enabled"] = "false";
        using var zofia = await SignedInAsync("zofia@fabrikam.example");
        var page = await zofia.GetAsync(Url + "?lang=pl");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Rezerwacje są wyłączone w Twojej organizacji", await page.Content.ReadAsStringAsync());

        using var boss = await SignedInAsync("boss@fabrikam.example", tenantAdmin: true);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostFormAsync(boss, Url, Url, Fields("Boss's", "boss"))).StatusCode);
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRefused()
    {
        using var zofia = await SignedInAsync("zofia@fabrikam.example");
        var response = await zofia.PostAsync(Url, new FormUrlEncodedContent(Fields("Mine", "mine")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await StoreOf(_factory).GetMailboxBySlugAsync("mine"));
    }

    [Fact]
    public async Task AnAnonymousVisitorIsSentToSignIn()
    {
        using var client = AdminClients.Anonymous(_factory);
        var response = await client.GetAsync(Url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/admin/signin", Location(response));
    }
}
