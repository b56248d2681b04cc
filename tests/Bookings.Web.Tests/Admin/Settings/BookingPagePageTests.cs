using System.Net;
using Bookings.Core.Calendars;
using Bookings.Web.Tests.Api;
using static Bookings.Web.Tests.Admin.Settings.SettingsPages;

namespace Bookings.Web.Tests.Admin.Settings;

/// <summary>/admin/{slug}/page on the real app: the booking page's settings, address, embed snippet, preview link and publishing.</summary>
public sealed class BookingPagePageTests : IDisposable
{
    private const string Url = "/admin/contoso/page";
    private readonly BookingsFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private Task<HttpClient> SignedInAsync(string email, bool tenantAdmin = false) => AdminClients.SignedInAsync(_factory, email, tenantAdmin);

    private static List<KeyValuePair<string, string>> Fields(string version, params (string Name, string Value)[] changes)
    {
        var fields = new Dictionary<string, string>
        {
            ["Version"] = version,
            ["Form.RestrictedToOrganization"] = "false",
            ["Form.ColorCode"] = "",
            ["Form.ConsentMessage"] = "",
            ["Form.PrivacyPolicyUrl"] = "",
            ["Form.TermsUrl"] = "",
            ["Form.FrameAncestors"] = "",
            ["Form.SmsRegions"] = "",
        };
        foreach (var (name, value) in changes) fields[name] = value;
        return [.. fields];
    }

    private async Task<string> VersionAsync() => (await ContosoAsync(_factory)).Version;

