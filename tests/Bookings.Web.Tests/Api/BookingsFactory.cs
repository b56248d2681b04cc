using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Web.Tests.Api;

/// <summary>The real app on a real SQLite file in a temporary data directory, with time fixed by a FakeTimeProvider.</summary>
public sealed class BookingsFactory : WebApplicationFactory<Program>
{
    /// <summary>Monday 2026-11-30 09:00 in Warsaw.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "bookings-tests", Guid.NewGuid().ToString("N"));
    public FakeTimeProvider Time { get; } = new(DefaultNow);
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Registrations applied after the app's own (replacing them), before the host is built.</summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Store:DataDirectory", DataDirectory);
        // Every test request comes from one client; the limits have their own tests (RateLimiting/).
        builder.UseSetting("RateLimits:Enabled", "false");
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            foreach (var configure in TestServices) configure(services);
        });
    }

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    /// <summary>A client whose cookie jar runs on <see cref="Time"/> (<see cref="TestClockCookies"/>), as the app does.</summary>
    public new HttpClient CreateClient() => CreateClient(new WebApplicationFactoryClientOptions());

    /// <inheritdoc cref="CreateClient()"/>
    public new HttpClient CreateClient(WebApplicationFactoryClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handlers = new List<DelegatingHandler>();
        if (options.AllowAutoRedirect) handlers.Add(new RedirectHandler(options.MaxAutomaticRedirections));
        if (options.HandleCookies) handlers.Add(new TestClockCookies(Time));
        return CreateDefaultClient(options.BaseAddress, [.. handlers]);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
