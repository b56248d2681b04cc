using Bookings.Core.Demo;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Hosting;
using Bookings.Worker.Mail;
using Bookings.Worker.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using static Bookings.Web.Tests.Worker.InMemoryOutboxStore;

namespace Bookings.Web.Tests.Worker;

public class OutboxProcessorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryOutboxStore _store = new();
    private readonly RecordingEmailSender _sender = new();

    private OutboxProcessor Processor(IEmailSender? sender = null) =>
        new(_store, [new EmailOutboxChannel(sender ?? _sender, TestManageLinks.Opener())], _time, NullLogger<OutboxProcessor>.Instance);

    [Fact]
    public async Task DueMessagesAreSentOnceAndMarkedSent()
    {
        var now = _time.GetUtcNow();
        _store.Add(Message("m1", now.AddMinutes(-1)), Message("m2", now), Message("later", now.AddMinutes(5)));
        var processor = Processor();

        Assert.Equal(2, await processor.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(0, await processor.DispatchDueAsync(CancellationToken.None));

        Assert.Equal([_store.Get("m1").DeduplicationKey, _store.Get("m2").DeduplicationKey], _sender.Sent);
        Assert.Equal(now, _store.Get("m1").SentAt);
        Assert.Equal(now, _store.Get("m2").SentAt);
        Assert.Null(_store.Get("later").SentAt);
    }

    [Fact]
    public async Task AMessageThatBecomesDueIsSentOnALaterPass()
    {
        _store.Add(Message("later", _time.GetUtcNow().AddMinutes(5)));
        var processor = Processor();
        Assert.Equal(0, await processor.DispatchDueAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, await processor.DispatchDueAsync(CancellationToken.None));
        Assert.Single(_sender.Sent);
    }

    [Fact]
    public async Task AFailedMessageIsKeptWithItsErrorAndTriedAgainLater()
    {
        var start = _time.GetUtcNow();
        _store.Add(Message("m1", start));
        _sender.FailuresLeft = 2;
        var processor = Processor();

        Assert.Equal(0, await processor.DispatchDueAsync(CancellationToken.None));
        var failed = _store.Get("m1");
        Assert.Equal(1, failed.Attempts);
        Assert.Equal("IOException: The mail server said no.", failed.LastError);
        Assert.Equal(start.AddSeconds(30), failed.DueAt);
        Assert.Null(failed.SentAt);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await processor.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(1, _store.Get("m1").Attempts);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await processor.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(2, _store.Get("m1").Attempts);
        Assert.Equal(_time.GetUtcNow().AddSeconds(60), _store.Get("m1").DueAt);

        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await processor.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(_time.GetUtcNow(), _store.Get("m1").SentAt);
        Assert.Equal(0, await processor.DispatchDueAsync(CancellationToken.None));
        Assert.Single(_sender.Sent);
    }

    [Theory]
    [InlineData(0, 30)]
    [InlineData(1, 60)]
    [InlineData(3, 240)]
    [InlineData(6, 1920)]
    [InlineData(7, 3600)]
    [InlineData(1000, 3600)]
    public void TheRetryDelayDoublesUpToAnHour(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OutboxProcessor.RetryDelay(attempts));

    [Fact]
    public async Task AMessageOfAnUnknownChannelIsKeptWithItsError()
    {
        _store.Add(Message("sms", _time.GetUtcNow(), channel: "sms"), Message("mail", _time.GetUtcNow()));

        Assert.Equal(1, await Processor().DispatchDueAsync(CancellationToken.None));

        Assert.Null(_store.Get("sms").SentAt);
        Assert.Contains("'sms'", _store.Get("sms").LastError);
        Assert.NotNull(_store.Get("mail").SentAt);
    }

    [Fact]
    public async Task OnePassSendsMoreThanABatch()
    {
        _store.Add(Enumerable.Range(0, OutboxProcessor.BatchSize * 2 + 7).Select(i => Message($"m{i}", _time.GetUtcNow())));

        Assert.Equal(OutboxProcessor.BatchSize * 2 + 7, await Processor().DispatchDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ABookingsNotificationsLandAsEmlFilesWithTheInvitation()
    {
        var data = Path.Combine(Path.GetTempPath(), "bookings-outbox-" + Guid.NewGuid().ToString("N"));
        try
        {
            var now = _time.GetUtcNow();
            var doc = DemoCalendar.Create();
            var mailbox = new Mailbox(doc.Id!, doc.Slug, doc.DisplayName, Mailbox.SchedulingMailbox, "v1", doc, now, now);
            var jan = new Attendee("a-1", "c-1", "Jan Kowalski", "jan@example.com", null, null, null, new Dictionary<string, string>(),
                null, false, "hash", AttendeeStatus.Booked, now);
            var appointment = new Appointment("apt-1", mailbox.Id, "consult", "anna", now.AddDays(3), now.AddDays(3).AddMinutes(30),
                TimeSpan.Zero, TimeSpan.Zero, 1, AppointmentStatus.Booked, [jan], "apt-1@bookings.local", 0, "v1", now);
            _store.Add(new NotificationComposer().Booked(mailbox, appointment, jan, "https://book.example/manage/t", now));
            var sender = new PickupDirectoryEmailSender(Options.Create(new MailOptions()), Options.Create(new StoreOptions { DataDirectory = data }));

            Assert.Equal(2, await Processor(sender).DispatchDueAsync(CancellationToken.None));

            var messages = await Task.WhenAll(Directory.GetFiles(Path.Combine(data, "mail")).Order().Select(f => MimeMessage.LoadAsync(f)));
            Assert.Equal(["anna@contoso.example", "jan@example.com"], messages.Select(m => m.To.Mailboxes.Single().Address).Order());
            Assert.All(messages, m =>
            {
                Assert.Equal("bookings@localhost", m.From.Mailboxes.Single().Address);
                Assert.Equal("Contoso Consulting", m.From.Mailboxes.Single().Name);
                Assert.Equal("hello@contoso.example", m.ReplyTo.Mailboxes.Single().Address);
                var ics = Assert.IsType<TextPart>(Assert.Single(m.Attachments));
                Assert.Contains("UID:apt-1@bookings.local", ics.Text);
            });
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}
