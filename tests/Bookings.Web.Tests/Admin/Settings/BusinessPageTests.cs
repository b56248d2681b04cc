using System.Net;
using Bookings.Core.Calendars;
using Bookings.Web.Tests.Api;
using static Bookings.Web.Tests.Admin.Settings.SettingsPages;

namespace Bookings.Web.Tests.Admin.Settings;

/// <summary>/admin/{slug}/business on the real app: administrators read and change the business information; other roles read it; strangers get 404.</summary>
public sealed class BusinessPageTests : IDisposable
{
    private const string Url = "/admin/contoso/business";
    private readonly BookingsFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private Task<HttpClient> SignedInAsync(string email, bool tenantAdmin = false) => AdminClients.SignedInAsync(_factory, email, tenantAdmin);

    /// <summary>A complete form: the demo's values with these changes; days Monday (0) to Sunday (6).</summary>
    private static List<KeyValuePair<string, string>> Fields(string version, params (string Name, string Value)[] changes)
    {
        var fields = new Dictionary<string, string>
        {
            ["Version"] = version,
            ["Form.DisplayName"] = "Contoso Consulting",
            ["Form.BusinessType"] = "Consulting",
            ["Form.Email"] = "hello@contoso.example",
            ["Form.Phone"] = "+48 22 123 45 67",
            ["Form.WebSiteUrl"] = "https://contoso.example",
            ["Form.Street"] = "ul. Marszałkowska 1",
            ["Form.City"] = "Warszawa",
            ["Form.State"] = "",
            ["Form.PostalCode"] = "00-001",
            ["Form.Country"] = "PL",
            ["Form.LanguageTag"] = "pl-PL",
            ["Form.Currency"] = "PLN",
            ["Form.TimeZone"] = "Europe/Warsaw",
        };
        for (var i = 0; i < 7; i++)
        {
            fields[$"Form.Hours[{i}].Start1"] = i < 5 ? "09:00" : "";
            fields[$"Form.Hours[{i}].End1"] = i < 5 ? "17:00" : "";
            fields[$"Form.Hours[{i}].Start2"] = "";
            fields[$"Form.Hours[{i}].End2"] = "";
        }
        foreach (var (name, value) in changes) fields[name] = value;
        return [.. fields];
    }

    private async Task<string> VersionAsync() => (await ContosoAsync(_factory)).Version;

    [Fact]
    public async Task AnAdministratorSeesTheFormWithTheCalendarsValues()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await anna.GetAsync(Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();
        var doc = (await ContosoAsync(_factory)).Document;
        Assert.Equal(doc.DisplayName, InputValue(html, "Form.DisplayName"));
        Assert.Equal("hello@contoso.example", InputValue(html, "Form.Email"));
        Assert.Equal("Warszawa", InputValue(html, "Form.City"));
        Assert.Equal("09:00", InputValue(html, "Form.Hours[0].Start1"));
        Assert.Equal("17:00", InputValue(html, "Form.Hours[0].End1"));
        Assert.Equal((await ContosoAsync(_factory)).Version, InputValue(html, "Version"));
        Assert.Contains("<option value=\"Europe/Warsaw\" selected=\"selected\">", html);
        Assert.Contains("closed", html);                       // the weekend
        Assert.Contains(">Save</button>", html);
        Assert.DoesNotContain("<fieldset disabled", html);
    }

