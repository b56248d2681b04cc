using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bookings.Web.Tests.Api;

public sealed class LoggingTests
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
            serviceId = "consult", staffId = "anna", start = "2026-12-01T10:00:00+01:00",
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
}
