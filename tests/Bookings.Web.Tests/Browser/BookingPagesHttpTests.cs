using System.Net;
using System.Text.RegularExpressions;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Browser;

/// <summary>The booking and manage pages over plain HTTP, no browser: status codes, antiforgery, and what a re-shown form keeps.</summary>
public sealed partial class BookingPagesHttpTests : IDisposable
{
    // BookingsFactory's clock: Monday 2026-11-30 09:00 in Warsaw. 2026-12-01 10:00 Warsaw is 09:00 UTC.
    private const string TenOClock = "20261201T0900Z";
    private const string DetailsUrl = "/book/contoso/consult?staff=anna&start=" + TenOClock;

    private readonly BookingsFactory _factory = new();
    private readonly HttpClient _client;

    private readonly PageClient _pages;

    public BookingPagesHttpTests()
    {
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _pages = new PageClient(_factory, _client);
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task AnUnknownCalendarShowsTheFriendlyNotFoundPage()
    {
        var response = await _client.GetAsync("/book/no-such-calendar");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("We can’t find that page", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheCalendarPageListsItsServicesWithDurationAndPrice()
    {
        var html = await _client.GetStringAsync("/book/contoso");
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains(">Consultation</a>", html);
        Assert.Contains("30 minutes", html);
        Assert.Contains("120 PLN", html);
        Assert.Contains(">Free</span>", html);
        Assert.Contains("href=\"/book/contoso/consult\"", html);
    }

    [Fact]
    public async Task TheServicePageListsTheFreeTimesOfTheChosenDay()
    {
        var html = await _client.GetStringAsync("/book/contoso/consult?date=2026-12-01");
        Assert.Contains("Europe/Warsaw", html);
        Assert.Contains("start=20261201T0800Z", html); // 09:00 in Warsaw, the first time of the day
        Assert.Contains("start=20261201T1530Z", html); // 16:30, the last that ends by 17:00
        Assert.DoesNotContain("start=20261201T1600Z", html);
        Assert.Contains("staff=piotr", html); // staff selection is on for the demo calendar
    }

    [Fact]
    public async Task TheServicePageShowsTimesInTheAskedTimeZone()
    {
        var html = await _client.GetStringAsync("/book/contoso/consult?date=2026-12-01&tz=America/New_York");
        Assert.Contains("<strong id=\"zone-name\">America/New_York</strong>", html);
        Assert.Contains("start=20261201T0800Z", html); // 03:00 in New York
    }

    [Fact]
    public async Task AnUnknownServiceIsNotFound()
    {
        var response = await _client.GetAsync("/book/contoso/no-such-service");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("We can’t find that page", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AHiddenServiceIsLeftOutOfTheCalendarPageAndItsPageIsNotFound()
    {
        await _pages.UpdateCalendarAsync(doc => doc.FindService("workshop")!.IsHiddenFromCustomers = true);
        Assert.DoesNotContain("Group workshop", await _client.GetStringAsync("/book/contoso"));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/book/contoso/workshop")).StatusCode);
    }

    [Fact]
    public async Task AnUnpublishedCalendarIsNotFound()
    {
        await _pages.UpdateCalendarAsync(doc => doc.IsPublished = false);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/book/contoso")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/book/contoso/consult")).StatusCode);
    }

    [Fact]
    public async Task OnlyTheCalendarsAllowedOriginsMayFrameTheBookingPage()
    {
        Assert.EndsWith("frame-ancestors 'none'", (await _client.GetAsync("/book/contoso")).Headers.GetValues("Content-Security-Policy").Single());
        await _pages.UpdateCalendarAsync(doc => doc.BookingPageSettings.FrameAncestors = ["https://www.contoso.com"]);
        Assert.EndsWith("frame-ancestors https://www.contoso.com", (await _client.GetAsync("/book/contoso")).Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task WhenConsentIsOnTheFormAsksForItAndABookingWithoutItIsRefusedByTheField()
    {
        await _pages.UpdateCalendarAsync(doc => doc.BookingPageSettings.IsCustomerConsentEnabled = true);
        await _pages.UpdateCalendarAsync(doc =>
        {
            doc.BookingPageSettings.PrivacyPolicyWebUrl = "https://contoso.example/privacy";
            doc.BookingPageSettings.TermsAndConditionsWebUrl = "https://contoso.example/terms";
        });
        var form = await _pages.GetFormAsync(DetailsUrl);
        Assert.Contains("I agree that Contoso may store my details to manage this booking.", form.Html);
        Assert.Contains("<a href=\"https://contoso.example/privacy\">Privacy policy</a>", form.Html);
        Assert.Contains("<a href=\"https://contoso.example/terms\">Terms</a>", form.Html);

        var refused = await _pages.PostAsync(DetailsUrl, form, ("name", "Jan Kowalski"), ("email", "jan@example.com"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("<p class=\"error\" id=\"consent-error\">Consent is required to book.</p>", await refused.Content.ReadAsStringAsync());

        var booked = await _pages.PostAsync(DetailsUrl, form, ("name", "Jan Kowalski"), ("email", "jan@example.com"), ("consent", "true"));
        Assert.Equal(HttpStatusCode.SeeOther, booked.StatusCode);
        Assert.NotNull(Assert.Single(await _pages.AppointmentsAsync()).Attendees.Single().ConsentAt);
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRefusedAndBooksNothing()
    {
        var response = await _client.PostAsync(DetailsUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["start"] = TenOClock,
            ["name"] = "Jan Kowalski",
            ["email"] = "jan@example.com",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await _pages.AppointmentsAsync());
    }

    [Fact]
    public async Task BookingThroughTheFormRedirectsToTheConfirmationWithTheManageLink()
    {
        var response = await _pages.PostDetailsAsync(DetailsUrl, ("name", "Jan Kowalski"), ("email", "jan@example.com"), ("answers[topic]", "Planning"));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Matches("^/manage/[A-Za-z0-9_-]{43}\\?booked=1$", location);

        var confirmation = await _client.GetAsync(location);
        Assert.Equal("no-referrer", string.Join(",", confirmation.Headers.GetValues("Referrer-Policy")));
        var html = await confirmation.Content.ReadAsStringAsync();
        Assert.Contains("Your booking is confirmed", html);
        Assert.Contains("Anna Kowalska", html);
        Assert.Contains("(Europe/Warsaw)", html);
        Assert.Contains($"href=\"http://localhost{location.Split('?')[0]}\"", html);
        var booked = Assert.Single(await _pages.AppointmentsAsync());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), booked.Start);
        Assert.Equal("Planning", booked.Attendees.Single().Answers["topic"]);
    }

    [Fact]
    public async Task SubmittingTheSameFormTwiceLandsOnTheSameBooking()
    {
        var form = await _pages.GetFormAsync(DetailsUrl);
        var fields = new[] { ("name", "Jan Kowalski"), ("email", "jan@example.com") };
        var first = await _pages.PostAsync(DetailsUrl, form, fields);
        var second = await _pages.PostAsync(DetailsUrl, form, fields);
        Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Single(await _pages.AppointmentsAsync());
    }

    [Fact]
    public async Task SendingTheSameFormAgainWithOtherDetailsKeepsTheFirstBookingAndOffersAFreshForm()
    {
        var form = await _pages.GetFormAsync(DetailsUrl);
        Assert.Equal(HttpStatusCode.SeeOther, (await _pages.PostAsync(DetailsUrl, form, ("name", "Jan Kowalski"), ("email", "jan@example.com"))).StatusCode);

        var again = await _pages.PostAsync(DetailsUrl, form, ("name", "Jan Kowalski"), ("email", "other@example.com"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var html = await again.Content.ReadAsStringAsync();
        Assert.Contains("This form was already sent.", html);
        Assert.DoesNotContain("name=\"key\" value=\"" + form.Key + "\"", html);
        Assert.Single(await _pages.AppointmentsAsync());
    }

    [Fact]
    public async Task AnInvalidEmailShowsTheFormAgainWithTheErrorByTheFieldAndKeepsWhatWasTyped()
    {
        var response = await _pages.PostDetailsAsync(DetailsUrl, ("name", "Jan <b>Kowalski</b>"), ("email", "not-an-email"), ("notes", "Second floor"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"error\" id=\"email-error\">This is not a valid email address.</p>", html);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"email-error\"", html);
        Assert.Contains("value=\"Jan &lt;b&gt;Kowalski&lt;/b&gt;\"", html);
        Assert.Contains(">Second floor</textarea>", html);
        Assert.Empty(await _pages.AppointmentsAsync());
    }

    [Fact]
    public async Task ATakenTimeShowsTheFormAgainWithTheNearestFreeTimes()
    {
        // Two customers open the same time; the first to submit gets it.
        var first = await _pages.GetFormAsync(DetailsUrl);
        var second = await _pages.GetFormAsync(DetailsUrl);
        Assert.Equal(HttpStatusCode.SeeOther, (await _pages.PostAsync(DetailsUrl, first, ("name", "First"), ("email", "first@example.com"))).StatusCode);

        var response = await _pages.PostAsync(DetailsUrl, second, ("name", "Second Customer"), ("email", "second@example.com"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("This slot has just been taken.", html);
        Assert.Contains("value=\"Second Customer\"", html);
        Assert.Contains("Pick another time", html);
        Assert.Contains("name=\"start\" value=\"20261201T0830Z\"", html);
        Assert.Contains("name=\"start\" value=\"20261201T0930Z\"", html);
        Assert.DoesNotContain("id=\"alt-" + TenOClock + "\"", html);
    }

    [Fact]
    public async Task ABadManageTokenShowsTheNotFoundPageWithoutAReferrer()
    {
        var response = await _client.GetAsync("/manage/" + new string('x', 43));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("We can’t find that page", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheManagePageCancelsByPostAndTheLinkIsThenNotFound()
    {
        var manage = (await _pages.PostDetailsAsync(DetailsUrl, ("name", "Jan Kowalski"), ("email", "jan@example.com"))).Headers.Location!.ToString().Split('?')[0];

        var form = await _pages.GetFormAsync(manage);
        Assert.Contains("Cancel booking", form.Html);
        var cancelled = await _pages.PostAsync(manage, form);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Contains("Your booking has been cancelled", await cancelled.Content.ReadAsStringAsync());
        Assert.Empty(await _pages.AppointmentsAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(manage)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _pages.PostAsync(manage, form)).StatusCode);
    }

    private async Task<string> BookThroughThePageAsync(params (string Name, string Value)[] more) =>
        (await _pages.PostDetailsAsync(DetailsUrl, [("name", "Jan Kowalski"), ("email", "jan@example.com"), .. more])).Headers.Location!.ToString().Split('?')[0];

    [Fact]
    public async Task TheManagePageMovesTheBookingToAFreeTimeOfAnotherDay()
    {
        var manage = await BookThroughThePageAsync();

        var day = await _pages.GetFormAsync(manage + "?date=2026-12-02");
        Assert.Contains("Change the time", day.Html);
        Assert.Contains("value=\"2026-12-02T08:00:00Z\"", day.Html); // 09:00 in Warsaw on Wednesday
        var moved = await _client.PostAsync(manage + "?handler=Reschedule", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", day.Token), new("start", "2026-12-02T08:00:00Z")]));

        Assert.Equal(HttpStatusCode.SeeOther, moved.StatusCode);
        Assert.Equal(manage + "?moved=1", moved.Headers.Location!.ToString());
        var page = await _client.GetStringAsync(manage + "?moved=1");
        Assert.Contains("Your booking has been moved", page);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), Assert.Single(await _pages.AppointmentsAsync()).Start);
    }

    [Fact]
    public async Task MovingToATakenTimeSaysSoAndKeepsTheBooking()
    {
        var manage = await BookThroughThePageAsync();
        var day = await _pages.GetFormAsync(manage);
        await _pages.UpdateCalendarAsync(doc => doc.SchedulingPolicy.AllowStaffSelection = true);
        // Someone takes 11:00 with every staff member meanwhile.
        foreach (var staff in new[] { "anna", "piotr", "maria" })
            await _pages.PostDetailsAsync($"/book/contoso/consult?staff={staff}&start=20261201T1000Z", ("name", "Other " + staff), ("email", $"{staff}-x@example.com"));

        var refused = await _client.PostAsync(manage + "?handler=Reschedule", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", day.Token), new("start", "2026-12-01T10:00:00Z")]));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("role=\"alert\"", await refused.Content.ReadAsStringAsync());
        Assert.Contains(await _pages.AppointmentsAsync(), a => a.Start == new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero) && a.Attendees[0].Name == "Jan Kowalski");
    }

    [Theory]
    [InlineData("en", "This time has already passed.")]
    [InlineData("pl", "Ten termin już minął.")]
    public async Task BookingOrMovingToATimeThatHasPassedSaysSoInTheCustomersLanguage(string lang, string passed)
    {
        await _pages.UpdateCalendarAsync(doc => doc.SchedulingPolicy.MinimumLeadTime = TimeSpan.Zero);

        // 08:00 in Warsaw, an hour ago.
        foreach (var html in await BookAndMoveToAsync(lang, "20261130T0700Z", "2026-11-30T07:00:00Z", HttpStatusCode.UnprocessableEntity))
        {
            Assert.Contains(passed, html);
            Assert.DoesNotContain("least 0 minutes", html);
            Assert.DoesNotContain("najmniej 0 minut", html);
        }
    }

    /// <summary>
    /// A customer books tomorrow 10:00 with a second booking form kept open; then that form is sent with <paramref name="bookingStart"/>
    /// and the manage page's move form with <paramref name="moveStart"/>. Both must be refused with <paramref name="status"/> and an
    /// alert (answered: their pages), and the booking stands.
    /// </summary>
    private async Task<string[]> BookAndMoveToAsync(string lang, string bookingStart, string moveStart, HttpStatusCode status)
    {
        var form = await _pages.GetFormAsync(DetailsUrl);
        var manage = await BookThroughThePageAsync();
        var manageForm = await _pages.GetFormAsync(manage);

        var booked = await _pages.PostAsync($"/book/contoso/consult?staff=anna&start={bookingStart}&lang={lang}", form, ("name", "Ewa Nowak"), ("email", "ewa@example.com"));
        var moved = await _client.PostAsync($"{manage}?handler=Reschedule&lang={lang}", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", manageForm.Token), new("start", moveStart)]));

        var pages = new List<string>();
        foreach (var refused in new[] { booked, moved })
        {
            Assert.Equal(status, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("role=\"alert\"", html);
            pages.Add(html);
        }
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), Assert.Single(await _pages.AppointmentsAsync()).Start);
        return [.. pages];
    }

    [Theory]
    [InlineData("en", "The date 2027-02-29 does not exist.")]
    [InlineData("pl", "Data 2027-02-29 nie istnieje.")]
    public async Task ADateThatDoesNotExistIsNamedOnTheBookingAndManagePages(string lang, string message)
    {
        foreach (var html in await BookAndMoveToAsync(lang, "20270229T0900Z", "2027-02-29T09:00:00Z", HttpStatusCode.BadRequest))
            Assert.Contains(message, html);
    }

    [Fact]
    public async Task TheBookingDownloadsAsAnIcsFile()
    {
        var manage = await BookThroughThePageAsync();

        var ics = await _client.GetAsync(manage + "?handler=Ics");

        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", ics.Content.Headers.ContentDisposition?.ToString());
        var text = await ics.Content.ReadAsStringAsync();
        Assert.Contains("BEGIN:VEVENT", text);
        Assert.Contains("DTSTART;TZID=Europe/Warsaw:20261201T100000", text.Split("\r\n"));
        Assert.Equal("no-referrer", string.Join(",", ics.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task TheDownloadedIcsKeepsEveryCharacterOfAnEmojiNameWhole()
    {
        var service = string.Concat(Enumerable.Repeat("😀", 60));
        var name = string.Concat(Enumerable.Repeat("🙂", 100));
        await _pages.UpdateCalendarAsync(doc => doc.FindService("consult")!.DisplayName = service);
        var manage = (await _pages.PostDetailsAsync(DetailsUrl, ("name", name), ("email", "jan@example.com"))).Headers.Location!.ToString().Split('?')[0];

        var bytes = await _client.GetByteArrayAsync(manage + "?handler=Ics");

        var text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.All(text.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        var lines = text.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.DoesNotContain('\uFFFD', text);
        Assert.Contains(lines, l => l.StartsWith("SUMMARY:" + service + " — ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ATTENDEE;CN=" + name + ";", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("en", "A control character (a line break, a tab…) cannot be part of this value; remove it.")]
    [InlineData("pl", "Znak sterujący (podział wiersza, tabulator…) nie może być częścią tej wartości; usuń go.")]
    public async Task AnEmailAddressWithALineFeedIsRefusedOnThePageInItsLanguage(string lang, string message)
    {
        var response = await _pages.PostDetailsAsync(DetailsUrl + "&lang=" + lang, ("name", "Jan Kowalski"), ("email", "jan@example.com\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(message), await response.Content.ReadAsStringAsync());
        Assert.Empty(await _pages.AppointmentsAsync());
    }

    [Fact]
    public async Task TheSmsOptInAndTheBrowsersLanguageAreKeptWithTheBooking()
    {
        await _pages.UpdateCalendarAsync(doc =>
        {
            doc.FindService("consult")!.SmsNotificationsEnabled = true;
            doc.SmsAllowedRegions = ["PL"];
        });
        Assert.Contains("name=\"smsOptIn\"", (await _pages.GetFormAsync(DetailsUrl)).Html);
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pl-PL,pl;q=0.9,en;q=0.5");

        await BookThroughThePageAsync(("phone", "600 100 200"), ("smsOptIn", "true"));

        var attendee = Assert.Single(await _pages.AppointmentsAsync()).Attendees.Single();
        Assert.True(attendee.SmsOptIn);
        Assert.Equal("pl", attendee.Language);
    }

    [Fact]
    public async Task ACalendarRestrictedToItsOrganisationAnswers401OnPagesAndApi()
    {
        await _pages.UpdateCalendarAsync(doc => doc.BookingPageSettings.AccessControl = AccessControl.RestrictedToOrganization);

        var page = await _client.GetAsync("/book/contoso");
        var service = await _client.GetAsync("/book/contoso/consult");
        var api = await _client.GetAsync("/api/v1/calendars/contoso/availability?serviceId=consult&from=2026-12-01&to=2026-12-01");

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("Sign-in required", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, service.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Contains("sign_in_required", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InsideTheMinimumLeadTimeTheManagePageNeitherMovesNorCancelsAndSaysWhy()
    {
        var manage = await BookThroughThePageAsync();
        var form = await _pages.GetFormAsync(manage);
        _factory.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero)); // 30 minutes before

        var html = await _client.GetStringAsync(manage);
        Assert.Contains("It is too late to change the time of this booking online.", html);
        Assert.Contains("can no longer be cancelled online", html);
        Assert.DoesNotContain("Move my booking", html);
        Assert.DoesNotContain("Cancel booking", html);

        var moved = await _client.PostAsync(manage + "?handler=Reschedule", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", form.Token), new("start", "2026-12-02T08:00:00Z")]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);
        Assert.Contains("role=\"alert\"", await moved.Content.ReadAsStringAsync());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), Assert.Single(await _pages.AppointmentsAsync()).Start);
    }

    [Fact]
    public async Task TheTimeZoneListIsSentOnlyWhenTheChooserIsOpened()
    {
        var plain = await _client.GetStringAsync("/book/contoso/consult?date=2026-12-01");
        Assert.DoesNotContain("<select id=\"tz\"", plain);
        Assert.Contains("href=\"/book/contoso/consult?choosetz=1&amp;date=2026-12-01#tz\"", plain);

        var chooser = await _client.GetStringAsync("/book/contoso/consult?date=2026-12-01&choosetz=1");
        Assert.Contains("<select id=\"tz\" name=\"tz\">", chooser);
        Assert.Contains("<option selected>Europe/Warsaw</option>", chooser);
        Assert.Contains("<option>America/New_York</option>", chooser);
        Assert.Contains("name=\"date\" value=\"2026-12-01\"", chooser);
    }

    [Fact]
    public async Task ACalendarThatAsksNotToBeIndexedSaysSoInTheHeaderAndTheMetaTag()
    {
        Assert.False((await _client.GetAsync("/book/contoso")).Headers.Contains("X-Robots-Tag"));
        await _pages.UpdateCalendarAsync(doc => doc.BookingPageSettings.IsSearchEngineIndexabilityDisabled = true);

        var response = await _client.GetAsync("/book/contoso/consult");

        Assert.Equal("noindex", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", await response.Content.ReadAsStringAsync());
    }



}
