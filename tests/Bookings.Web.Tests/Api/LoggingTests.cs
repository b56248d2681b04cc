using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bookings.Core.Booking;
using Bookings.Core.Store;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bookings.Web.Tests.Api;

public sealed partial class LoggingTests
{
    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(CapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }

    /// <summary>
    /// Writes each entry with the scopes it was logged in, as the console does with IncludeScopes (and as an EventSource session or a
    /// structured log sink would read them).
    /// </summary>
    [ProviderAlias("Capture")]
    private sealed class ScopeWritingProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;
        public void Dispose() { }

        private sealed class Logger(ScopeWritingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = $"{category}: {formatter(state, exception)}";
                owner._scopes.ForEachScope((scope, _) => line += " => " + scope, (object?)null);
                owner.Lines.Enqueue(line);
            }
        }
    }

    /// <summary>
    /// ASP.NET Core begins each request in a log scope that holds its path as it came; the paths of manage links and invitation links
    /// hold their tokens. No provider sees that path, however the operator sets the levels or asks for scopes.
    /// </summary>
    [Fact]
    public async Task NoProviderIsGivenThePathOfAManageOrInvitationLinkWhateverTheSettings()
    {
        var capture = new ScopeWritingProvider();
        using var factory = new BookingsFactory();
        factory.Settings["Workers:Enabled"] = "false";
        factory.Settings["Logging:LogLevel:Default"] = "Trace";
        factory.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        // A level for one provider outranks every level for all of them (ASP.NET Core's filter rules): so an operator writes it.
        factory.Settings["Logging:Capture:LogLevel:Default"] = "Information";
        using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(capture))));
        var client = app.CreateClient();
        var booked = await client.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "consult",
            staffId = "anna",
            start = "2026-12-01T10:00:00+01:00",
            customer = new { name = "Zuzanna Secretname", email = "zuzanna.secret@example.com" },
        });
        var manageToken = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manageUrl").GetString()!.Split('/')[^1];
        var store = app.Services.GetRequiredService<IBookingStore>();
        var invitationToken = "";
        await app.Services.GetRequiredService<StaffInvitations>().InviteAsync((await store.GetMailboxBySlugAsync("contoso"))!, "maria", token =>
        {
            invitationToken = token;
            var link = $"http://localhost/staff/invitation/contoso/maria/{token}";
            return (link, link);
        });
        capture.Lines.Clear();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/manage/{manageToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/manage/{manageToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/staff/invitation/contoso/maria/{invitationToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/manage/{manageToken[..^4]}AAAA")).StatusCode);

        // Entries of those requests name their route templates.
        foreach (var route in new[] { "/manage/{token}", "/api/v1/manage/{token}", "/staff/invitation/{slug}/{staffId}/{token}" })
            Assert.Contains(capture.Lines, l => l.Contains("Executing endpoint", StringComparison.Ordinal) && l.Contains($"RequestPath:{route} ", StringComparison.Ordinal));
        // Route templates (/manage/{token}) may be named; paths may not.
        var leaks = capture.Lines.Where(l => l.Contains(manageToken[..^4], StringComparison.Ordinal) || l.Contains(invitationToken, StringComparison.Ordinal)
            || Path().IsMatch(l)).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    [Fact]
    public async Task ManageTokensAndCustomerDetailsNeverReachTheLogsAtInformationLevel()
    {
        var capture = new CapturingProvider();
        using var factory = new BookingsFactory();
        factory.Settings["Logging:LogLevel:Default"] = "Trace";
        factory.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(capture))));
        var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "consult",
            staffId = "anna",
            start = "2026-12-01T10:00:00+01:00",
            customer = new { name = "Zuzanna Secretname", email = "zuzanna.secret@example.com" },
        });
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manageUrl").GetString()!.Split('/')[^1];
        await client.GetAsync($"/api/v1/manage/{token}");
        await client.GetAsync($"/manage/{token}");

        Assert.NotEmpty(capture.Lines);
        var leaks = capture.Lines.Where(l => l.Contains(token, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.DoesNotContain(capture.Lines, l => l.Contains("Secretname", StringComparison.Ordinal) || l.Contains("zuzanna.secret", StringComparison.Ordinal));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"/(?:manage|staff/invitation)/(?!\{)")]
    private static partial System.Text.RegularExpressions.Regex Path();
}
