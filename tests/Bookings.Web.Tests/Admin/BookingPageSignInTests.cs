using System.Net;
using System.Net.Http.Json;
using Bookings.Core.Calendars;
using Bookings.Web.Tests.Api;
using Bookings.Web.Tests.Browser;

namespace Bookings.Web.Tests.Admin;

/// <summary>
/// The booking page with sign-in: a calendar restricted to its organisation opens to any signed-in user (page and API) and sends
/// anonymous visitors to sign in and back; ?preview=1 shows an unpublished calendar to those with a role in it, and books nothing.
/// </summary>
public sealed class BookingPageSignInTests : IDisposable
{
    private const string DetailsUrl = "/book/contoso/consult?staff=anna&start=20261201T0900Z";
    private readonly BookingsFactory _factory = new();

    public BookingPageSignInTests() => _factory.Settings["Workers:Enabled"] = "false";

    public void Dispose() => _factory.Dispose();

    private PageClient Pages(HttpClient client) => new(_factory, client);

    private Task RestrictAsync() => Pages(AdminClients.Anonymous(_factory))
        .UpdateCalendarAsync(doc => doc.BookingPageSettings.AccessControl = AccessControl.RestrictedToOrganization);

    private Task UnpublishAsync() => Pages(AdminClients.Anonymous(_factory)).UpdateCalendarAsync(doc => doc.IsPublished = false);

    private static object Booking => new
    {
        serviceId = "consult",
        staffId = "anna",
        start = "2026-12-01T10:00:00+01:00",
        customer = new { name = "Jan Kowalski", email = "jan@example.com" },
    };

