using Microsoft.Playwright;

namespace Bookings.Web.Tests.Browser;

/// <summary>
/// One headless Chromium for a test class: Debian's package at /usr/bin/chromium, driven by Playwright.
/// The machine has no internet, so `playwright install` cannot fetch a browser and is never run.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// A browser context with the timeouts every browser test uses: generous, because the machine is shared and the whole suite
    /// runs at once (a page that takes long under load is not a failure; one that never comes is).
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {ExecutablePath}. Install it with `apt-get install -y chromium` (./test.sh does this).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>
/// The browser tests run one class at a time and after every other test, never beside them: a shared 2-core machine running
/// hundreds of HTTP tests at once slowed pages past any sensible timeout, and a browser test that waits on load proves nothing.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
