using System.Text;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using static Bookings.Core.Tests.Notifications.TestBookings;

namespace Bookings.Core.Tests.Notifications;

/// <summary>Manage links in the outbox: sealed placeholders at rest, the link as a message leaves, words where people look.</summary>
public class ManageLinksTests
{
    private static readonly string Token = ManageTokens.Create();
    private static readonly string Link = "https://book.example/manage/" + Token;

    private static readonly IManageLinkProtector Protector = new ReversingProtector();

    private static Mailbox WithReminderAndSms() => Mailbox(d =>
    {
        var consult = d.FindService("consult")!;
        consult.Reminders = [new BookingReminder { Offset = TimeSpan.FromDays(1), Recipients = BookingReminderRecipients.Customer }];
        consult.SmsNotificationsEnabled = true;
        d.SmsAllowedRegions = ["PL"];
    });

    private static IReadOnlyList<OutboxMessage> Booked(string language = "en", string? link = null)
    {
        var jan = Attendee() with { SmsOptIn = true, Language = language };
        return new NotificationComposer().Booked(WithReminderAndSms(), Appointment([jan]), jan,
            link ?? ManageLinks.Placeholder(Protector, Link, language), Now);
    }

    private static EmailMessage Email(IEnumerable<OutboxMessage> messages, string kind) =>
        EmailMessage.FromJson(messages.Single(m => m.Kind == kind).Payload);

    private static SmsMessage Sms(IEnumerable<OutboxMessage> messages, string kind) =>
        SmsMessage.FromJson(messages.Single(m => m.Kind == kind).Payload);

    private static string Everything(EmailMessage email) =>
        string.Join("\n", [email.Subject, email.TextBody, email.HtmlBody, .. email.Attachments.Select(a => a.Content.Replace("\r\n ", "", StringComparison.Ordinal))]);

    [Fact]
    public void ThePlaceholderHoldsTheLinkSealedAndLooksLikeALinkToTemplates()
    {
        var placeholder = ManageLinks.Placeholder(Protector, Link, "pl-PL");

        Assert.StartsWith("https://manage-link.invalid/pl/", placeholder);
        Assert.DoesNotContain(Token, placeholder);
        var messages = Booked();
        Assert.All(messages, m => Assert.DoesNotContain(Token, m.Payload));
        Assert.All(messages, m => Assert.DoesNotContain("/manage/", m.Payload));
        // The template's {{ link manage_url }} made an <a href> of it, as of any link.
        Assert.Matches("<a href=\"https://manage-link.invalid/en/[A-Za-z0-9_-]+\">", Email(messages, NotificationKinds.BookingCustomer).HtmlBody);
    }

    [Fact]
    public void AnEmailLeavesWithTheLinkInItsTextHtmlAndInvitationFoldedAsIcsWants()
    {
        var stored = Email(Booked(), NotificationKinds.BookingCustomer);

        var sent = SealedLinks.ForSending(stored, ManageLinks.Kind, Protector, out var unavailable);

        Assert.Equal(0, unavailable);
        Assert.Contains("To change or cancel your booking, open:\n" + Link + "\n", sent.TextBody);
        Assert.Contains($"<a href=\"{Link}\">{Link}</a>", sent.HtmlBody);
        Assert.DoesNotContain("manage-link", Everything(sent));
        var ics = Assert.Single(sent.Attachments).Content;
        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
        var description = Ics.Parse(ics).Events.Single().Description!;
        Assert.EndsWith("\nManage: " + Link, description);
        // Every other line of the invitation is the composer's, byte for byte.
        var before = Ics.ContentLines(stored.Attachments[0].Content).Where(l => l.Name != "DESCRIPTION");
        Assert.Equal(before, Ics.ContentLines(ics).Where(l => l.Name != "DESCRIPTION"));
    }

    [Fact]
    public void AnSmsAndAReminderLeaveWithTheLink()
    {
        var messages = Booked();

        var sms = SealedLinks.ForSending(Sms(messages, NotificationKinds.BookingSms), ManageLinks.Kind, Protector, out _);
        var reminder = SealedLinks.ForSending(Email(messages, NotificationKinds.ReminderCustomer), ManageLinks.Kind, Protector, out _);

        Assert.EndsWith("To change or cancel: " + Link, sms.Body);
        Assert.Contains(Link, reminder.TextBody);
        Assert.Contains($"href=\"{Link}\"", reminder.HtmlBody);
    }