    [Fact]
    public async Task AnAnonymousVisitorOfARestrictedCalendarIsOfferedSignInBackToThePage()
    {
        await RestrictAsync();
        using var client = AdminClients.Anonymous(_factory);

        var page = await client.GetAsync("/book/contoso/consult?date=2026-12-01");
        var api = await client.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", Booking);

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/admin/signin?returnUrl=%2Fbook%2Fcontoso%2Fconsult%3Fdate%3D2026-12-01\"", html);
        Assert.Contains(">Sign in</a>", html);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Contains("sign_in_required", await api.Content.ReadAsStringAsync());
        Assert.Empty(await Pages(client).AppointmentsAsync());
    }

    [Fact]
    public async Task SigningInFromTheRestrictedPageComesBackToIt()
    {
        await RestrictAsync();
        await AdminClients.SignedInAsync(_factory, "someone@contoso.example"); // the account exists
        using var client = AdminClients.Anonymous(_factory);
        var signIn = await client.GetStringAsync("/admin/signin?returnUrl=%2Fbook%2Fcontoso");

        var signedIn = await client.PostAsync("/admin/signin", new FormUrlEncodedContent(
        [
            new("email", "someone@contoso.example"), new("password", AdminClients.Password), new("returnUrl", "/book/contoso"),
            new("__RequestVerificationToken", AdminClients.AntiforgeryToken(signIn)),
        ]));

        Assert.Equal("/book/contoso", signedIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/book/contoso")).StatusCode);
    }

    [Fact]
    public async Task ASignedInUserSeesAndBooksARestrictedCalendarThroughThePage()
    {
        await RestrictAsync();
        using var client = await AdminClients.SignedInAsync(_factory, "someone@contoso.example");
        var pages = Pages(client);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/book/contoso")).StatusCode);
        var booked = await pages.PostDetailsAsync(DetailsUrl, ("name", "Jan Kowalski"), ("email", "jan@example.com"));

        Assert.Equal(HttpStatusCode.SeeOther, booked.StatusCode);
        Assert.StartsWith("/manage/", booked.Headers.Location!.OriginalString);
        Assert.Equal("Jan Kowalski", Assert.Single(await pages.AppointmentsAsync()).Attendees[0].Name);
    }

    [Fact]
    public async Task ASignedInUserSeesAndBooksARestrictedCalendarThroughTheApi()
    {
        await RestrictAsync();
        using var client = await AdminClients.SignedInAsync(_factory, "someone@contoso.example");

        var calendar = await client.GetAsync("/api/v1/calendars/contoso");
        var availability = await client.GetAsync("/api/v1/calendars/contoso/availability?serviceId=consult&from=2026-12-01&to=2026-12-01");
        var booked = await client.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", Booking);

        Assert.Equal(HttpStatusCode.OK, calendar.StatusCode);
        Assert.Equal(HttpStatusCode.OK, availability.StatusCode);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
    }

    [Fact]
    public async Task AOneTimePasswordStillToChangeDoesNotOpenARestrictedCalendar()
    {
        await RestrictAsync();
        var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Bookings.Core.Admin.IUserStore>(_factory.Services);
        await users.AddAsync(new Bookings.Core.Admin.AdminUser("u-otp", "new@contoso.example", "New", false, MustChangePassword: true, 0, null,
            BookingsFactory.DefaultNow), Bookings.Core.Admin.AdminPasswords.Hash(AdminClients.Password), CancellationToken.None);
        using var client = AdminClients.Anonymous(_factory);
        var token = AdminClients.AntiforgeryToken(await client.GetStringAsync("/admin/signin"));
        await client.PostAsync("/admin/signin", new FormUrlEncodedContent(
            [new("email", "new@contoso.example"), new("password", AdminClients.Password), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/book/contoso")).StatusCode);
    }

    [Fact]
    public async Task APreviewShowsAnUnpublishedCalendarToSomeoneWithARole()
    {
        await UnpublishAsync();
        using var client = await AdminClients.SignedInAsync(_factory, "piotr@contoso.example"); // a team member of contoso

        var home = await client.GetAsync("/book/contoso?preview=1");
        var service = await client.GetAsync("/book/contoso/consult?preview=1&date=2026-12-01");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = await home.Content.ReadAsStringAsync();
        Assert.Contains("Preview: this page is not published.", html);
        Assert.Contains("<meta name=\"robots\" content=\"noindex", html);
        Assert.Equal("noindex", home.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Contains("href=\"/book/contoso/consult?preview=1\"", html);
        Assert.Equal(HttpStatusCode.OK, service.StatusCode);
        var serviceHtml = await service.Content.ReadAsStringAsync();
        Assert.Contains("Preview: this page is not published.", serviceHtml);
        Assert.Contains("preview=1", serviceHtml[serviceHtml.IndexOf("class=\"back\"", StringComparison.Ordinal)..]);
        Assert.Contains("start=2026120", serviceHtml); // its times are shown
    }

    [Fact]
    public async Task APreviewIsPolishWhenThePageIs()
    {
        await UnpublishAsync();
        using var client = await AdminClients.SignedInAsync(_factory, "piotr@contoso.example");

        var html = await client.GetStringAsync("/book/contoso?preview=1&lang=pl");

        Assert.Contains("Podgląd: ta strona nie jest opublikowana.", html);
    }

    [Fact]
    public async Task APreviewTakesNoBooking()
    {
        await UnpublishAsync();
        using var client = await AdminClients.SignedInAsync(_factory, "anna@contoso.example");
        var pages = Pages(client);

        var refused = await pages.PostDetailsAsync(DetailsUrl + "&preview=1", ("name", "Jan Kowalski"), ("email", "jan@example.com"));
        var api = await client.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", Booking);

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("not published", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Empty(await pages.AppointmentsAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("stranger@contoso.example")]
    public async Task AnUnpublishedCalendarIsNotFoundForThoseWithoutARole(string? email)
    {
        await UnpublishAsync();
        using var client = email is null ? AdminClients.Anonymous(_factory) : await AdminClients.SignedInAsync(_factory, email);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/book/contoso?preview=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/book/contoso/consult?preview=1")).StatusCode);
    }

    [Fact]
    public async Task WithoutPreviewAnUnpublishedCalendarIsNotFoundEvenWithARole()
    {
        await UnpublishAsync();
        using var client = await AdminClients.SignedInAsync(_factory, "anna@contoso.example");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/book/contoso")).StatusCode);
    }
}
