using System.Net;
using System.Text.RegularExpressions;
using Bookings.Core.Admin;
using Bookings.Hosting;
using Bookings.Web.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Web.Tests.Admin;

public sealed partial class SignInTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "bookings-signin-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private readonly List<(LogLevel Level, string Message)> _logs = [];
    private readonly List<WebApplication> _apps = [];
    private readonly StringWriter _console = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A minimal app with only what sign-in needs, over a real SQLite file and a fake clock.</summary>
    private async Task<(WebApplication App, HttpClient Client)> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection([new("Store:DataDirectory", _dataDir), new("Seed:Demo", "false")]);
        builder.Logging.ClearProviders().AddProvider(new CapturingProvider(_logs)).SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton(new FirstAdminConsole(_console)); // the console, where the first admin's password goes
        builder.Services.AddBookingsStore(builder.Configuration);
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddBookingsAdminAuth(builder.Configuration);
        SignInPagesOnly.Add(builder.Services);
        var app = builder.Build();
        app.UseBookingsAdminAuth();
        app.MapBookingsAdminAuth();
        SignInPagesOnly.Map(app);
        app.MapGet("/admin", () => "admin home").RequireAuthorization(AdminAuth.Policy);
        await app.StartAsync();
        _apps.Add(app);
        var client = new HttpClient(new TestClockCookies(_time) { InnerHandler = app.GetTestServer().CreateHandler() })
        {
            BaseAddress = new Uri("http://localhost"),
        };
        return (app, client);
    }

    private string FirstAdminPassword()
    {
        var line = Assert.Single(_console.ToString().Split('\n'), l => l.Contains("one-time password:", StringComparison.Ordinal));
        return OneTimePassword().Match(line).Groups[1].Value;
    }

    private static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var page = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> fields, bool withToken = true)
    {
        if (withToken) fields["__RequestVerificationToken"] = await TokenAsync(client, path == AdminAuth.SignOutPath ? AdminAuth.PasswordPath : path);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string> { ["email"] = email, ["password"] = password };
        if (returnUrl is not null) fields["returnUrl"] = returnUrl;
        return PostAsync(client, AdminAuth.SignInPath, fields);
    }

    private async Task<string> AddUserAsync(WebApplication app, string email, bool mustChange = false)
    {
        var password = "correct horse battery staple";
        var users = app.Services.GetRequiredService<IUserStore>();
        Assert.True(await users.AddAsync(new AdminUser(Guid.NewGuid().ToString("N"), email, "Ewa", false, mustChange, 0, null, _time.GetUtcNow()),
            AdminPasswords.Hash(password), CancellationToken.None));
        return password;
    }

    [Fact]
    public async Task FirstRunCreatesExactlyOneAdminAndPrintsItsPasswordOnceToTheConsoleNeverToALog()
    {
        var (app, _) = await StartAsync();
        var password = FirstAdminPassword();
        Assert.Equal(20, password.Length);
        Assert.Matches("^[A-Za-z0-9_-]{20}$", password);
        var users = app.Services.GetRequiredService<IUserStore>();
        var admin = Assert.Single(await users.ListAsync(CancellationToken.None));
        Assert.Equal("admin@localhost", admin.Email);
        Assert.True(admin.IsTenantAdmin);
        Assert.True(admin.MustChangePassword);

        await app.StopAsync();
        await StartAsync(); // a second start: nothing created, nothing printed
        Assert.Single(await users.ListAsync(CancellationToken.None));
        Assert.Single(_console.ToString().Split('\n'), l => l.Contains("one-time password:", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs, l => l.Message.Contains(password, StringComparison.Ordinal));
        var created = Assert.Single(_logs, l => l.Message.Contains("Created the first admin admin@localhost", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, created.Level);
    }

    [Fact]
    public async Task SignInWithTheOneTimePasswordSetsTheCookieAndMustChangeItFirst()
    {
        var (app, client) = await StartAsync();
        var password = FirstAdminPassword();

        var signedIn = await SignInAsync(client, "ADMIN@localhost", password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(AdminAuth.PasswordPath, signedIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("bookings-admin=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        // Until the password is changed, the admin app sends to the change-password form.
        var home = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal(AdminAuth.PasswordPath, home.Headers.Location?.OriginalString);

        var tooShort = await PostAsync(client, AdminAuth.PasswordPath, new() { ["currentPassword"] = password, ["newPassword"] = "short", ["confirmPassword"] = "short" });
        Assert.Contains("at least 12 characters", await tooShort.Content.ReadAsStringAsync());
        var changed = await PostAsync(client, AdminAuth.PasswordPath,
            new() { ["currentPassword"] = password, ["newPassword"] = "a much longer passphrase", ["confirmPassword"] = "a much longer passphrase" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(AdminAuth.HomePath, changed.Headers.Location?.OriginalString);
        Assert.Equal("admin home", await client.GetStringAsync("/admin"));
        // The change is in the audit log (no calendar: it is the user's own), never with the password.
        var audit = await app.Services.GetRequiredService<Bookings.Core.Store.IBookingStore>()
            .ListAuditAsync(null, _time.GetUtcNow().AddDays(-1), _time.GetUtcNow().AddDays(1), 100, CancellationToken.None);
        var entry = Assert.Single(audit, e => e.Action == "user.password-change");
        Assert.Null(entry.MailboxId);
        Assert.Equal("admin@localhost", entry.Actor);
        Assert.DoesNotContain("passphrase", entry.Details + entry.Target, StringComparison.Ordinal);

        var signedOut = await PostAsync(client, AdminAuth.SignOutPath, []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, "admin@localhost", "a much longer passphrase")).StatusCode);
    }

    [Fact]
    public async Task WrongPasswordAndUnknownEmailGetTheSameGenericError()
    {
        var (app, client) = await StartAsync();
        await AddUserAsync(app, "ewa@contoso.com");
        var wrong = await SignInAsync(client, "ewa@contoso.com", "not the password");
        var unknown = await SignInAsync(client, "nobody@contoso.com", "not the password");
        foreach (var r in new[] { wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("Wrong email or password.", await r.Content.ReadAsStringAsync());
            Assert.DoesNotContain(r.Headers.TryGetValues("Set-Cookie", out var c) ? c : [], v => v.StartsWith("bookings-admin=", StringComparison.Ordinal));
        }
        var polish = new HttpRequestMessage(HttpMethod.Get, AdminAuth.SignInPath) { Headers = { { "Accept-Language", "pl-PL,pl;q=0.9,en;q=0.5" } } };
        Assert.Contains("Zaloguj się", await (await client.SendAsync(polish)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FiveFailuresLockTheAccountEvenForTheRightPasswordUntilTheLockoutEnds()
    {
        var (app, client) = await StartAsync();
        var password = await AddUserAsync(app, "ewa@contoso.com");
        for (var i = 0; i < 5; i++) await SignInAsync(client, "ewa@contoso.com", "wrong " + i);

        var locked = await SignInAsync(client, "ewa@contoso.com", password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("Wrong email or password.", await locked.Content.ReadAsStringAsync());

        _time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "ewa@contoso.com", password)).StatusCode);

        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var open = await SignInAsync(client, "ewa@contoso.com", password);
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal(AdminAuth.HomePath, open.Headers.Location?.OriginalString);
        var user = (await app.Services.GetRequiredService<IUserStore>().FindByEmailAsync("ewa@contoso.com", CancellationToken.None))!.User;
        Assert.Equal(0, user.FailedAttempts);
        Assert.Null(user.LockedUntil);
    }

    [Theory]
    [InlineData("https://evil.example/", "/admin")]
    [InlineData("//evil.example/", "/admin")]
    [InlineData("/\\evil.example/", "/admin")]
    [InlineData("/admin/calendars?x=1", "/admin/calendars?x=1")]
    public async Task ReturnUrlIsFollowedOnlyWhenLocal(string returnUrl, string expected)
    {
        var (app, client) = await StartAsync();
        var password = await AddUserAsync(app, "ewa@contoso.com");
        var r = await SignInAsync(client, "ewa@contoso.com", password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(expected, r.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PostsWithoutTheAntiforgeryTokenAre400()
    {
        var (app, client) = await StartAsync();
        var password = await AddUserAsync(app, "ewa@contoso.com");
        var r = await PostAsync(client, AdminAuth.SignInPath, new() { ["email"] = "ewa@contoso.com", ["password"] = password }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.False(r.Headers.Contains("Set-Cookie") && r.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("bookings-admin=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignInPageIsNeverFramedCachedOrReferred()
    {
        var (_, client) = await StartAsync();
        var page = await client.GetAsync(AdminAuth.SignInPath + "?returnUrl=%2Fadmin%22%3E%3Cscript%3E");
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&quot;&gt;&lt;script&gt;", html);

        var denied = await client.GetAsync(AdminAuth.DeniedPath);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("DENY", denied.Headers.GetValues("X-Frame-Options").Single());
        var polish = new HttpRequestMessage(HttpMethod.Get, AdminAuth.SignInPath) { Headers = { { "Accept-Language", "pl" } } };
        Assert.Contains("Hasło", await (await client.SendAsync(polish)).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("en", "Sign in to Bookings admin", "Sign in")]
    [InlineData("pl", "Logowanie do panelu Bookings", "Zaloguj się")]
    public async Task SignInPageIsInTheAdminLayoutInEnglishAndPolishWhileSignedOut(string language, string title, string button)
    {
        var (_, client) = await StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, AdminAuth.SignInPath) { Headers = { { "Accept-Language", language } } };

        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        SiteLayoutAssert.InTheLayout(html, language, admin: true);
        Assert.Contains($"<title>{title}</title>", html);
        Assert.Contains($"<h1>{title}</h1>", html);
        Assert.Contains($"<button type=\"submit\">{button}</button>", html);
        Assert.DoesNotContain("class=\"signout\"", html); // signed out: the layout has no sign-out form, nor a link into the app
        Assert.DoesNotContain(language == "pl" ? "Wszystkie kalendarze" : "All calendars", html);
    }

    [Fact]
    public async Task PasswordAndDeniedPagesAreInTheAdminLayoutInEnglishAndPolish()
    {
        var (_, client) = await StartAsync();
        await SignInAsync(client, "admin@localhost", FirstAdminPassword());

        var english = await client.GetAsync(AdminAuth.PasswordPath);
        var polish = await client.GetStringAsync(AdminAuth.PasswordPath + "?lang=pl");
        var denied = await client.GetAsync(AdminAuth.DeniedPath + "?lang=pl");

        var html = await english.Content.ReadAsStringAsync();
        SiteLayoutAssert.InTheLayout(html, "en", admin: true);
        Assert.Contains("<h1>Change your password</h1>", html);
        Assert.Contains("class=\"signout\"", html); // signed in: the layout's sign-out form
        // That form asks antiforgery for a token while the page renders; the page's own headers still stand.
        Assert.Equal("no-store", english.Headers.CacheControl?.ToString());
        Assert.Equal("DENY", english.Headers.GetValues("X-Frame-Options").Single());
        SiteLayoutAssert.InTheLayout(polish, "pl", admin: true);
        Assert.Contains("<h1>Zmień hasło</h1>", polish);
        Assert.Contains("Powtórz nowe hasło", polish);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var deniedHtml = await denied.Content.ReadAsStringAsync();
        SiteLayoutAssert.InTheLayout(deniedHtml, "pl", admin: true);
        Assert.Contains("<h1>Nie masz dostępu do tej strony.</h1>", deniedHtml);
        Assert.Contains("Wróć do panelu", deniedHtml);
    }

    [GeneratedRegex("one-time password: (\\S+) ")]
    private static partial Regex OneTimePassword();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private sealed class CapturingProvider(List<(LogLevel, string)> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(sink);
        public void Dispose() { }

        private sealed class Logger(List<(LogLevel, string)> sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (sink) sink.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
