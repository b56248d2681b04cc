using System.Collections.Concurrent;
using Bookings.Core.Booking;
using Bookings.Core.Demo;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Worker.Mail;
using Bookings.Worker.Outbox;
using Microsoft.Extensions.Logging;

namespace Bookings.Web.Tests.Worker;

/// <summary>The channels open the outbox's sealed manage and invitation links as a message leaves; one that cannot be opened is said so.</summary>
public sealed class SealedLinkOpenerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private sealed class CapturingLogger : ILogger<SealedLinkOpener>
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue((logLevel, formatter(state, exception)));
    }

    private sealed class KeepingSender : IEmailSender
    {
        public List<EmailMessage> Sent { get; } = [];

        public Task SendAsync(EmailMessage message, string mailboxId, string deduplicationKey, DateTimeOffset queuedAt, CancellationToken ct)
        {
            Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    /// <summary>Jan's confirmation and SMS for Wednesday, with the manage link sealed by <paramref name="links"/>.</summary>
    private static IReadOnlyList<OutboxMessage> Booked(IManageLinkProtector links, string manageUrl)
    {
        var doc = DemoCalendar.Create();
        doc.FindService("consult")!.SmsNotificationsEnabled = true;
        doc.SmsAllowedRegions = ["PL"];
        var mailbox = new Mailbox(doc.Id!, doc.Slug, doc.DisplayName, Mailbox.SchedulingMailbox, "v1", doc, Now, Now);
        var jan = new Attendee("a-1", "c-1", "Jan Kowalski", "jan@example.com", "+48600100200", null, null, new Dictionary<string, string>(),
            null, true, "hash", AttendeeStatus.Booked, Now);
        var appointment = new Appointment("apt-1", mailbox.Id, "consult", "anna", Now.AddDays(2), Now.AddDays(2).AddMinutes(30),
            TimeSpan.Zero, TimeSpan.Zero, 1, AppointmentStatus.Booked, [jan], "apt-1@bookings.local", 0, "v1", Now);
        return new NotificationComposer().Booked(mailbox, appointment, jan, ManageLinks.Placeholder(links, manageUrl, "en"), Now);
    }

    [Fact]
    public async Task TheEmailChannelHandsTheSenderTheOpenedLink()
    {
        var links = TestManageLinks.Protector();
        var url = "https://book.example/manage/" + ManageTokens.Create();
        var sender = new KeepingSender();
        var confirmation = Booked(links, url).Single(m => m.Kind == NotificationKinds.BookingCustomer);

        await new EmailOutboxChannel(sender, TestManageLinks.Opener(links)).SendAsync(confirmation, CancellationToken.None);

        var sent = Assert.Single(sender.Sent);
        Assert.Contains(url, sent.TextBody);
        Assert.Contains($"<a href=\"{url}\">", sent.HtmlBody);
        Assert.DoesNotContain("manage-link", sent.TextBody + sent.HtmlBody + sent.Attachments[0].Content);
    }

    [Fact]
    public async Task ALinkSealedWithAnotherKeyRingLeavesAskingToContactTheBusinessAndIsLoggedWithoutPersonalData()
    {
        var token = ManageTokens.Create();
        var messages = Booked(TestManageLinks.Protector(), "https://book.example/manage/" + token); // a key ring this worker does not have
        var logger = new CapturingLogger();
        var opener = TestManageLinks.Opener(TestManageLinks.Protector(), logger);
        var sender = new KeepingSender();
        var confirmation = messages.Single(m => m.Kind == NotificationKinds.BookingCustomer);
        var sms = messages.Single(m => m.Kind == NotificationKinds.BookingSms);

        await new EmailOutboxChannel(sender, opener).SendAsync(confirmation, CancellationToken.None);
        var text = opener.ForSending(sms, SmsMessage.FromJson(sms.Payload)).Body;

        var sent = Assert.Single(sender.Sent);
        Assert.Contains("To change or cancel your booking, open:\n(this link is no longer available: please contact us)\n", sent.TextBody);
        Assert.EndsWith("To change or cancel: (this link is no longer available: please contact us)", text);
        Assert.DoesNotContain("manage-link", sent.TextBody + sent.HtmlBody + sent.Attachments[0].Content + text);
        Assert.Equal(
            [
                (LogLevel.Warning, $"Outbox message {confirmation.Id} (booking.customer): 1 manage link(s) could not be opened (is the Data Protection key ring in Store:DataDirectory/keys shared with the web app?); sent asking the customer to contact the business instead"),
                (LogLevel.Warning, $"Outbox message {sms.Id} (booking.sms): 1 manage link(s) could not be opened (is the Data Protection key ring in Store:DataDirectory/keys shared with the web app?); sent asking the customer to contact the business instead"),
            ],
            logger.Lines);
        Assert.DoesNotContain(logger.Lines, l => l.Text.Contains("jan", StringComparison.OrdinalIgnoreCase) || l.Text.Contains("600100200", StringComparison.Ordinal)
            || l.Text.Contains(token, StringComparison.Ordinal));
    }

    /// <summary>Maria's invitation to the demo calendar (in <paramref name="language"/>), its links sealed by <paramref name="links"/>.</summary>
    private static OutboxMessage Invited(IInvitationLinkProtector links, string invitationUrl, string language = "en")
    {
        var doc = DemoCalendar.Create();
        doc.LanguageTag = language;
        var mailbox = new Mailbox(doc.Id!, doc.Slug, doc.DisplayName, Mailbox.SchedulingMailbox, "v1", doc, Now, Now);
        return Assert.Single(new NotificationComposer().StaffInvited(mailbox, doc.FindStaff("maria")!,
            InvitationLinks.Placeholder(links, invitationUrl, language), InvitationLinks.Placeholder(links, invitationUrl, language), Now));
    }

    [Fact]
    public async Task TheEmailChannelHandsTheSenderTheOpenedInvitationLinks()
    {
        var links = TestManageLinks.InvitationProtector();
        var url = "https://book.example/staff/invitation/contoso/maria/" + ManageTokens.Create();
        var sender = new KeepingSender();

        await new EmailOutboxChannel(sender, TestManageLinks.Opener(invitations: links)).SendAsync(Invited(links, url), CancellationToken.None);

        var sent = Assert.Single(sender.Sent);
        Assert.Contains($"To accept the invitation, open:\n{url}\n", sent.TextBody);
        Assert.Contains($"To decline it, open:<br><a href=\"{url}\">", sent.HtmlBody);
        Assert.DoesNotContain("invitation-link", sent.TextBody + sent.HtmlBody);
    }

    [Theory]
    [InlineData("en", "To accept the invitation, open:\n(this link is no longer available: please contact the calendar's administrator)\n")]
    [InlineData("pl", "Aby przyjąć zaproszenie, otwórz:\n(ten link jest już niedostępny: prosimy o kontakt z administratorem kalendarza)\n")]
    public async Task AnInvitationLinkSealedWithAnotherKeyRingLeavesAskingToContactTheCalendarsAdministrator(string language, string expected)
    {
        var token = ManageTokens.Create();
        var invitation = Invited(TestManageLinks.InvitationProtector(), "https://book.example/staff/invitation/contoso/maria/" + token, language);
        var logger = new CapturingLogger();
        var sender = new KeepingSender();

        await new EmailOutboxChannel(sender, TestManageLinks.Opener(logger: logger, invitations: TestManageLinks.InvitationProtector())).SendAsync(invitation, CancellationToken.None);

        var sent = Assert.Single(sender.Sent);
        Assert.Contains(expected, sent.TextBody);
        Assert.DoesNotContain("invitation-link", sent.TextBody + sent.HtmlBody);
        Assert.Equal(
            [(LogLevel.Warning, $"Outbox message {invitation.Id} (invitation.staff): 2 invitation link(s) could not be opened (is the Data Protection key ring in Store:DataDirectory/keys shared with the web app?); sent asking the staff member to contact the calendar's administrator instead")],
            logger.Lines);
        Assert.DoesNotContain(logger.Lines, l => l.Text.Contains("maria", StringComparison.OrdinalIgnoreCase) || l.Text.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public void AManageLinkProtectorCannotOpenAnInvitationLinkOfTheSameKeyRingNorTheOtherWayRound()
    {
        var keyRing = new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider();
        var manage = Bookings.Hosting.ProtectionHosting.ManageLinkProtector(keyRing);
        var invitations = Bookings.Hosting.ProtectionHosting.InvitationLinkProtector(keyRing);
        const string url = "https://book.example/some/link";

        Assert.Equal(url, invitations.Unprotect(invitations.Protect(url)));
        Assert.Null(manage.Unprotect(invitations.Protect(url)));
        Assert.Null(invitations.Unprotect(manage.Protect(url)));
    }
}
