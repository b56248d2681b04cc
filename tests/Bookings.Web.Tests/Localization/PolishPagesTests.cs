using System.Net;
using System.Text.RegularExpressions;
using Bookings.Core.Booking;
using Bookings.Core.Store;
using Bookings.Web.Tests.Api;
using Bookings.Web.Tests.Browser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Localization;

/// <summary>The public pages in Polish: chosen by the browser or by ?lang, every word and date Polish, and ?lang carried through the flow.</summary>
public sealed partial class PolishPagesTests : IDisposable
{
    // BookingsFactory's clock: Monday 2026-11-30 09:00 in Warsaw. 2026-12-01 10:00 Warsaw is 09:00 UTC.
    private const string DetailsUrl = "/book/contoso/consult?staff=anna&start=20261201T0900Z";

    // English words of the page chrome that must not be left on a Polish page (the calendar's own data, such as service names, may be English).
    private static readonly string[] EnglishWords =
    [
        "<html lang=\"en\">", "Skip to content", "Online booking by", "Choose a service", "Times are shown", "Change time zone", ">Time zone<",
        ">Show times<", "Your details", "(required)", ">Name", ">Email", ">Phone", ">Notes<", "All services", "With whom", ">Anyone<",
        ">Day<", "Previous month", "Next month", " free time", " left<", " minutes<", " hour", ">Free<", "people</span>", ">Book<",
        "Your booking", "Cancel booking", "Change the time", "Add to my calendar", "Keep this link", "Show free times", "Move my booking",
        "We can’t find", "Check that the address", "There is no", "Some details need attention", "This is not a valid", ">When<", ">With<",
        ">Service<", "Monday", "Tuesday", "December", "November", ">Mon<", ">Tue<", " AM", " PM",
    ];

    private readonly BookingsFactory _factory = new();
    private readonly HttpClient _client;

    private readonly PageClient _pages;

    public PolishPagesTests()
    {
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _pages = new PageClient(_factory, _client);
    }

    public void Dispose() => _factory.Dispose();

    private void PolishBrowser() => _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pl-PL,pl;q=0.9,en;q=0.5");

    private static void AssertPolish(string html)
    {
        Assert.Contains("<html lang=\"pl\">", html);
        Assert.Contains("Przejdź do treści", html);
        foreach (var english in EnglishWords) Assert.DoesNotContain(english, html);
    }

    [Fact]
    public async Task APolishBrowserGetsTheCalendarPageInPolish()
    {
        PolishBrowser();
        var html = await _client.GetStringAsync("/book/contoso");
        AssertPolish(html);
        Assert.Contains("Wybierz usługę, aby zobaczyć wolne terminy.", html);
        Assert.Contains("30 minut", html);
        Assert.Contains("1 godzina", html);
        Assert.Contains(">Bezpłatnie</span>", html);
        Assert.Contains("do 5 osób", html);
        Assert.Contains("href=\"/book/contoso/consult\"", html); // the browser chose: nothing to carry
    }

    [Fact]
    public async Task TheServicePageIsPolishWithAMondayFirstMonthAndPolishDates()
    {
        PolishBrowser();
        var html = await _client.GetStringAsync("/book/contoso/consult?date=2026-12-01");
        AssertPolish(html);
        Assert.Contains("Godziny podano w strefie czasowej <strong id=\"zone-name\">Europe/Warsaw</strong>.", html);
        Assert.Contains("Zmień strefę czasową", html);
        Assert.Contains("Dowolna osoba", html);
        Assert.Contains(">grudzień 2026</strong>", html);
        Assert.Contains("Terminy w dniu wtorek, 1 grudnia 2026", html);
        Assert.Contains(">09:00</a>", html);
        Assert.Contains(">16:30</a>", html);
        var headers = WeekdayHeader().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(7, headers.Count);
        Assert.Equal("poniedziałek", headers[0]);
        Assert.Equal("niedziela", headers[6]);
        Assert.Contains("aria-label=\"wtorek, 1 grudnia 2026, 16 wolnych terminów\"", html);
    }

    [Fact]
    public async Task TheDetailsFormIsPolish()
    {
        PolishBrowser();
        var html = await _client.GetStringAsync(DetailsUrl);
        AssertPolish(html);
        Assert.Contains("Twoje dane", html);
        Assert.Contains("<label for=\"name\">Imię i nazwisko <span class=\"req\">(wymagane)</span></label>", html);
        Assert.Contains("<label for=\"phone\">Telefon</label>", html);
        Assert.Contains("<label for=\"notes\">Uwagi</label>", html);
        Assert.Contains("<dd><span class=\"when\">wtorek, 1 grudnia 2026, 10:00 – 10:30</span>", html);
        Assert.Contains(">Zmień termin</a>", html);
        Assert.Contains("<button type=\"submit\">Zarezerwuj</button>", html);
    }

