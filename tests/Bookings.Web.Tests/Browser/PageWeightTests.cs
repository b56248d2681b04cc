using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Bookings.Web.Tests.Browser;

/// <summary>
/// Every page of the flow weighs at most 60 KB transferred in all (HTML, CSS, script, fonts, images) with the cache off,
/// and asks nothing of any other host. (A booking with JavaScript off is BookingPageBrowserTests.BookingWorksWithJavaScriptTurnedOff.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageWeightTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int Budget = 60 * 1024;

    [Fact]
    public async Task EveryPageOfTheFlowWeighsAtMost60KBAndLoadsNothingFromAnotherHost()
    {
        using var app = new LiveApp();
        // A visitor from another zone than the business's: the worst case, where the optional script may reload a page once.
        await using var context = await chromium.NewContextAsync(new() { Locale = "en-US", TimezoneId = "America/New_York" });
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setCacheDisabled", new Dictionary<string, object> { ["cacheDisabled"] = true });

        var own = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        var responses = new List<IResponse>();
        var foreign = new List<string>();
        page.Response += (_, response) => responses.Add(response);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(own, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                foreign.Add(request.Url);
        };

        var overBudget = new List<string>();
        var table = new StringBuilder("| Page | Requests | Transferred (KB) | Of which HTML (KB) | Bodies decoded (KB) |\n|---|---|---|---|---|\n");
        await BookingFlow.WalkAsync(page, app, async name =>
        {
            var seen = responses.ToList();
            responses.Clear();
            long transferred = 0, html = 0, decoded = 0;
            var lines = new List<string>();
            foreach (var response in seen.Where(r => !r.Url.StartsWith("data:", StringComparison.Ordinal)))
            {
                await response.FinishedAsync();
                var sizes = await response.Request.SizesAsync();
                var bytes = (long)sizes.ResponseHeadersSize + sizes.ResponseBodySize;
                var body = response.Status is >= 300 and < 400 ? 0 : await BodyLengthAsync(response, sizes.ResponseBodySize);
                transferred += bytes;
                decoded += body;
                if (response.Request.ResourceType == "document") html += bytes;
                lines.Add($"    {response.Status} {response.Request.ResourceType,-10} {bytes,7:N0} B ({body:N0} B body) {response.Url}");
            }
            output.WriteLine($"{name}: {seen.Count} requests, {transferred:N0} B transferred");
            foreach (var line in lines) output.WriteLine(line);
            table.Append(CultureInfo.InvariantCulture, $"| {name} | {seen.Count} | {transferred / 1024.0:0.0} | {html / 1024.0:0.0} | {decoded / 1024.0:0.0} |\n");
            if (transferred > Budget) overBudget.Add($"{name} ({page.Url}): {transferred:N0} B transferred, over {Budget:N0} B");
            if (seen.Count == 0) overBudget.Add($"{name} ({page.Url}): no response seen, so nothing was measured");
        });
        output.WriteLine(table.ToString());

        Assert.True(overBudget.Count == 0, string.Join("\n", overBudget));
        Assert.True(foreign.Count == 0, "Requests to other hosts:\n" + string.Join("\n", foreign));
    }

    // The decoded body, for the record; a document the script replaced at once (the time-zone reload) keeps only its transfer size.
    private static async Task<long> BodyLengthAsync(IResponse response, long transferred)
    {
        try
        {
            return (await response.BodyAsync()).Length;
        }
        catch (PlaywrightException)
        {
            return transferred;
        }
    }
}
