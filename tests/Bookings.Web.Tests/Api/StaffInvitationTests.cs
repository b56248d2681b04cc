using System.Net;
using System.Text.RegularExpressions;
using Bookings.Cli;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Web.Tests.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Api;

/// <summary>`bookings staff invite` emails accept/decline links; the page sets the membership; a used or wrong link is not found.</summary>
public sealed partial class StaffInvitationTests : IDisposable
{
    private readonly BookingsFactory _factory = new();
    private readonly HttpClient _client;

    public StaffInvitationTests()
    {
        _factory.Settings["Workers:Enabled"] = "false";
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    private Task<(int Code, string Out, string Err)> CliAsync(params string[] args) => Bookings.Web.Tests.Cli.CliRun.RunAsync(_factory.DataDirectory, _factory.Time, args);

    private async Task<string> InviteLinkAsync(string staffId)
    {
        var invite = await CliAsync("staff", "invite", "contoso", staffId, "--base-url", "https://book.example");
        Assert.True(invite.Code == 0, invite.Err);
        Assert.Contains("\"membershipStatus\": \"pendingAcceptance\"", invite.Out);
        // The link is in the email that leaves, and nowhere else.
        Assert.Equal(1, await AtRest.SendDueAsync(_factory.Services));
        var email = await AtRest.SentEmailAsync(_factory.MailDirectory, "Invitation: join", to: $"{staffId}@contoso.example");
        var link = Link().Match(email.TextBody ?? "").Value;
        Assert.StartsWith($"https://book.example/staff/invitation/contoso/{staffId}/", link);
        return link["https://book.example".Length..];
    }

    private async Task<HttpResponseMessage> AnswerAsync(string path, string answer)
    {
        var page = await _client.GetStringAsync(path);
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        return await _client.PostAsync(path, new FormUrlEncodedContent([new("answer", answer), new("__RequestVerificationToken", token)]));
    }

    private async Task<MembershipStatus> StatusOf(string staffId) =>
        (await Store.GetMailboxBySlugAsync("contoso"))!.Document.FindStaff(staffId)!.MembershipStatus;

    [Fact]
    public async Task AcceptingTheInvitationMakesTheStaffMemberActiveAndTheLinkIsThenUsed()
    {
        var path = await InviteLinkAsync("maria");
        Assert.Equal(MembershipStatus.PendingAcceptance, await StatusOf("maria"));
        // Pending staff are not offered to customers.
        var slots = await _client.GetStringAsync("/api/v1/calendars/contoso/availability?serviceId=consult&from=2026-12-01&to=2026-12-01");
        Assert.DoesNotContain("maria", slots);

        var page = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("noindex", page.Headers.GetValues("X-Robots-Tag").Single());

        var answered = await AnswerAsync(path, "accept");

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("You accepted the invitation", await answered.Content.ReadAsStringAsync());
        Assert.Equal(MembershipStatus.Active, await StatusOf("maria"));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task DecliningMakesTheStaffMemberRejectedAndAWrongTokenIsNotFound()
    {
        var path = await InviteLinkAsync("piotr");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(path[..^4] + "AAAA")).StatusCode);

        await AnswerAsync(path, "decline");

        Assert.Equal(MembershipStatus.Rejected, await StatusOf("piotr"));
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenChangesNothing()
    {
        var path = await InviteLinkAsync("maria");

        var response = await _client.PostAsync(path, new FormUrlEncodedContent([new("answer", "accept")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(MembershipStatus.PendingAcceptance, await StatusOf("maria"));
    }

    [Fact]
    public async Task TimeOffAddedFromTheCliIsToldToTheStaffMember()
    {
        var added = await CliAsync("timeoff", "add", "contoso", "--staff", "anna", "--from", "2026-12-24T00:00:00+01:00", "--to", "2026-12-27T00:00:00+01:00",
            "--reason", "Holidays");
        Assert.True(added.Code == 0, added.Err);

        var mailbox = (await Store.GetMailboxBySlugAsync("contoso"))!;
        var notice = EmailMessage.FromJson(Assert.Single(await Store.ListOutboxAsync(mailbox.Id), m => m.Kind == NotificationKinds.TimeOffStaff).Payload);
        Assert.Equal("anna@contoso.example", notice.To.Address);
        Assert.Contains("Holidays", notice.TextBody);
    }

    [GeneratedRegex(@"https://book\.example/staff/invitation/\S+")]
    private static partial Regex Link();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