    [Fact]
    public async Task AnAdministratorSavesTheBusinessInformationAndHoursAndTheChangeIsAudited()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await PostFormAsync(anna, Url, Url, Fields(await VersionAsync(),
            ("Form.DisplayName", "Contoso Kraków"), ("Form.Email", "krakow@contoso.example"), ("Form.City", "Kraków"),
            ("Form.Currency", "eur"), ("Form.TimeZone", "Europe/London"),
            ("Form.Hours[0].Start1", "08:00"), ("Form.Hours[0].End1", "12:00"), ("Form.Hours[0].Start2", "13:00"), ("Form.Hours[0].End2", "24:00"),
            ("Form.Hours[4].Start1", ""), ("Form.Hours[4].End1", ""),
            ("Form.Hours[5].Start1", "10:00"), ("Form.Hours[5].End1", "14:00")));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(Url + "?saved=1", Location(response));
        var doc = (await ContosoAsync(_factory)).Document;
        Assert.Equal("Contoso Kraków", doc.DisplayName);
        Assert.Equal("krakow@contoso.example", doc.Email);
        Assert.Equal("Kraków", doc.Address?.City);
        Assert.Equal("EUR", doc.DefaultCurrencyIso);
        Assert.Equal("Europe/London", doc.BusinessTimeZone);
        var monday = doc.BusinessHours.Single(h => h.Day == DayOfWeek.Monday).TimeSlots;
        Assert.Equal([(TimeSpan.FromHours(8), TimeSpan.FromHours(12)), (TimeSpan.FromHours(13), TimeSpan.FromDays(1))],
            monday.Select(s => (s.StartTime, s.EndTime)));
        Assert.DoesNotContain(doc.BusinessHours, h => h.Day is DayOfWeek.Friday or DayOfWeek.Sunday);
        Assert.Equal(TimeSpan.FromHours(10), doc.BusinessHours.Single(h => h.Day == DayOfWeek.Saturday).TimeSlots.Single().StartTime);

        var page = await anna.GetStringAsync(Location(response));
        Assert.Contains("Saved.", page);
        Assert.Equal("24:00", InputValue(page, "Form.Hours[0].End2"));

