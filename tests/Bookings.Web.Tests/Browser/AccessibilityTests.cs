using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bookings.Core.Booking;
using Bookings.Core.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Bookings.Web.Tests.Browser;

/// <summary>
/// Every page of the flow passes axe-core with no serious or critical violation, and a customer books with the keyboard alone,
/// seeing where the focus is at each step.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AccessibilityTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task AxeFindsNoViolationOnAnyPageOfTheFlow()
    {
        using var app = new LiveApp();
        // The pages allow only their own scripts (CSP script-src 'self'); bypassing it lets axe in as an inline script tag.
        await using var context = await chromium.NewContextAsync(new() { Locale = "en-US", TimezoneId = "America/New_York", BypassCSP = true });
        var page = await context.NewPageAsync();

        var report = new AxeReport(output, "Page");
        await BookingFlow.WalkAsync(page, app, name => report.CheckAsync(page, name));
        report.AssertNoViolations();
    }

    [Fact]
    public async Task ACustomerBooksWithTheKeyboardAloneAndAlwaysSeesTheFocus()
    {
        using var app = new LiveApp();
        await using var context = await chromium.NewContextAsync(new() { Locale = "en-US", TimezoneId = "Europe/Warsaw" });
        var page = await context.NewPageAsync();
        var booking = new BookingPage(page, app.BaseAddress);
        await booking.OpenAsync("contoso");

        // The first Tab lands on the skip link, which then shows on screen.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.matches('a.skip')"), "The first Tab should focus the skip link.");
        var skip = (await page.Locator("a.skip").BoundingBoxAsync())!;
        Assert.True(skip.X >= 0 && skip.Y >= 0, $"The focused skip link should be on screen, it is at ({skip.X}, {skip.Y}).");
        await AssertFocusIsVisibleAsync(page);

        await TabToAsync(page, "a[href*='/book/contoso/consult']");
        await page.Keyboard.PressAsync("Enter");
        await booking.ServiceOpenedAsync();

        await TabToAsync(page, "table.month td.free a");
        await page.Keyboard.PressAsync("Enter");
        await booking.DayChosenAsync();

        await TabToAsync(page, "ul.slots a");
        await page.Keyboard.PressAsync("Enter");
        await booking.TimeChosenAsync();

        await TabToAsync(page, "input#name");
        await page.Keyboard.TypeAsync("Ada Lovelace");
        await TabToAsync(page, "input#email");
        await page.Keyboard.TypeAsync("ada@example.com");
        await TabToAsync(page, "form.details button[type=submit]");
        await page.Keyboard.PressAsync("Space");
        await booking.BookedAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Your booking is confirmed");
        await Expect(page.Locator(".summary")).ToContainTextAsync("Ada Lovelace");
        await TabToAsync(page, "a.manage-link");
    }

    // Presses Tab until the focused element matches the selector (never the mouse), then checks that the focus shows.
    private static async Task TabToAsync(IPage page, string selector)
    {
        var seen = new List<string>();
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<JsonElement>(
                "s => ({ hit: document.activeElement.matches(s), what: document.activeElement.outerHTML.slice(0, 80) })", selector);
            if (focused.GetProperty("hit").GetBoolean())
            {
                await AssertFocusIsVisibleAsync(page);
                return;
            }
            seen.Add(focused.GetProperty("what").GetString()!);
        }
        Assert.Fail($"Tab never reached {selector} on {page.Url}; it went through:\n{string.Join("\n", seen)}");
    }

    // A visible focus indicator: an outline of some width, or a box shadow. An outline (drawn outside the element, with an offset)
    // must also stand out from the background behind it by 3:1 (WCAG 1.4.11, non-text contrast).
    private static async Task AssertFocusIsVisibleAsync(IPage page)
    {
        var style = await page.EvaluateAsync<JsonElement>("""
            () => {
              const e = document.activeElement, s = getComputedStyle(e);
              const rgba = c => (c.match(/[\d.]+/g) || []).map(Number);
              const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
              let back = [255, 255, 255];
              for (let p = e.parentElement; p; p = p.parentElement) {
                const c = rgba(getComputedStyle(p).backgroundColor);
                if (c.length === 3 || (c.length === 4 && c[3] > 0)) { back = c; break; }
              }
              const outlined = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
              const [l1, l2] = [luminance(rgba(s.outlineColor)), luminance(back)].sort((a, b) => b - a);
              return { what: e.outerHTML.slice(0, 80), outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor + ' on rgb(' + back.join(', ') + ')',
                       visible: outlined || s.boxShadow !== 'none', contrast: outlined ? (l1 + 0.05) / (l2 + 0.05) : 21 };
            }
            """);
        var what = $"{style.GetProperty("what").GetString()} (outline: {style.GetProperty("outline").GetString()}) at {page.Url}";
        Assert.True(style.GetProperty("visible").GetBoolean(), $"No visible focus indicator on {what}.");
        var contrast = style.GetProperty("contrast").GetDouble();
        Assert.True(contrast >= 3, $"The focus outline contrasts {contrast:0.00}:1 with its background, under 3:1, on {what}.");
    }




}

/// <summary>
/// The axe results of a walk through pages: a table of the counts per page and impact (written to the test output), and the
/// violations, which fail the test: any at all (the pages have none today), so a minor one is not let back in unseen.
/// </summary>
internal sealed class AxeReport(ITestOutputHelper output, string firstColumn)
{
    private readonly List<string> _failures = [];
    private readonly StringBuilder _table = new($"| {firstColumn} | critical | serious | moderate | minor |\n|---|---|---|---|---|\n");

