using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Bookings.Web.Tests.Browser;

/// <summary>The booking and manage pages as a customer sees them; the selectors live here so that tests read as steps.</summary>
public sealed partial class BookingPage
{
    private readonly IPage _page;
    private readonly Uri _baseAddress;
    private readonly List<string> _foreignRequests = [];

    public BookingPage(IPage page, Uri baseAddress)
    {
        _page = page;
        _baseAddress = baseAddress;
        // The pages promise no third-party requests: note every request that leaves the app.
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(baseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                _foreignRequests.Add(request.Url);
        };
    }

    public IReadOnlyList<string> ForeignRequests => _foreignRequests;

    // The next step waits for its own elements; waiting for the "load" event as well only adds a way
    // to time out on a busy machine (seen once in CI: the URL had changed, the load event never came).
    private static readonly PageWaitForURLOptions UntilDomIsReady = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    public ILocator Heading => _page.Locator("h1");
    public ILocator TimeZoneName => _page.Locator("#zone-name");
    public ILocator ChosenTime => _page.Locator(".summary .when");
    public ILocator BookedTimeZone => _page.Locator(".summary .tz");
    public ILocator BookedService => _page.Locator(".summary .service");
    public ILocator ManageLink => _page.Locator("a.manage-link");

    public async Task OpenAsync(string slug) => await _page.GotoAsync(new Uri(_baseAddress, $"/book/{slug}").ToString());

    public async Task PickServiceAsync(string name)
    {
        await _page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await ServiceOpenedAsync();
    }

    public async Task PickFirstFreeDayAsync()
    {
        await _page.Locator("table.month td.free a").First.ClickAsync();
        await DayChosenAsync();
    }

    /// <summary>Picks the first free time of the chosen day and answers its text as shown (e.g. "10:00 AM").</summary>
    public async Task<string> PickFirstTimeAsync()
    {
        var first = _page.Locator("ul.slots a").First;
        var text = await first.InnerTextAsync();
        await first.ClickAsync();
        await TimeChosenAsync();
        return text.Trim();
    }

    public async Task FillDetailsAsync(string name, string email)
    {
        await _page.GetByLabel("Name").FillAsync(name);
        await _page.GetByLabel("Email").FillAsync(email);
    }

    public async Task SubmitAsync()
    {
        await _page.GetByRole(AriaRole.Button, new() { Name = "Book" }).ClickAsync();
        await BookedAsync();
    }

    // Each step's arrival, however it was taken (mouse, keyboard): the URL of the next page, its DOM ready.
    public Task ServiceOpenedAsync() => _page.WaitForURLAsync(ServicePath(), UntilDomIsReady);
    public Task DayChosenAsync() => _page.WaitForURLAsync(DateChosen(), UntilDomIsReady);
    public Task TimeChosenAsync() => _page.WaitForURLAsync(StartChosen(), UntilDomIsReady);
    public Task BookedAsync() => _page.WaitForURLAsync(ManagePath(), UntilDomIsReady);

    public async Task OpenManageLinkAsync() => await _page.GotoAsync((await ManageLink.GetAttributeAsync("href"))!);

    public async Task CancelBookingAsync() => await _page.GetByRole(AriaRole.Button, new() { Name = "Cancel booking" }).ClickAsync();

    public async Task ScreenshotAsync(string path) => await _page.ScreenshotAsync(new() { Path = path, FullPage = true });

    [GeneratedRegex(@"/book/[^/?#]+/[^/?#]+")]
    private static partial Regex ServicePath();

    [GeneratedRegex(@"[?&]date=")]
    private static partial Regex DateChosen();

    [GeneratedRegex(@"[?&]start=")]
    private static partial Regex StartChosen();

    [GeneratedRegex(@"/manage/[^/?#]+\?booked=1")]
    private static partial Regex ManagePath();
}
