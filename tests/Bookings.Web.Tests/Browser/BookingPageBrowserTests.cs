using System.Net;
using static Microsoft.Playwright.Assertions;

namespace Bookings.Web.Tests.Browser;

/// <summary>Books through the real page in Chromium, with JavaScript on and off.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BookingPageBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    // Set BOOKINGS_SCREENSHOTS to a folder (docs/screenshots) to refresh the screenshots in the docs.
    private static readonly string? ScreenshotFolder = Environment.GetEnvironmentVariable("BOOKINGS_SCREENSHOTS");

    [Fact]
    public async Task ACustomerBooksAConsultationSeesTheConfirmationAndCancelsThroughTheManageLink()
    {
        using var app = new LiveApp();
        await using var context = await chromium.NewContextAsync(new() { Locale = "en-US", TimezoneId = "America/New_York" });
        var page = await context.NewPageAsync();
        var booking = new BookingPage(page, app.BaseAddress);

        await booking.OpenAsync("contoso");
        await booking.PickServiceAsync("Consultation");
        // The optional script carried the browser's zone along.
        Assert.Equal("America/New_York", await booking.TimeZoneName.InnerTextAsync());
        await booking.PickFirstFreeDayAsync();
        var time = await booking.PickFirstTimeAsync();
        Assert.Contains(time, await booking.ChosenTime.InnerTextAsync());
        await booking.FillDetailsAsync("Jan Kowalski", "jan@example.com");
        await booking.SubmitAsync();

        await Expect(booking.Heading).ToHaveTextAsync("Your booking is confirmed");
        Assert.Equal("Consultation", await booking.BookedService.InnerTextAsync());
        Assert.Contains(time, await booking.ChosenTime.InnerTextAsync());
        Assert.Equal("(America/New_York)", await booking.BookedTimeZone.InnerTextAsync());
        var manageUrl = await booking.ManageLink.GetAttributeAsync("href");
        Assert.StartsWith(new Uri(app.BaseAddress, "/manage/").ToString(), manageUrl);

        await booking.OpenManageLinkAsync();
        await Expect(booking.Heading).ToHaveTextAsync("Your booking");
        await booking.CancelBookingAsync();
        await Expect(booking.Heading).ToHaveTextAsync("Your booking has been cancelled");

        var again = await page.GotoAsync(manageUrl!);
        Assert.Equal((int)HttpStatusCode.NotFound, again!.Status);
        Assert.Empty(booking.ForeignRequests);
    }

    [Fact]
    public async Task BookingWorksWithJavaScriptTurnedOff()
    {
        using var app = new LiveApp();
        await using var context = await chromium.NewContextAsync(new()
        {
            JavaScriptEnabled = false,
            Locale = "en-US",
            TimezoneId = "America/New_York",
            ViewportSize = new() { Width = 900, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var booking = new BookingPage(page, app.BaseAddress);

        await booking.OpenAsync("contoso");
        await booking.PickServiceAsync("Consultation");
        // No script, so the business's zone stays.
        Assert.Equal("Europe/Warsaw", await booking.TimeZoneName.InnerTextAsync());
        await booking.PickFirstFreeDayAsync();
        await ScreenshotAsync(booking, "booking-page.png");
        var time = await booking.PickFirstTimeAsync();
        await booking.FillDetailsAsync("Anna Nowak", "anna.nowak@example.com");
        await booking.SubmitAsync();

        await Expect(booking.Heading).ToHaveTextAsync("Your booking is confirmed");
        Assert.Contains(time, await booking.ChosenTime.InnerTextAsync());
        Assert.Equal("(Europe/Warsaw)", await booking.BookedTimeZone.InnerTextAsync());
        Assert.True(await booking.ManageLink.IsVisibleAsync());
        await ScreenshotAsync(booking, "confirmation.png");
        Assert.Empty(booking.ForeignRequests);
    }

    private static async Task ScreenshotAsync(BookingPage page, string name)
    {
        if (string.IsNullOrEmpty(ScreenshotFolder)) return;
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(Path.Combine(ScreenshotFolder, name));
    }
}