    public async Task CheckAsync(IPage page, string name)
    {
        var violations = await Axe.RunAsync(page);
        int Count(string impact) => violations.Count(v => v.Impact == impact);
        _table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {name} | {Count("critical")} | {Count("serious")} | {Count("moderate")} | {Count("minor")} |\n");
        foreach (var v in violations)
        {
            output.WriteLine($"{name}: {v}");
            _failures.Add($"{name} ({page.Url}): {v}");
        }
    }

    public void AssertNoViolations()
    {
        output.WriteLine(_table.ToString());
        Assert.True(_failures.Count == 0, "axe-core found violations:\n" + string.Join("\n", _failures));
    }
}

/// <summary>axe-core 4 (tests/Bookings.Web.Tests/Browser/axe/axe.min.js, MPL-2.0), read from the source tree and run in the page.</summary>
internal static class Axe
{
    private static readonly Lazy<string> Source = new(() => File.ReadAllText(FindScript()));

    public sealed record Violation(string Id, string Impact, string Help, IReadOnlyList<string> Targets)
    {
        public override string ToString() => $"{Id} [{Impact}] {Help}: {string.Join(", ", Targets)}";
    }

    /// <summary>Injects axe into the page (its context must bypass the CSP) and answers its violations.</summary>
    public static async Task<IReadOnlyList<Violation>> RunAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.AddScriptTagAsync(new() { Content = Source.Value });
        var result = await page.EvaluateAsync<JsonElement>("async () => await axe.run(document, { resultTypes: ['violations'] })");
        return result.GetProperty("violations").EnumerateArray().Select(v => new Violation(
            v.GetProperty("id").GetString()!,
            v.GetProperty("impact").ValueKind == JsonValueKind.String ? v.GetProperty("impact").GetString()! : "none",
            v.GetProperty("help").GetString()!,
            v.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("target").ToString()).ToList())).ToList();
    }

    // The test binaries may live in an --artifacts-path elsewhere: look beside them, then in the project directory recorded at build time.
    private static string FindScript()
    {
        var projectDirectory = typeof(Axe).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TestProjectDirectory")?.Value;
        var candidates = new[] { AppContext.BaseDirectory, projectDirectory }
            .Where(d => !string.IsNullOrEmpty(d))
            .Select(d => Path.Combine(d!, "Browser", "axe", "axe.min.js"))
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"axe.min.js not found at {string.Join(", ", candidates)}.");
    }
}

/// <summary>
/// Walks every page a customer (and an invited staff member) sees, calling back once each page has settled:
/// the calendar, a service's month and day, the details form, the form with errors, the confirmation, the manage page,
/// the cancelled page, the not-found page, a group service and the staff invitation.
/// </summary>
internal static partial class BookingFlow
{
    public static async Task WalkAsync(IPage page, LiveApp app, Func<string, Task> atPage)
    {
        var booking = new BookingPage(page, app.BaseAddress);
        async Task Settled(string name)
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await atPage(name);
        }

        await booking.OpenAsync("contoso");
        await Settled("Calendar page");
        await booking.PickServiceAsync("Consultation");
        await Settled("Service page, month");
        await booking.PickFirstFreeDayAsync();
        await Settled("Service page, a day's times");
        await booking.PickFirstTimeAsync();
        await Settled("Details form");

        // Submitted empty: the browser's own checks are switched off so that the server's error summary shows.
        await page.EvalOnSelectorAsync("form.details", "f => f.noValidate = true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Book" }).ClickAsync();
        await Expect(page.Locator(".alert[role=alert]")).ToBeVisibleAsync();
        await Settled("Details form with errors");

        await booking.FillDetailsAsync("Jan Kowalski", "jan@example.com");
        await booking.SubmitAsync();
        await Expect(booking.Heading).ToHaveTextAsync("Your booking is confirmed");
        await Settled("Confirmation");

        await booking.OpenManageLinkAsync();
        await Expect(booking.Heading).ToHaveTextAsync("Your booking");
        await Settled("Manage page");
        await booking.CancelBookingAsync();
        await Expect(booking.Heading).ToHaveTextAsync("Your booking has been cancelled");
        await Settled("Cancelled page");

        await page.GotoAsync(new Uri(app.BaseAddress, "/book/no-such-calendar").ToString());
        await Expect(booking.Heading).ToHaveTextAsync("We can’t find that page");
        await Settled("Not-found page");

        // Opened from a shared link, without a time zone: the optional script reloads it once with the browser's zone.
        await page.GotoAsync(new Uri(app.BaseAddress, "/book/contoso/workshop").ToString(), new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(TimeZoneChosen(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Settled("Group service page, month (+ time-zone reload)");
        await booking.PickFirstFreeDayAsync();
        await Settled("Group service page, a day's times");

        var invitation = await InviteAsync(app, "maria");
        await page.GotoAsync(new Uri(app.BaseAddress, invitation).ToString());
        await Expect(booking.Heading).ToHaveTextAsync("Join Contoso Consulting");
        await Settled("Staff invitation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(booking.Heading).ToHaveTextAsync("Welcome to Contoso Consulting");
        await Settled("Staff invitation accepted");
    }

    private static async Task<string> InviteAsync(LiveApp app, string staffId)
    {
        var store = app.Factory.Services.GetRequiredService<IBookingStore>();
        var mailbox = (await store.GetMailboxBySlugAsync("contoso"))!;
        string? path = null;
        await app.Factory.Services.GetRequiredService<StaffInvitations>().InviteAsync(mailbox, staffId, token =>
        {
            path = $"/staff/invitation/contoso/{staffId}/{Uri.EscapeDataString(token)}";
            return (path, path);
        });
        return path!;
    }

    [GeneratedRegex(@"[?&]tz=")]
    private static partial Regex TimeZoneChosen();
}
