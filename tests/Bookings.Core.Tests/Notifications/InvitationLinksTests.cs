using Bookings.Core.Booking;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using static Bookings.Core.Tests.Notifications.TestBookings;

namespace Bookings.Core.Tests.Notifications;

/// <summary>
/// Staff invitation links in the outbox, sealed as manage links are (<see cref="SealedLinks"/>): placeholders at rest, the links as
/// the email leaves, words where people look or where a link cannot be opened (asking to contact the calendar's administrator).
/// </summary>
public class InvitationLinksTests
{
    private const string Withheld = "[invitation link, sent to the staff member]";
    private static readonly string Token = ManageTokens.Create();
    private static readonly string Link = "https://book.example/staff/invitation/contoso/maria/" + Token;
    private static readonly ReversingProtector Protector = new();

    /// <summary>Maria's invitation, in the calendar's <paramref name="language"/>, with its links sealed (or, as earlier versions wrote it, <paramref name="link"/> in clear).</summary>
    private static OutboxMessage Invited(string language = "en", string? link = null)
    {
        var mailbox = Mailbox(d => d.LanguageTag = language);
        // Accept and decline are one link (the page offers both), sealed for each, as StaffInvitations does.
        return Assert.Single(new NotificationComposer().StaffInvited(mailbox, mailbox.Document.FindStaff("maria")!,
            link ?? InvitationLinks.Placeholder(Protector, Link, language), link ?? InvitationLinks.Placeholder(Protector, Link, language), Now));
    }

    private static EmailMessage Email(OutboxMessage message) => EmailMessage.FromJson(message.Payload);

    private static string Everything(EmailMessage email) => string.Join("\n", email.Subject, email.TextBody, email.HtmlBody);

    [Fact]
    public void ThePlaceholderHoldsTheLinkSealedAndTheStoredInvitationNoToken()
    {
        var placeholder = InvitationLinks.Placeholder(Protector, Link, "pl-PL");

        Assert.StartsWith("https://invitation-link.invalid/pl/", placeholder);
        Assert.DoesNotContain(Token, placeholder);
        var invitation = Invited();
        Assert.DoesNotContain(Token, invitation.Payload);
        Assert.DoesNotContain("/staff/invitation/", invitation.Payload);
        Assert.Matches("To accept the invitation, open:<br><a href=\"https://invitation-link.invalid/en/[A-Za-z0-9_-]+\">", Email(invitation).HtmlBody);
    }

    [Fact]
    public void AnInvitationLeavesWithItsAcceptAndDeclineLinksInTextAndHtml()
    {
        var sent = SealedLinks.ForSending(Email(Invited()), InvitationLinks.Kind, Protector, out var unavailable);

        Assert.Equal(0, unavailable);
        Assert.Contains("To accept the invitation, open:\n" + Link + "\n", sent.TextBody);
        Assert.Contains("To decline it, open:\n" + Link + "\n", sent.TextBody);
        Assert.Contains($"To accept the invitation, open:<br><a href=\"{Link}\">{Link}</a>", sent.HtmlBody);
        Assert.Contains($"To decline it, open:<br><a href=\"{Link}\">{Link}</a>", sent.HtmlBody);
        Assert.DoesNotContain("invitation-link", Everything(sent));
    }

    [Fact]
    public void EachKindOpensOnlyItsOwnPlaceholders()
    {
        var stored = Email(Invited());

        var asManageLinks = SealedLinks.ForSending(stored, ManageLinks.Kind, Protector, out var unavailable);

        Assert.Equal(0, unavailable);
        Assert.Equal(stored.TextBody, asManageLinks.TextBody);
        Assert.Equal(stored.HtmlBody, asManageLinks.HtmlBody);
    }

    [Fact]
    public void WhereSomeoneLooksEveryInvitationLinkReadsWithheldAndNothingCanAct()
    {
        var email = SealedLinks.ForShowing(Email(Invited()));

        Assert.Contains($"To accept the invitation, open:\n{Withheld}\n", email.TextBody);
        Assert.Contains($"To decline it, open:\n{Withheld}\n", email.TextBody);
        Assert.Contains($"<br>{Withheld}</p>", email.HtmlBody);
        Assert.DoesNotContain("<a href", email.HtmlBody);
        Assert.DoesNotContain("invitation-link", Everything(email));
        // Links an earlier version kept in clear are not shown either.
        var legacy = SealedLinks.ForShowing(Email(Invited(link: Link)));
        Assert.DoesNotContain(Token, Everything(legacy));
        Assert.Contains($"To accept the invitation, open:\n{Withheld}\n", legacy.TextBody);
    }

    [Theory]
    [InlineData("en", "To accept the invitation, open:", "(this link is no longer available: please contact the calendar's administrator)")]
    [InlineData("pl", "Aby przyjąć zaproszenie, otwórz:", "(ten link jest już niedostępny: prosimy o kontakt z administratorem kalendarza)")]
    public void AnInvitationLinkWhoseKeyIsLostLeavesAsWordsAskingToContactTheCalendarsAdministrator(string language, string lead, string words)
    {
        var email = SealedLinks.ForSending(Email(Invited(language)), InvitationLinks.Kind, new ReversingProtector(keyLost: true), out var unavailable);

        Assert.Equal(1, unavailable); // accept and decline: one link, which this protector seals alike both times
        Assert.Contains($"{lead}\n{words}\n", email.TextBody);
        Assert.Contains($"{lead}<br>{System.Net.WebUtility.HtmlEncode(words)}</p>", email.HtmlBody);
        Assert.DoesNotContain("<a href", email.HtmlBody);
        Assert.DoesNotContain("invitation-link", Everything(email));
    }

    [Fact]
    public void AnInvitationKeptOnceSentLosesTheClearLinksOfAnEarlierVersionAndAResendAsksToContactTheAdministrator()
    {
        var legacy = Invited(link: Link);

        var kept = SealedLinks.WithoutClearLinks(legacy);

        Assert.DoesNotContain(Token, Everything(Email(kept)));
        Assert.DoesNotContain("/staff/invitation/", kept.Payload);
        Assert.Equal(legacy with { Payload = kept.Payload }, kept);
        var resent = SealedLinks.ForSending(Email(kept), InvitationLinks.Kind, Protector, out var unavailable);
        Assert.Equal(1, unavailable);
        Assert.Contains("To accept the invitation, open:\n(this link is no longer available: please contact the calendar's administrator / "
            + "ten link jest już niedostępny: prosimy o kontakt z administratorem kalendarza)\n", resent.TextBody);
        var current = Invited();
        Assert.Same(current, SealedLinks.WithoutClearLinks(current));
    }
}