    [Fact]
    public async Task TheAdministratorSeesTheAddressTheEncodedEmbedSnippetAndThePreviewLink()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await anna.GetAsync(Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"http://localhost/book/contoso\"", html);
        Assert.Contains("<pre class=\"snippet\">&lt;iframe src=&quot;http://localhost/book/contoso&quot; title=&quot;", html);
        Assert.Contains("&lt;/iframe&gt;</pre>", html);
        Assert.Contains("add your website&#x27;s origin", html);
        Assert.Contains("href=\"/book/contoso?preview=1\"", html);
        Assert.Contains("Published", html);
        Assert.Contains("?handler=Unpublish", html);
        Assert.DoesNotContain("?handler=Publish\"", html);
    }

    [Fact]
    public async Task ThePublicBaseUrlMakesTheAddress()
    {
        _factory.Settings["PublicBaseUrl"] = "https://book.contoso.example/";
        using var anna = await SignedInAsync("anna@contoso.example");
        var html = await anna.GetStringAsync(Url);

        Assert.Contains("&lt;iframe src=&quot;https://book.contoso.example/book/contoso&quot;", html);
    }

    [Fact]
    public async Task AHostileCalendarNameIsEncodedInTheSnippetAndThePage()
    {
        await ChangeContosoAsync(_factory, doc => doc.DisplayName = "Evil \"><script>alert(1)</script>");
        using var anna = await SignedInAsync("anna@contoso.example");
        var html = await anna.GetStringAsync(Url);

        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.DoesNotContain("\"><script>", html);
        // Encoded once inside the snippet (its title attribute), and once more to show the snippet as text.
        Assert.Contains("title=&quot;Evil &amp;quot;&amp;gt;&amp;lt;script&amp;gt;", html);
    }

    [Fact]
    public async Task TheAdministratorSavesTheSettingsAndTheBookingPageFollowsThem()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await PostFormAsync(anna, Url, Url, Fields(await VersionAsync(),
            ("Form.ColorCode", "#2F6FED"), ("Form.ConsentEnabled", "true"), ("Form.ConsentMessage", "I agree to be contacted."),
            ("Form.PrivacyPolicyUrl", "https://contoso.example/privacy"), ("Form.TermsUrl", "https://contoso.example/terms"),
            ("Form.NoIndex", "true"), ("Form.TimesInBusinessZone", "true"),
            ("Form.FrameAncestors", "https://www.contoso.com\r\nhttps://shop.contoso.com/\r\n\r\nhttps://www.contoso.com"), ("Form.SmsRegions", "pl, GB")));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var mailbox = await ContosoAsync(_factory);
        var s = mailbox.Document.BookingPageSettings;
        Assert.Equal("#2f6fed", s.BookingPageColorCode);
        Assert.True(s.IsCustomerConsentEnabled);
        Assert.Equal("I agree to be contacted.", s.CustomerConsentMessage);
        Assert.Equal("https://contoso.example/privacy", s.PrivacyPolicyWebUrl);
        Assert.True(s.IsSearchEngineIndexabilityDisabled);
        Assert.True(s.IsTimeSlotTimeZoneSetToBusinessTimeZone);
        Assert.Equal(["https://www.contoso.com", "https://shop.contoso.com"], s.FrameAncestors);
        Assert.Equal(["PL", "GB"], mailbox.Document.SmsAllowedRegions);
        Assert.Equal(AccessControl.Unrestricted, s.AccessControl);

        using var visitor = AdminClients.Anonymous(_factory);
        var book = await visitor.GetAsync("/book/contoso");
        Assert.Equal(HttpStatusCode.OK, book.StatusCode);
        Assert.Contains("frame-ancestors https://www.contoso.com https://shop.contoso.com", book.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("noindex", book.Headers.GetValues("X-Robots-Tag").Single());

        var page = await anna.GetStringAsync(Url);
        Assert.Equal("https://www.contoso.com\nhttps://shop.contoso.com", TextAreaValue(page, "Form.FrameAncestors"));
        Assert.Contains(await AuditAsync(_factory, mailbox.Id), e => e.Action == "page.update" && e.Actor == "anna@contoso.example" && e.Details.Contains("frameAncestors"));
    }

    [Fact]
    public async Task RestrictingToTheOrganisationIsSaved()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await PostFormAsync(anna, Url, Url, Fields(await VersionAsync(), ("Form.RestrictedToOrganization", "true")));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(AccessControl.RestrictedToOrganization, (await ContosoAsync(_factory)).Document.BookingPageSettings.AccessControl);
    }

    [Fact]
    public async Task InvalidSettingsAreRefusedInPolish()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var before = await VersionAsync();
        var response = await PostFormAsync(anna, Url + "?lang=pl", Url + "?lang=pl", Fields(before,
            ("Form.ColorCode", "red"), ("Form.ConsentEnabled", "true"), ("Form.PrivacyPolicyUrl", "ftp://x"),
            ("Form.FrameAncestors", "https://www.contoso.com/embed\n'unsafe-inline' *"), ("Form.SmsRegions", "XX")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Kolor to kod szesnastkowy", html);
        Assert.Contains("Wpisz treść zgody", html);
        Assert.Contains("Polityka prywatności musi być adresem", html);
        Assert.Contains("„https://www.contoso.com/embed” nie jest źródłem", html);
        Assert.Contains("„&#x27;unsafe-inline&#x27; *” nie jest źródłem", html);
        Assert.Contains("„XX” nie jest dwuliterowym kodem regionu", html);
        Assert.Contains("Strona rezerwacji", html);
        Assert.Equal(before, await VersionAsync());
    }

    [Fact]
    public async Task UnpublishingHidesTheBookingPageAndPublishingBringsItBack()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        using var visitor = AdminClients.Anonymous(_factory);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/book/contoso")).StatusCode);

        var off = await PostFormAsync(anna, Url, Url + "?handler=Unpublish", []);
        Assert.Equal(HttpStatusCode.SeeOther, off.StatusCode);
        Assert.False((await ContosoAsync(_factory)).Document.IsPublished);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/book/contoso")).StatusCode);
        var page = await anna.GetStringAsync(Location(off));
        Assert.Contains("Not published", page);
        Assert.Contains("?handler=Publish", page);

        var on = await PostFormAsync(anna, Url, Url + "?handler=Publish", []);
        Assert.Equal(HttpStatusCode.SeeOther, on.StatusCode);
        Assert.True((await ContosoAsync(_factory)).Document.IsPublished);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/book/contoso")).StatusCode);

        var audit = await AuditAsync(_factory, (await ContosoAsync(_factory)).Id);
        Assert.Contains(audit, e => e.Action == "calendar.unpublish" && e.Actor == "anna@contoso.example" && e.Details.Contains("isPublished"));
        Assert.Contains(audit, e => e.Action == "calendar.publish" && e.Actor == "anna@contoso.example");
    }

    [Fact]
    public async Task AViewerReadsTheSettingsButCannotChangeOrUnpublish()
    {
        await AddStaffAsync(_factory, "vera", "vera@contoso.example", StaffRole.Viewer);
        using var vera = await SignedInAsync("vera@contoso.example");
        var html = await vera.GetStringAsync(Url);

        Assert.Contains("<fieldset disabled=\"disabled\"", html);
        Assert.DoesNotContain("?handler=Unpublish", html);
        Assert.DoesNotContain(">Save</button>", html);
        Assert.Contains("&lt;iframe src=", html);

        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(vera, Url, Url + "?handler=Unpublish", [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(vera, Url, Url, Fields(await VersionAsync(), ("Form.NoIndex", "true")))).StatusCode);
        var doc = (await ContosoAsync(_factory)).Document;
        Assert.True(doc.IsPublished);
        Assert.False(doc.BookingPageSettings.IsSearchEngineIndexabilityDisabled);
    }

    [Fact]
    public async Task ATeamMemberCannotUnpublishAndAStrangerGetsNotFound()
    {
        using var piotr = await SignedInAsync("piotr@contoso.example");
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(piotr, Url, Url + "?handler=Unpublish", [])).StatusCode);
        Assert.True((await ContosoAsync(_factory)).Document.IsPublished);

        using var stranger = await SignedInAsync("eve@fabrikam.example");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(Url)).StatusCode);
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRefused()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await anna.PostAsync(Url + "?handler=Unpublish", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ContosoAsync(_factory)).Document.IsPublished);
    }

    [Fact]
    public async Task AStaleVersionIsAConflictAndNothingIsSaved()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var read = await VersionAsync();
        await ChangeContosoAsync(_factory, doc => doc.Phone = "+48 22 000 00 00");
        var response = await PostFormAsync(anna, Url, Url, Fields(read, ("Form.NoIndex", "true")));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.False((await ContosoAsync(_factory)).Document.BookingPageSettings.IsSearchEngineIndexabilityDisabled);
    }

    [Fact]
    public async Task ThePageSpeaksPolish()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var html = await anna.GetStringAsync(Url + "?lang=pl");

        Assert.Contains("Osadzanie na Twojej stronie", html);
        Assert.Contains("Wycofaj publikację", html);
        Assert.Contains("Otwórz podgląd strony rezerwacji", html);

        var off = await PostFormAsync(anna, Url + "?lang=pl", Url + "?handler=Unpublish&lang=pl", []);
        Assert.Equal(HttpStatusCode.SeeOther, off.StatusCode);
        Assert.Contains("lang=pl", Location(off));
        Assert.Contains("Strona rezerwacji nie jest opublikowana", await anna.GetStringAsync(Location(off)));
    }
}
