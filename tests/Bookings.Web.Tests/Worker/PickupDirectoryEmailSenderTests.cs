using Bookings.Core.Notifications;
using Bookings.Hosting;
using Bookings.Worker.Mail;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Bookings.Web.Tests.Worker;

public sealed class PickupDirectoryEmailSenderTests : IDisposable
{
    private static readonly DateTimeOffset QueuedAt = new(2026, 11, 20, 8, 0, 0, 123, TimeSpan.Zero);
    private const string Ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";

    // The calendar's mailbox: the pickup sender ignores it and sends from Mail:From.
    private const string Mailbox = "contoso@contoso.example";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "bookings-mail-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    private PickupDirectoryEmailSender Sender(string pickupDirectory = "") =>
        new(Options.Create(new MailOptions { From = "bookings@example.com", PickupDirectory = pickupDirectory }),
            Options.Create(new StoreOptions { DataDirectory = _data }));

    private static EmailMessage Email(string toName = "Jan Kowalski", string subject = "Booking confirmed: Consultation") =>
        new(new EmailContact("jan@example.com", toName), "Contoso Consulting", new EmailContact("hello@contoso.example", "Contoso Consulting"),
            subject, "Hello Jan,\n\nSee you.\n", "<p>Hello Jan,</p>",
            [new EmailAttachment("invite.ics", "text/calendar; method=REQUEST; charset=utf-8", Ics)]);

    [Fact]
    public async Task TheEmlParsesBackWithItsHeadersAndTheInvitation()
    {
        var sender = Sender();
        await sender.SendAsync(Email(), Mailbox, "apt-1:a-1:booking.customer:0", QueuedAt, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_data, "mail")));
        Assert.Equal(Path.Combine(_data, "mail"), sender.Directory);
        Assert.Equal(".eml", Path.GetExtension(file));
        var raw = await File.ReadAllTextAsync(file);
        Assert.DoesNotMatch(@"(?<!\r)\n", raw);

        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("\"Contoso Consulting\" <bookings@example.com>", message.From.ToString());
        Assert.Equal("\"Contoso Consulting\" <hello@contoso.example>", message.ReplyTo.ToString());
        Assert.Equal("\"Jan Kowalski\" <jan@example.com>", message.To.ToString());
        Assert.Equal("Booking confirmed: Consultation", message.Subject);
        Assert.Equal(QueuedAt.AddMilliseconds(-123), message.Date); // the Date header has whole seconds
        Assert.Equal(MimeMessages.MessageId("apt-1:a-1:booking.customer:0", "bookings@example.com"), message.MessageId);
        Assert.EndsWith("@example.com", message.MessageId);
        Assert.Equal("Hello Jan,\r\n\r\nSee you.\r\n", message.TextBody!.ReplaceLineEndings("\r\n"));
        Assert.Equal("<p>Hello Jan,</p>", message.HtmlBody);

        var invite = Assert.IsType<TextPart>(Assert.Single(message.Attachments));
        Assert.Equal("invite.ics", invite.FileName);
        Assert.True(invite.ContentType.IsMimeType("text", "calendar"));
        Assert.Equal("REQUEST", invite.ContentType.Parameters["method"]);
        Assert.Equal(Ics, invite.Text.ReplaceLineEndings("\r\n"));
        Assert.Contains("\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n", raw);
    }

    [Fact]
    public async Task SendingTheSameMessageAgainReplacesTheSameFile()
    {
        var sender = Sender();
        await sender.SendAsync(Email(), Mailbox, "apt-1:a-1:booking.customer:0", QueuedAt, CancellationToken.None);
        var first = await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(sender.Directory)));

        await sender.SendAsync(Email(), Mailbox, "apt-1:a-1:booking.customer:0", QueuedAt, CancellationToken.None);

        var files = Directory.GetFiles(sender.Directory, "*", SearchOption.AllDirectories);
        Assert.Equal(first, await File.ReadAllBytesAsync(Assert.Single(files)));
    }

    [Fact]
    public async Task FileNamesSortByTheTimeTheMessagesWereQueued()
    {
        var sender = Sender(Path.Combine(_data, "elsewhere"));
        await sender.SendAsync(Email(), Mailbox, "key-z", QueuedAt.AddMinutes(1), CancellationToken.None);
        await sender.SendAsync(Email(), Mailbox, "key-a", QueuedAt, CancellationToken.None);
        await sender.SendAsync(Email(), Mailbox, "key-m", QueuedAt.AddHours(1), CancellationToken.None);

        var names = Directory.GetFiles(Path.Combine(_data, "elsewhere")).Select(Path.GetFileName).ToList();
        var keys = new List<string> { "key-a", "key-z", "key-m" };
        Assert.Equal(names.Order(StringComparer.Ordinal), [.. keys.Select(k => names.Single(n => n!.Contains(MimeMessages.KeyHash(k)[..24])))]);
        Assert.StartsWith("20261120T080000123Z-", names.Order(StringComparer.Ordinal).First());
    }

    [Fact]
    public async Task LineBreaksInNamesAndSubjectCannotAddAHeader()
    {
        var sender = Sender();
        var hostile = Email(toName: "Eve\r\nBcc: victim@example.com", subject: "Hi\r\nBcc: victim@example.com\r\n\r\n<b>body</b>");
        await sender.SendAsync(hostile with { SenderName = "Contoso\nX-Evil: 1" }, Mailbox, "k", QueuedAt, CancellationToken.None);

        var message = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(sender.Directory)));
        Assert.Empty(message.Bcc);
        Assert.DoesNotContain(message.Headers, h => h.Field is "Bcc" or "X-Evil");
        Assert.Equal("Hi Bcc: victim@example.com <b>body</b>", message.Subject);
        Assert.Equal("Eve Bcc: victim@example.com", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Name);
        Assert.Equal("jan@example.com", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
    }

    [Fact]
    public async Task AnInvalidRecipientIsRefusedAndNothingIsWritten()
    {
        var sender = Sender();
        var bad = Email() with { To = new EmailContact("jan@example.com>, other@example.com", "Jan") };

        await Assert.ThrowsAsync<FormatException>(() => sender.SendAsync(bad, Mailbox, "k", QueuedAt, CancellationToken.None));

        Assert.False(Directory.Exists(sender.Directory) && Directory.EnumerateFileSystemEntries(sender.Directory).Any());
    }

    [Theory]
    [InlineData("bookings@localhost", true)]
    [InlineData("bookings@example.com", true)]
    [InlineData("", false)]
    [InlineData("bookings", false)]
    [InlineData("Bookings <bookings@example.com>", false)]
    [InlineData("a@b@c", false)]
    [InlineData("bookings@example.com\r\nBcc: x@example.com", false)]
    public void OnlyAPlainAddressIsASenderAddress(string value, bool valid) =>
        Assert.Equal(valid, MailOptions.IsSenderAddress(value));

    [Theory]
    [InlineData("frontdesk@contoso.com", true, "frontdesk@contoso.com")]
    [InlineData("frontdesk@contoso.com", false, "bookings@example.com")]
    [InlineData("contoso@bookings.local", true, "bookings@example.com")]
    [InlineData("contoso@contoso.example", true, "bookings@example.com")]
    [InlineData("team@localhost", true, "bookings@example.com")]
    [InlineData("not an address", true, "bookings@example.com")]
    public void MailIsSentAsTheCalendarsMailboxWhenItIsDeliverable(string mailbox, bool useCalendarAddress, string expected) =>
        Assert.Equal(expected, new MailOptions { From = "bookings@example.com", UseCalendarAddress = useCalendarAddress }.SenderFor(mailbox));
}