        var audit = Assert.Single(await AuditAsync(_factory, doc.Id), e => e.Action == "business.update");
        Assert.Equal("anna@contoso.example", audit.Actor);
        Assert.Contains("displayName", audit.Details);
        Assert.Contains("Contoso Kraków", audit.Details);
    }

    [Fact]
    public async Task HostileTextIsStoredAsTextAndShownEncoded()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        const string hostile = "Contoso \"><script>alert(1)</script>";
        var response = await PostFormAsync(anna, Url, Url, Fields(await VersionAsync(), ("Form.DisplayName", hostile), ("Form.Street", "Line 1\r\nLine 2 <b>")));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(hostile, (await ContosoAsync(_factory)).Document.DisplayName);

        var html = await anna.GetStringAsync(Url);
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Equal(hostile, InputValue(html, "Form.DisplayName"));
    }

    [Fact]
    public async Task InvalidValuesAreRefusedWithMessagesInThePagesLanguageAndKept()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var before = await ContosoAsync(_factory);
        var response = await PostFormAsync(anna, Url + "?lang=pl", Url + "?lang=pl", Fields(before.Version,
            ("Form.Email", "not-an-address"), ("Form.WebSiteUrl", "javascript:alert(1)"),
            ("Form.Hours[1].Start1", "17:00"), ("Form.Hours[1].End1", "09:00"), ("Form.Hours[2].Start1", "9"), ("Form.Hours[3].Start2", "12:00"),
            ("Form.Hours[3].End2", "13:00"), ("Form.Currency", "euro")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Nic nie zapisano", html);
        Assert.Contains("„not-an-address” nie jest adresem e-mail.", html);
        Assert.Contains("Strona internetowa musi być adresem", html);
        Assert.Contains("Wtorek: przedział musi kończyć się po swoim początku.", html);
        Assert.Contains("Środa: podaj obie godziny przedziału", html);
        Assert.Contains("Czwartek: oba przedziały nakładają się.", html);
        Assert.Contains("Waluta to trzyliterowy kod", html);
        Assert.Equal("not-an-address", InputValue(html, "Form.Email"));
        Assert.Equal("17:00", InputValue(html, "Form.Hours[1].Start1"));
        Assert.Equal(before.Version, (await ContosoAsync(_factory)).Version);
        Assert.DoesNotContain(await AuditAsync(_factory, before.Id), e => e.Action == "business.update");
    }

    [Theory]
    [InlineData("Form.Email", "hello@contoso.example\n", "Email")]
    [InlineData("Form.Phone", "+48 22 123 45 67\r\n", "Phone")]
    [InlineData("Form.WebSiteUrl", "https://contoso.example\n", "Website")]
    public async Task AControlCharacterInAnAddressIsRefusedNamingTheField(string field, string value, string name)
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var before = await ContosoAsync(_factory);
        var response = await PostFormAsync(anna, Url + "?lang=en", Url + "?lang=en", Fields(before.Version, (field, value)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(name + ": a control character", await response.Content.ReadAsStringAsync());
        Assert.Equal(before.Version, (await ContosoAsync(_factory)).Version);
    }

    [Fact]
    public async Task TheEnglishMessagesAreEnglish()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await PostFormAsync(anna, Url + "?lang=en", Url + "?lang=en", Fields(await VersionAsync(),
            ("Form.DisplayName", " "), ("Form.Hours[0].Start1", "12:00"), ("Form.Hours[0].End1", "11:00")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Enter the business name.", html);
        Assert.Contains("Monday: a range must end after it starts.", html);
    }

    [Fact]
    public async Task AStaleVersionIsAConflictAndNothingIsSaved()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var read = await VersionAsync();
        var page = await anna.GetStringAsync(Url);
        await ChangeContosoAsync(_factory, doc => doc.Phone = "+48 22 000 00 00");  // someone else saves meanwhile
        var response = await anna.PostAsync(Url, new FormUrlEncodedContent([.. Fields(read, ("Form.DisplayName", "Mine")),
            new("__RequestVerificationToken", AdminClients.AntiforgeryToken(page))]));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Someone else changed this calendar", await response.Content.ReadAsStringAsync());
        var doc = (await ContosoAsync(_factory)).Document;
        Assert.NotEqual("Mine", doc.DisplayName);
        Assert.Equal("+48 22 000 00 00", doc.Phone);
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRefused()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await anna.PostAsync(Url, new FormUrlEncodedContent(Fields(await VersionAsync(), ("Form.DisplayName", "Forged"))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("Forged", (await ContosoAsync(_factory)).Document.DisplayName);
    }

    [Fact]
    public async Task AViewerReadsTheFormButCannotSaveIt()
    {
        await AddStaffAsync(_factory, "vera", "vera@contoso.example", StaffRole.Viewer);
        using var vera = await SignedInAsync("vera@contoso.example");

        var html = await vera.GetStringAsync(Url);
        Assert.Contains("<fieldset disabled=\"disabled\"", html);
        Assert.DoesNotContain(">Save</button>", html);
        Assert.Contains("only the calendar&#x27;s administrators can change them", html);

        var response = await PostFormAsync(vera, Url, Url, Fields(await VersionAsync(), ("Form.DisplayName", "Vera's")));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("Vera's", (await ContosoAsync(_factory)).Document.DisplayName);
    }

    [Fact]
    public async Task ATeamMemberReadsButCannotSaveAndAStrangerGetsNotFound()
    {
        using var piotr = await SignedInAsync("piotr@contoso.example");
        Assert.Contains("<fieldset disabled=\"disabled\"", await piotr.GetStringAsync(Url));
        var response = await PostFormAsync(piotr, Url, Url, Fields(await VersionAsync(), ("Form.DisplayName", "Piotr's")));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("Piotr's", (await ContosoAsync(_factory)).Document.DisplayName);

        using var stranger = await SignedInAsync("eve@fabrikam.example");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/admin/nosuch/business")).StatusCode);
    }

    [Fact]
    public async Task ThePageSpeaksPolish()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var html = await anna.GetStringAsync(Url + "?lang=pl");

        Assert.Contains("Informacje o firmie", html);
        Assert.Contains("Poniedziałek", html);
        Assert.Contains("nieczynne", html);
        Assert.Contains(">Zapisz</button>", html);
    }
}
