using System.Net;
using System.Net.Http.Json;
using Bookings.Core.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Microsoft.Playwright.Assertions;

namespace Bookings.Web.Tests.Browser;

/// <summary>The rest of the customer's journey in Chromium: reschedule, group seats, a slot taken mid-form, and embedding.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FlowBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly string? ScreenshotFolder = Environment.GetEnvironmentVariable("BOOKINGS_SCREENSHOTS");

    private async Task<(IBrowserContext Context, IPage Page, BookingPage Booking)> OpenAsync(LiveApp app, bool javaScript = true)
    {
        var context = await chromium.NewContextAsync(new()
        {
            JavaScriptEnabled = javaScript,
            Locale = "en-GB",
            TimezoneId = "Europe/Warsaw",
            ViewportSize = new() { Width = 900, Height = 900 },
        });
        var page = await context.NewPageAsync();
        return (context, page, new BookingPage(page, app.BaseAddress));
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (string.IsNullOrEmpty(ScreenshotFolder)) return;
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name), FullPage = true });
    }

    private static async Task UpdateCalendarAsync(LiveApp app, Action<Bookings.Core.Calendars.CalendarDocument> change)
    {
        var store = app.Factory.Services.GetRequiredService<IBookingStore>();
        var mailbox = (await store.GetMailboxBySlugAsync("contoso"))!;
        change(mailbox.Document);
        await store.UpdateMailboxAsync(mailbox.Id, mailbox.Document, mailbox.Version);
    }

    [Fact]
    public async Task ACustomerMovesTheirBookingToAnotherDayOnTheManagePageWithoutJavaScript()
    {
        using var app = new LiveApp();
        var (context, page, booking) = await OpenAsync(app, javaScript: false);
        await using var _ = context;

        await booking.OpenAsync("contoso");
        await booking.PickServiceAsync("Consultation");
        await booking.PickFirstFreeDayAsync();
        await booking.PickFirstTimeAsync();
        await booking.FillDetailsAsync("Jan Kowalski", "jan@example.com");
        await booking.SubmitAsync();
        await booking.OpenManageLinkAsync();
        await ScreenshotAsync(page, "manage.png");

        await page.GetByLabel("Day").FillAsync("2026-12-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show free times" }).ClickAsync();
        await page.Locator("fieldset.times input[type=radio]").First.CheckAsync();
        var chosen = await page.Locator("fieldset.times label").First.InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move my booking" }).ClickAsync();

        await Expect(page.Locator(".notice")).ToContainTextAsync("Your booking has been moved");
        await Expect(booking.ChosenTime).ToContainTextAsync("December 10, 2026"); // the demo calendar is en-US
        await Expect(booking.ChosenTime).ToContainTextAsync(chosen.Trim());
        Assert.Empty(booking.ForeignRequests);
    }

    [Fact]
    public async Task AGroupServiceShowsSeatsLeftAndAFullTimeDisappears()
    {
        using var app = new LiveApp();
        await UpdateCalendarAsync(app, doc => doc.FindService("workshop")!.MaximumAttendeesCount = 2);
        using var api = new HttpClient { BaseAddress = app.BaseAddress };
        async Task BookSeatAsync(string name) => Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "workshop",
            start = "2026-12-02T10:00:00+01:00",
            customer = new { name, email = $"{name.ToLowerInvariant()}@example.com" },
            answers = new Dictionary<string, string> { ["level"] = "Beginner" },
        })).StatusCode);
        await BookSeatAsync("Ola");
        var (context, page, _) = await OpenAsync(app);
        await using var __ = context;

        await page.GotoAsync(new Uri(app.BaseAddress, "/book/contoso/workshop?date=2026-12-02").ToString());
        var ten = page.Locator("ul.slots a", new() { HasText = "10:00" });
        await Expect(ten).ToContainTextAsync("1 seat left");
        await ScreenshotAsync(page, "group-service.png");

        await BookSeatAsync("Ewa");
        await page.ReloadAsync();
        await Expect(page.Locator("ul.slots a", new() { HasText = "10:00" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task WhenTheTimeIsTakenWhileTheFormIsOpenThePageSaysSoKeepsTheDetailsAndOffersTheNearestTimes()
    {
        using var app = new LiveApp();
        await UpdateCalendarAsync(app, doc => doc.FindService("consult")!.StaffMemberIds = ["anna"]);
        var (context, page, booking) = await OpenAsync(app);
        await using var _ = context;
        await page.GotoAsync(new Uri(app.BaseAddress, "/book/contoso/consult?start=20261202T0900Z").ToString());
        await booking.FillDetailsAsync("Jan Kowalski", "jan@example.com");
        await page.GetByLabel("Notes").FillAsync("Please bring the contract.");

        // Someone else takes 10:00 meanwhile.
        using var api = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "consult",
            start = "2026-12-02T10:00:00+01:00",
            customer = new { name = "Other", email = "other@example.com" },
        })).StatusCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Book" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("taken");
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync("Jan Kowalski");
        await Expect(page.GetByLabel("Notes")).ToHaveValueAsync("Please bring the contract.");
        var alternatives = page.Locator("fieldset.alternatives input[type=radio]");
        Assert.True(await alternatives.CountAsync() > 0);
        await ScreenshotAsync(page, "slot-taken.png");

        await alternatives.First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Book" }).ClickAsync();
        await Expect(booking.Heading).ToHaveTextAsync("Your booking is confirmed");
    }

    [Fact]
    public async Task ThePageIsFramedOnlyByTheCalendarsAllowedOrigins()
    {
        using var app = new LiveApp();
        using var allowed = WireMockServer.Start();
        using var refused = WireMockServer.Start();
        foreach (var host in new[] { allowed, refused })
            host.Given(Request.Create().WithPath("/embed").UsingGet()).RespondWith(Response.Create().WithHeader("Content-Type", "text/html")
                .WithBody($"<!DOCTYPE html><html><body><iframe id=\"booking\" src=\"{new Uri(app.BaseAddress, "/book/contoso")}\" width=\"800\" height=\"600\"></iframe></body></html>"));
        await UpdateCalendarAsync(app, doc => doc.BookingPageSettings.FrameAncestors = [allowed.Urls[0]]);
        var (context, page, _) = await OpenAsync(app);
        await using var __ = context;

        await page.GotoAsync(allowed.Urls[0] + "/embed");
        var inside = page.FrameLocator("#booking");
        await Expect(inside.Locator("h1")).ToHaveTextAsync("Contoso Consulting");

        var csp = (await new HttpClient { BaseAddress = app.BaseAddress }.GetAsync("/book/contoso")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors " + allowed.Urls[0], csp);
        await page.GotoAsync(refused.Urls[0] + "/embed");
        var frame = page.Frames.Single(f => f != page.MainFrame);
        await frame.WaitForLoadStateAsync(LoadState.Load); // the refused frame has finished (with Chromium's error document)
        // Chromium shows its own error document in the refused frame: none of the booking page reaches it.
        Assert.Equal(0, await page.FrameLocator("#booking").Locator("h1", new() { HasText = "Contoso Consulting" }).CountAsync());
        Assert.DoesNotContain("Contoso", await frame.ContentAsync());

        // The manage page is never frameable.
        var manage = await new HttpClient { BaseAddress = app.BaseAddress }.GetAsync("/manage/" + new string('x', 43));
        Assert.Contains("frame-ancestors 'none'", manage.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task APolishBrowserBooksInPolishAndGetsPolishDates()
    {
        using var app = new LiveApp();
        await using var context = await chromium.NewContextAsync(new()
        {
            Locale = "pl-PL",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = "pl-PL,pl;q=0.9" },
            TimezoneId = "Europe/Warsaw",
            ViewportSize = new() { Width = 900, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var booking = new BookingPage(page, app.BaseAddress);

        await booking.OpenAsync("contoso");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "pl");
        await page.GetByRole(AriaRole.Link, new() { Name = "Consultation", Exact = true }).ClickAsync();
        await page.Locator("table.month td.free a").First.ClickAsync();
        await ScreenshotAsync(page, "booking-page-pl.png");
        await page.Locator("ul.slots a").First.ClickAsync();
        await page.GetByLabel("Imię i nazwisko").FillAsync("Jan Kowalski");
        await page.GetByLabel("E-mail").FillAsync("jan@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zarezerwuj" }).ClickAsync();

        await Expect(booking.Heading).ToHaveTextAsync("Twoja rezerwacja została potwierdzona");
        await Expect(booking.ChosenTime).ToContainTextAsync("grudnia 2026");
        await ScreenshotAsync(page, "confirmation-pl.png");

        // The switcher takes the same page to English.
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(booking.Heading).ToHaveTextAsync("Your booking is confirmed");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.Empty(booking.ForeignRequests);
    }
}