    [Fact]
    public async Task ValidationErrorsAreShownInPolish()
    {
        PolishBrowser();
        var response = await _pages.PostDetailsAsync(DetailsUrl, ("name", ""), ("email", "not-an-email"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        AssertPolish(html);
        Assert.Contains("<strong>Niektóre dane wymagają poprawy.</strong>", html);
        Assert.Contains("<p class=\"error\" id=\"email-error\">To nie jest prawidłowy adres e-mail.</p>", html);
        Assert.Contains("<p class=\"error\" id=\"name-error\">Podaj imię i nazwisko.</p>", html);
        Assert.Contains(">E-mail: To nie jest prawidłowy adres e-mail.</a>", html);
    }

    [Fact]
    public async Task ATakenTimeIsExplainedInPolish()
    {
        PolishBrowser();
        var first = await _pages.GetFormAsync(DetailsUrl);
        var second = await _pages.GetFormAsync(DetailsUrl);
        Assert.Equal(HttpStatusCode.SeeOther, (await _pages.PostAsync(DetailsUrl, first, ("name", "Jan Kowalski"), ("email", "jan@example.com"))).StatusCode);

        var response = await _pages.PostAsync(DetailsUrl, second, ("name", "Ewa Nowak"), ("email", "ewa@example.com"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        AssertPolish(html);
        Assert.Contains("Ten termin został właśnie zajęty.", html);
        Assert.Contains("<legend>Wybierz inny termin</legend>", html);
    }

    [Fact]
    public async Task TheConfirmationAndCancelledPagesArePolish()
    {
        PolishBrowser();
        var location = (await _pages.PostDetailsAsync(DetailsUrl, ("name", "Jan Kowalski"), ("email", "jan@example.com"))).Headers.Location!.ToString();

        var confirmation = await _client.GetStringAsync(location);
        AssertPolish(confirmation);
        Assert.Contains("Twoja rezerwacja została potwierdzona", confirmation);
        Assert.Contains("<span class=\"when\">wtorek, 1 grudnia 2026, 10:00 – 10:30</span>", confirmation);
        Assert.Contains("Dodaj do mojego kalendarza (.ics)", confirmation);
        Assert.Contains("Zachowaj ten link", confirmation);
        Assert.Contains("<h2 id=\"move-h\">Zmień termin</h2>", confirmation);
        Assert.Contains("Pokaż wolne terminy", confirmation);
        Assert.Contains("Przenieś moją rezerwację", confirmation);
        Assert.Contains(">Anuluj rezerwację</button>", confirmation);

        var manage = location.Split('?')[0];
        var cancelled = await _pages.PostAsync(manage, await _pages.GetFormAsync(manage));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var html = await cancelled.Content.ReadAsStringAsync();
        AssertPolish(html);
        Assert.Contains("Twoja rezerwacja została anulowana", html);
        Assert.Contains("Zarezerwuj inny termin", html);
    }

    [Fact]
    public async Task TheNotFoundPageIsPolish()
    {
        PolishBrowser();
        foreach (var url in new[] { "/book/no-such-calendar", "/book/contoso/no-such-service", "/manage/" + new string('x', 43) })
        {
            var response = await _client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            AssertPolish(html);
            Assert.Contains("Nie możemy znaleźć tej strony", html);
        }
        Assert.Contains("Pod tym adresem nie ma strony rezerwacji.", await (await _client.GetAsync("/book/no-such-calendar?lang=pl")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LangEnOverridesAPolishBrowserAndIsKeptInTheLinks()
    {
        PolishBrowser();
        var calendar = await _client.GetStringAsync("/book/contoso?lang=en");
        Assert.Contains("<html lang=\"en\">", calendar);
        Assert.Contains("Choose a service to see the free times.", calendar);
        Assert.Contains("href=\"/book/contoso/consult?lang=en\"", calendar);

        var service = await _client.GetStringAsync("/book/contoso/consult?date=2026-12-01&lang=en");
        Assert.Contains("Times on Tuesday, December 1, 2026", service); // the calendar is en-US
        Assert.Contains("href=\"/book/contoso?lang=en\"", service); // all services, and the brand
        Assert.Contains("start=20261201T0800Z&amp;lang=en#details", service);
        Assert.Contains("href=\"/book/contoso/consult?choosetz=1&amp;date=2026-12-01&amp;lang=en#tz\"", service); // the time zone chooser keeps it
        var chooser = await _client.GetStringAsync("/book/contoso/consult?date=2026-12-01&lang=en&choosetz=1");
        Assert.Contains("<input type=\"hidden\" name=\"lang\" value=\"en\">", chooser); // the time zone form
        Assert.DoesNotContain("Wybierz", service);
    }

    [Fact]
    public async Task LangPlBooksInPolishAndTheAttendeeKeepsPolish()
    {
        var form = await _pages.GetFormAsync(DetailsUrl + "&lang=pl");
        AssertPolish(form.Html);

        var booked = await _pages.PostAsync(DetailsUrl + "&lang=pl", form, ("name", "Jan Kowalski"), ("email", "jan@example.com"));

        Assert.Equal(HttpStatusCode.SeeOther, booked.StatusCode);
        var location = booked.Headers.Location!.ToString();
        Assert.Matches("^/manage/[A-Za-z0-9_-]{43}\\?booked=1&lang=pl$", location);
        Assert.Equal("pl", Assert.Single(await _pages.AppointmentsAsync()).Attendees.Single().Language);
        AssertPolish(await _client.GetStringAsync(location));
        // Without ?lang or a browser preference, the manage page speaks the language the customer booked in.
        AssertPolish(await _client.GetStringAsync(location.Split('?')[0]));
    }

    [Fact]
    public async Task TheLanguageSwitcherLinksToThisPageInEachLanguage()
    {
        PolishBrowser();
        var html = await _client.GetStringAsync("/book/contoso/consult?date=2026-12-01");
        Assert.Contains("<nav class=\"langs\" aria-label=\"Język\">", html);
        Assert.Contains("<a href=\"/book/contoso/consult?date=2026-12-01&amp;lang=en\" hreflang=\"en\" lang=\"en\">English</a>", html);
        Assert.Contains("<a href=\"/book/contoso/consult?date=2026-12-01&amp;lang=pl\" hreflang=\"pl\" lang=\"pl\" aria-current=\"true\">Polski</a>", html);

        var english = await _client.GetStringAsync("/book/contoso?lang=en");
        Assert.Contains("<a href=\"/book/contoso?lang=en\" hreflang=\"en\" lang=\"en\" aria-current=\"true\">English</a>", english);
        Assert.Contains("<a href=\"/book/contoso?lang=pl\" hreflang=\"pl\" lang=\"pl\">Polski</a>", english);
    }

    [Fact]
    public async Task TheGroupWorkshopCountsSeatsLeftInPolish()
    {
        // 09:00 and 10:00 in Warsaw on Tuesday: three seats taken at nine, four at ten; eleven is empty.
        await BookSeatsAsync(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), 3);
        await BookSeatsAsync(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), 4);

        var html = await _client.GetStringAsync("/book/contoso/workshop?date=2026-12-01&lang=pl");

        AssertPolish(html);
        Assert.Contains("09:00 <span class=\"seats\"> · zostały 2 miejsca</span>", html);
        Assert.Contains("10:00 <span class=\"seats\"> · zostało 1 miejsce</span>", html);
        Assert.Contains("11:00 <span class=\"seats\"> · zostało 5 miejsc</span>", html);
    }

    [Fact]
    public async Task TheSignInRequiredPageIsPolish()
    {
        PolishBrowser();
        var (store, mailbox) = await _pages.ContosoAsync();
        mailbox.Document.BookingPageSettings.AccessControl = Bookings.Core.Calendars.AccessControl.RestrictedToOrganization;
        await store.UpdateMailboxAsync(mailbox.Id, mailbox.Document, mailbox.Version);

        var response = await _client.GetAsync("/book/contoso");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        AssertPolish(html);
        Assert.Contains("Wymagane logowanie", html);
    }

    private async Task BookSeatsAsync(DateTimeOffset start, int seats)
    {
        var handler = _factory.Services.GetRequiredService<BookingHandler>();
        for (var i = 0; i < seats; i++)
        {
            var (_, mailbox) = await _pages.ContosoAsync();
            await handler.BookAsync(mailbox, new BookingRequest
            {
                ServiceId = "workshop",
                Start = start,
                Customer = new CustomerDetails { Name = $"Guest {i}", Email = $"guest{i}-{start.Hour}@example.com" },
                Answers = new() { ["level"] = "Beginner" },
            }, null, token => "http://localhost/manage/" + token);
        }
    }


    [GeneratedRegex("<th scope=\"col\"><abbr title=\"([^\"]+)\">")]
    private static partial Regex WeekdayHeader();


}