    [Fact]
    public void WhereSomeoneLooksEveryLinkReadsWithheldAndNothingCanAct()
    {
        var messages = Booked();

        var email = SealedLinks.ForShowing(Email(messages, NotificationKinds.BookingCustomer));
        var sms = SealedLinks.ForShowing(Sms(messages, NotificationKinds.BookingSms));

        Assert.Contains("To change or cancel your booking, open:\n[manage link, sent to the customer]\n", email.TextBody);
        Assert.Contains("<br>[manage link, sent to the customer]</p>", email.HtmlBody);
        Assert.DoesNotContain("<a href", email.HtmlBody);
        Assert.Contains("Manage: [manage link\\, sent to the customer]", Everything(email));
        Assert.EndsWith("To change or cancel: [manage link, sent to the customer]", sms.Body);
        Assert.DoesNotContain("manage-link", Everything(email) + sms.Body);
        // A link an earlier version kept in clear is not shown either.
        var legacy = SealedLinks.ForShowing(Email(Booked(link: Link), NotificationKinds.BookingCustomer));
        Assert.DoesNotContain(Token, Everything(legacy));
        Assert.Contains("[manage link, sent to the customer]", legacy.TextBody);
    }

    [Theory]
    [InlineData("en", "(this link is no longer available: please contact us)")]
    [InlineData("pl", "(ten link jest już niedostępny: prosimy o kontakt)")]
    public void ALinkWhoseKeyIsLostLeavesAsWordsAskingTheCustomerToContactTheBusiness(string language, string words)
    {
        var messages = Booked(language);
        var lost = new ReversingProtector(keyLost: true);

        var email = SealedLinks.ForSending(Email(messages, NotificationKinds.BookingCustomer), ManageLinks.Kind, lost, out var unavailable);
        var sms = SealedLinks.ForSending(Sms(messages, NotificationKinds.BookingSms), ManageLinks.Kind, lost, out var smsUnavailable);

        Assert.Equal((1, 1), (unavailable, smsUnavailable));
        Assert.Contains("\n" + words + "\n", email.TextBody);
        Assert.Contains("<br>" + System.Net.WebUtility.HtmlEncode(words) + "</p>", email.HtmlBody);
        Assert.DoesNotContain("<a href", email.HtmlBody);
        Assert.Contains(": " + words.Replace(",", "\\,", StringComparison.Ordinal), Everything(email));
        Assert.EndsWith(" " + words, sms.Body);
        Assert.DoesNotContain("manage-link", Everything(email) + sms.Body);
    }

    [Fact]
    public void AMessageKeptOnceSentLosesTheClearLinkOfAnEarlierVersionAndAResendAsksToContactTheBusiness()
    {
        var legacy = Booked(link: Link);
        var confirmation = legacy.Single(m => m.Kind == NotificationKinds.BookingCustomer);
        var sms = legacy.Single(m => m.Kind == NotificationKinds.BookingSms);

        var kept = SealedLinks.WithoutClearLinks(confirmation);
        var keptSms = SealedLinks.WithoutClearLinks(sms);

        Assert.DoesNotContain(Token, Everything(EmailMessage.FromJson(kept.Payload)));
        Assert.DoesNotContain(Token, SmsMessage.FromJson(keptSms.Payload).Body);
        Assert.Equal(confirmation with { Payload = kept.Payload }, kept);
        var resent = SealedLinks.ForSending(EmailMessage.FromJson(kept.Payload), ManageLinks.Kind, Protector, out var unavailable);
        Assert.Equal(1, unavailable);
        Assert.Contains("please contact us / ten link jest już niedostępny", resent.TextBody);
        // Nothing in clear: the very same message, payload and all.
        var current = Booked().Single(m => m.Kind == NotificationKinds.BookingCustomer);
        Assert.Same(current, SealedLinks.WithoutClearLinks(current));
        foreach (var payload in new[] { "not json", "{}", """{"to":"jan@example.com"}""" })
        {
            var odd = current with { Payload = payload };
            Assert.Same(odd, SealedLinks.WithoutClearLinks(odd));
        }
    }

    [Fact]
    public void AProtectorThatDoesNotAnswerBase64UrlIsRefused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ManageLinks.Placeholder(new SlashProtector(), Link, "en"));
        Assert.Contains("base64url", e.Message);
    }

    private sealed class SlashProtector : IManageLinkProtector
    {
        public string Protect(string manageUrl) => "a/b";
        public string? Unprotect(string protectedUrl) => null;
    }
}
