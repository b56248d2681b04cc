using Bookings.Core.Store;
using Bookings.Worker;
using Bookings.Worker.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Bookings.Web.Tests.Worker.InMemoryOutboxStore;

namespace Bookings.Web.Tests.Worker;

public class WorkerHostingTests
{
    private static IHost Host(InMemoryOutboxStore store, params (string Key, string Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddSingleton<IBookingStore>(store);
        builder.Services.AddBookingsWorkers(builder.Configuration);
        builder.Services.AddKeyRingInMemory();
        return builder.Build();
    }

    [Fact]
    public void WithWorkersDisabledNoBackgroundServiceIsRegisteredButTheOutboxStillIs()
    {
        using var host = Host(new InMemoryOutboxStore(), ("Workers:Enabled", "false"));

        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is OutboxDispatcher or Bookings.Worker.Sync.StaffSyncService);
        Assert.NotNull(host.Services.GetRequiredService<Bookings.Worker.Sync.StaffSyncRunner>()); // the CLI's `sync run` still works
        Assert.NotNull(host.Services.GetRequiredService<OutboxSignal>());
        Assert.NotNull(host.Services.GetRequiredService<OutboxProcessor>());
    }

    [Fact]
    public void ByDefaultTheDispatcherRunsEveryFiveSeconds()
    {
        using var host = Host(new InMemoryOutboxStore());

        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is OutboxDispatcher);
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is Bookings.Worker.Sync.StaffSyncService);
        Assert.Equal(TimeSpan.FromSeconds(5), host.Services.GetRequiredService<IOptions<WorkersOptions>>().Value.PollInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), host.Services.GetRequiredService<IOptions<Bookings.Worker.Sync.SyncOptions>>().Value.Interval);
    }

    [Theory]
    [InlineData("Mail:From", "Bookings <bookings@example.com>", "Mail:From")]
    [InlineData("Mail:From", "", "Mail:From")]
    [InlineData("Workers:PollInterval", "00:00:00", "Workers:PollInterval")]
    [InlineData("Sync:Interval", "00:00:01", "Sync:Interval")]
    [InlineData("Sync:StalenessLimit", "00:00:00", "Sync:StalenessLimit")]
    [InlineData("Sync:EscalateAfter", "0", "Sync:EscalateAfter")]
    [InlineData("Sync:Feeds:MaxBytes", "10", "Sync:Feeds:MaxBytes")]
    public async Task AWrongSettingFailsTheStartAndNamesIt(string key, string value, string named)
    {
        using var host = Host(new InMemoryOutboxStore(), ("Workers:Enabled", "false"), (key, value));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task NotifyingTheSignalWakesTheDispatcherBeforeThePollInterval()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var store = new InMemoryOutboxStore();
        var sender = new RecordingEmailSender();
        var signal = new OutboxSignal();
        var processor = new OutboxProcessor(store, [new EmailOutboxChannel(sender, TestManageLinks.Opener())], time, NullLogger<OutboxProcessor>.Instance);
        using var dispatcher = new OutboxDispatcher(processor, signal, Options.Create(new WorkersOptions { PollInterval = TimeSpan.FromHours(1) }),
            time, NullLogger<OutboxDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);

        store.Add(Message("m1", time.GetUtcNow()));
        signal.Notify();

        await Eventually(() => sender.Sent.Count == 1);
        Assert.NotNull(store.Get("m1").SentAt);
        await dispatcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task WithoutASignalTheDispatcherFindsMessagesAtThePollInterval()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var store = new InMemoryOutboxStore();
        var sender = new RecordingEmailSender();
        var processor = new OutboxProcessor(store, [new EmailOutboxChannel(sender, TestManageLinks.Opener())], time, NullLogger<OutboxProcessor>.Instance);
        using var dispatcher = new OutboxDispatcher(processor, new OutboxSignal(), Options.Create(new WorkersOptions { PollInterval = TimeSpan.FromSeconds(5) }),
            time, NullLogger<OutboxDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        store.Add(Message("m1", time.GetUtcNow()));

        // Keep nudging the fake clock: the dispatcher's wait may start just after an advance.
        await Eventually(() =>
        {
            time.Advance(TimeSpan.FromSeconds(5));
            return sender.Sent.Count == 1;
        });
        await dispatcher.StopAsync(CancellationToken.None);
        Assert.Single(sender.Sent);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition(), "The condition did not become true within 10 seconds.");
    }
}
