using System.Net;
using System.Text.RegularExpressions;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Web.Tests.Admin;
using Bookings.Web.Tests.Api;
using Bookings.Web.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Worker;

/// <summary>
/// Staff invitation links at rest, as manage links (<see cref="ManageLinksAtRestTests"/>): only the hash of the invitation token is
/// kept, so the outbox keeps no accept or decline link that can act, before or after sending; the admin outbox page and the CLI
/// show none; the email that leaves (and one sent again) carries working ones.
/// </summary>
public sealed partial class InvitationLinksAtRestTests : IDisposable
{
    private const string Withheld = "[invitation link, sent to the staff member]";
    private const string Ewa = "ewa@elsewhere.example";

    private readonly BookingsFactory _factory = new();
    private readonly HttpClient _client;

    public InvitationLinksAtRestTests()
    {
        _factory.Settings["Workers:Enabled"] = "false"; // each test sends when it means to
        _client = AdminClients.Anonymous(_factory);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    /// <summary>Anna, the calendar's administrator, invites Ewa from the staff page of the admin app.</summary>
    private async Task<Mailbox> InviteEwaAsync()
    {
        using var anna = await AdminClients.SignedInAsync(_factory, "anna@contoso.example");
        var invited = await AdminClients.PostFormAsync(anna, "/admin/contoso/staff", "/admin/contoso/staff?handler=Invite",
            ("InviteName", "Ewa Nowak"), ("InviteEmail", Ewa), ("InviteRole", "teamMember"));
        Assert.Equal(HttpStatusCode.SeeOther, invited.StatusCode);
        return (await Store.GetMailboxBySlugAsync("contoso"))!;
    }

    private Task<int> SendDueAsync() => AtRest.SendDueAsync(_factory.Services);

    /// <summary>The invitation that left, and the token its links carry.</summary>
    private async Task<(MimeKit.MimeMessage Email, string Link, string Token)> SentInvitationAsync()
    {
        var email = await AtRest.SentEmailAsync(_factory.MailDirectory, "Invitation: join");
        var link = InvitationLink().Match(email.TextBody ?? "");
        Assert.True(link.Success, email.TextBody);
        return (email, link.Value, link.Groups["token"].Value);
    }

    private void AssertNothingStoredCanAct(string token)
    {
        var stored = AtRest.StoredBytes(_factory.DataDirectory);
        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("/staff/invitation/", stored, StringComparison.Ordinal);
    }

    private async Task<MembershipStatus> StatusOfEwaAsync() =>
        Assert.Single((await Store.GetMailboxBySlugAsync("contoso"))!.Document.StaffMembers, s => s.EmailAddress == Ewa).MembershipStatus;

    [Fact]
    public async Task AfterAnInvitationTheDatabaseHoldsNoInvitationTokenOrLinkBeforeOrAfterSending()
    {
        await InviteEwaAsync();
        var beforeSending = AtRest.StoredBytes(_factory.DataDirectory);

        Assert.Equal(1, await SendDueAsync());

        var (_, _, token) = await SentInvitationAsync();
        Assert.DoesNotContain(token, beforeSending, StringComparison.Ordinal);
        Assert.DoesNotContain("/staff/invitation/", beforeSending, StringComparison.Ordinal);
        AssertNothingStoredCanAct(token);
    }

    [Fact]
    public async Task TheInvitationThatLeavesHasWorkingAcceptAndDeclineLinksInItsTextAndHtml()
    {
        await InviteEwaAsync();

        await SendDueAsync();

        var (email, link, _) = await SentInvitationAsync();
        var text = (email.TextBody ?? "").ReplaceLineEndings("\n");
        Assert.Contains($"To accept the invitation, open:\n{link}\n", text, StringComparison.Ordinal);
        Assert.Contains($"To decline it, open:\n{link}\n", text, StringComparison.Ordinal);
        Assert.Contains($"To accept the invitation, open:<br><a href=\"{link}\">{link}</a>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"To decline it, open:<br><a href=\"{link}\">{link}</a>", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("invitation-link", email.TextBody + email.HtmlBody, StringComparison.Ordinal);
        // Both lead to the invitation page, where Ewa accepts.
        var page = await _client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var accepted = await _client.PostAsync(link, new FormUrlEncodedContent(
            [new("answer", "accept"), new("__RequestVerificationToken", AdminClients.AntiforgeryToken(await page.Content.ReadAsStringAsync()))]));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(MembershipStatus.Active, await StatusOfEwaAsync());
    }

    [Fact]
    public async Task TheAdminOutboxPageAndTheCliShowNoWorkingInvitationLinkBeforeOrAfterSending()
    {
        var mailbox = await InviteEwaAsync();
        var invitation = Assert.Single(await Store.ListOutboxAsync(mailbox.Id), m => m.Kind == NotificationKinds.InvitationStaff);
        using var admin = await AdminClients.SignedInAsync(_factory, "boss@contoso.example", tenantAdmin: true);

        async Task AssertShownWithheldAsync(string? token)
        {
            var page = await admin.GetStringAsync($"/admin/contoso/outbox?id={invitation.Id}");
            Assert.Contains(Withheld, page, StringComparison.Ordinal);
            var cli = await CliRun.RunAsync(_factory.DataDirectory, _factory.Time, "outbox", "show", "contoso", invitation.Id);
            Assert.Equal(0, cli.Code);
            Assert.Contains(Withheld, cli.Out, StringComparison.Ordinal);
            var html = await CliRun.RunAsync(_factory.DataDirectory, _factory.Time, "outbox", "show", "contoso", invitation.Id, "--html");
            var list = await CliRun.RunAsync(_factory.DataDirectory, _factory.Time, "outbox", "list", "contoso");
            foreach (var shown in new[] { page, cli.Out, html.Out, list.Out })
            {
                Assert.DoesNotContain("/staff/invitation/", shown, StringComparison.Ordinal);
                Assert.DoesNotContain("invitation-link", shown, StringComparison.Ordinal);
                if (token is not null) Assert.DoesNotContain(token, shown, StringComparison.Ordinal);
            }
        }

        await AssertShownWithheldAsync(token: null);
        await SendDueAsync();
        await AssertShownWithheldAsync((await SentInvitationAsync()).Token);
    }

    [Fact]
    public async Task AnInvitationSentAgainFromTheAdminOutboxPageCarriesWorkingLinksAgainAndLeavesNoneBehind()
    {
        var mailbox = await InviteEwaAsync();
        await SendDueAsync();
        var (_, first, token) = await SentInvitationAsync();
        Directory.Delete(_factory.MailDirectory, recursive: true);
        var invitation = Assert.Single(await Store.ListOutboxAsync(mailbox.Id), m => m.Kind == NotificationKinds.InvitationStaff);
        using var admin = await AdminClients.SignedInAsync(_factory, "boss@contoso.example", tenantAdmin: true);

        var resent = await AdminClients.PostFormAsync(admin, $"/admin/contoso/outbox?id={invitation.Id}", $"/admin/contoso/outbox?id={invitation.Id}&handler=Resend");
        Assert.Equal(HttpStatusCode.SeeOther, resent.StatusCode);
        Assert.Equal(1, await SendDueAsync());

        var (_, again, _) = await SentInvitationAsync();
        Assert.Equal(first, again);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(again)).StatusCode);
        AssertNothingStoredCanAct(token);
    }

    [Fact]
    public async Task AnInvitationFromTheCliLeavesWithWorkingLinksAndNoneStored()
    {
        var invite = await CliRun.RunAsync(_factory.DataDirectory, _factory.Time, "staff", "invite", "contoso", "maria", "--base-url", "http://localhost");
        Assert.True(invite.Code == 0, invite.Err);

        Assert.Equal(1, await SendDueAsync()); // by the web app, which shares the CLI's key ring (the data directory's keys)

        var (email, link, token) = await SentInvitationAsync();
        Assert.Equal("maria@contoso.example", email.To.Mailboxes.Single().Address);
        Assert.StartsWith("http://localhost/staff/invitation/contoso/maria/", link, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(link)).StatusCode);
        AssertNothingStoredCanAct(token);
    }

    [GeneratedRegex(@"http://localhost/staff/invitation/contoso/[A-Za-z0-9._~%-]+/(?<token>[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])")]
    private static partial Regex InvitationLink();
}
