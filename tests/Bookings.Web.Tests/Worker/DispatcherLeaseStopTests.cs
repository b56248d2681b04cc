using System.Collections.Concurrent;
using Bookings.Core.Demo;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Hosting;
using Bookings.Store.Graph;
using Bookings.Store.Graph.Transport;
using Bookings.Web.Tests.Microsoft365;
using Bookings.Worker;
using Bookings.Worker.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Web.Tests.Worker;

/// <summary>
/// A worker host on the Microsoft 365 store (built as Bookings.Worker builds it, on the Graph emulator) holds the dispatcher lease of
/// the mailboxes it dispatches; when it stops it gives them back (OutboxDispatcher through Core's IDispatcherLeases), so another
/// instance dispatches at once — not a minute or two later, when the lease would have run out. The clock never moves here.
/// </summary>
public sealed class DispatcherLeaseStopTests : IDisposable
{
    private const string Mailbox = "reception@contoso.onmicrosoft.com";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private readonly EmulatedMicrosoft365 _tenant;
    private readonly List<HttpClient> _clients = [];

    public DispatcherLeaseStopTests()
    {
        _tenant = new EmulatedMicrosoft365(_time);
        _tenant.Graph.AddSharedMailbox(Mailbox, "Reception");
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
        _tenant.Dispose();
    }

    private sealed class RecordingSender : IEmailSender
    {
        public ConcurrentQueue<string> Sent { get; } = new();

        public Task SendAsync(EmailMessage message, string mailboxId, string deduplicationKey, DateTimeOffset queuedAt, CancellationToken ct)
        {
            Sent.Enqueue(deduplicationKey);
            return Task.CompletedTask;
        }
    }

    /// <summary>Another instance of Bookings: its own store and transport on the same tenant.</summary>
    private GraphBookingStore OtherInstance()
    {
        var settings = _tenant.Settings();
        var http = GraphHttp.CreateClient(new GraphOptions
        {
            TenantId = settings["Graph:TenantId"],
            ClientId = settings["Graph:ClientId"],
            ClientSecret = settings["Graph:ClientSecret"],
            BaseUrl = settings["Graph:BaseUrl"]!,
        }, _tenant.Graph.AppCredential, TimeProvider.System);
        _clients.Add(http);
        return new GraphBookingStore(http, _time, new GraphStoreOptions { DirectoryMailbox = EmulatedMicrosoft365.DirectoryMailbox });
    }

    private IHost WorkerHost(RecordingSender sender)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(_tenant.Settings());
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton<IEmailSender>(sender);
        builder.Services.AddBookingsStore(builder.Configuration);
        _tenant.Services(builder.Services);
        builder.Services.AddBookingsWorkers(builder.Configuration);
        return builder.Build();
    }

    private OutboxMessage Email(string id) => new(id, Mailbox, $"test:{id}", EmailMessage.Channel, NotificationKinds.ReminderCustomer,
        new EmailMessage(new EmailContact("ewa@example.com", "Ewa"), "Reception", null, "Reminder", "Text", "<p>Html</p>", []).ToJson(),
        _time.GetUtcNow(), _time.GetUtcNow());

    [Fact]
    public async Task WhenTheWorkerStopsAnotherInstanceDispatchesAtOnce()
    {
        var other = OtherInstance();
        var calendar = DemoCalendar.Create();
        calendar.Id = Mailbox;
        await other.CreateMailboxAsync(calendar);
        await other.EnqueueOutboxAsync([Email("m1")]);
        var sender = new RecordingSender();
        using var host = WorkerHost(sender);
        Assert.IsType<GraphBookingStore>(host.Services.GetRequiredService<IDispatcherLeases>());

        await host.StartAsync();
        for (var waited = 0; sender.Sent.IsEmpty && waited < 200; waited++) await Task.Delay(50);
        Assert.Equal(["test:m1"], sender.Sent);
        await other.EnqueueOutboxAsync([Email("m2")]);
        Assert.Empty(await other.ClaimDueOutboxAsync(_time.GetUtcNow(), 10, TimeSpan.FromMinutes(5))); // the worker holds the mailbox's lease

        await host.StopAsync();

        var claimed = await other.ClaimDueOutboxAsync(_time.GetUtcNow(), 10, TimeSpan.FromMinutes(5));
        Assert.Equal(["m2"], claimed.Select(m => m.Id));
        Assert.Equal(["test:m1"], sender.Sent); // the stopped worker sent nothing more
    }
}
