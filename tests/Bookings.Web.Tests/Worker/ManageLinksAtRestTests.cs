using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Hosting;
using Bookings.Web.Tests.Admin;
using Bookings.Web.Tests.Api;
using Bookings.Web.Tests.Cli;
using Bookings.Worker;
using Bookings.Worker.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Bookings.Web.Tests.Sms.SmsTestKit;

namespace Bookings.Web.Tests.Worker;

/// <summary>
/// Manage links at rest (issue 13, 2.2): the outbox keeps no link that can act, before or after sending; the admin page and the
/// CLI show none; the message that leaves (email in every part, SMS, a reminder days later, a resend) carries a working one.
/// </summary>
public sealed partial class ManageLinksAtRestTests : IDisposable
{
    private const string Withheld = "[manage link, sent to the customer]";

    private readonly BookingsFactory _factory = new();
    private readonly WireMockServer _twilio = WireMockServer.Start();
    private readonly HttpClient _client;

    public ManageLinksAtRestTests()
    {
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Messages.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"sid":"SM1"}"""));
        _factory.Settings["Workers:Enabled"] = "false"; // each test sends when it means to
        _factory.Settings["Sms:AccountSid"] = AccountSid;
        _factory.Settings["Sms:AuthToken"] = AuthToken;
        _factory.Settings["Sms:From"] = FromNumber;
        _factory.Settings["Sms:BaseUrl"] = _twilio.Url;
        _factory.Settings["Sms:Timeout"] = "00:05:00"; // fake time moves in steps: keep the per-attempt timeout out of the way
        _client = AdminClients.Anonymous(_factory);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _twilio.Stop();
        _twilio.Dispose();
    }

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    /// <summary>A consultation with a reminder a day ahead and SMS to Polish numbers; booked by Jan for Thursday 3 December, 10:00 in Warsaw.</summary>
    private async Task<(Mailbox Mailbox, string Token)> BookAsync()
    {
        var mailbox = (await Store.GetMailboxBySlugAsync("contoso"))!;
        var consult = mailbox.Document.FindService("consult")!;
        consult.Reminders = [new BookingReminder { Offset = TimeSpan.FromDays(1), Recipients = BookingReminderRecipients.Customer }];
        consult.SmsNotificationsEnabled = true;
        mailbox.Document.SmsAllowedRegions = ["PL"];
        await Store.UpdateMailboxAsync(mailbox.Id, mailbox.Document, mailbox.Version);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calendars/contoso/appointments")
        {
            Content = JsonContent.Create(new
            {
                serviceId = "consult",
                staffId = "anna",
                start = "2026-12-03T10:00:00+01:00",
                smsOptIn = true,
                customer = new { name = "Jan Kowalski", email = "jan@example.com", phone = CustomerNumber, timeZone = "Europe/Warsaw" },
            }),
        };
        request.Headers.Add("Idempotency-Key", "jan-1");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var manageUrl = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manageUrl").GetString()!;
        return ((await Store.GetMailboxBySlugAsync("contoso"))!, manageUrl.Split('/')[^1]);
    }

    private Task<int> SendDueAsync() => AtRest.SendDueAsync(_factory.Services);

    private void AssertNothingStoredCanAct(string token)
    {
        var stored = AtRest.StoredBytes(_factory.DataDirectory);
        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("/manage/", stored, StringComparison.Ordinal);
    }

    private Task<MimeMessage> SentEmailAsync(string subjectStart) => AtRest.SentEmailAsync(_factory.MailDirectory, subjectStart);

    private static string Unfolded(string ics) => ics.ReplaceLineEndings("\r\n").Replace("\r\n ", "", StringComparison.Ordinal);

    /// <summary>The link of every part (text, HTML, .ics DESCRIPTION) is the same working one.</summary>
    private async Task AssertWorkingLinkInEveryPartAsync(MimeMessage email, string token)
    {
        var url = "http://localhost/manage/" + token;
        Assert.Contains(url, email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{url}\">{url}</a>", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("manage-link", email.TextBody + email.HtmlBody, StringComparison.Ordinal);
        if (email.Attachments.OfType<TextPart>().FirstOrDefault() is { } invite)
        {
            var ics = Unfolded(invite.Text);
            Assert.Contains("\\nManage: " + url + "\r\n", ics, StringComparison.Ordinal);
            Assert.All(invite.Text.ReplaceLineEndings("\r\n").Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
        }
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(ManageLink().Match(email.TextBody ?? "").Value)).StatusCode);
    }

    [Fact]
    public async Task AfterABookingTheDatabaseHoldsNoManageTokenOrLinkBeforeOrAfterSending()
    {
        var (_, token) = await BookAsync();

        AssertNothingStoredCanAct(token);
        Assert.True(await SendDueAsync() > 0);
        AssertNothingStoredCanAct(token);
    }

    [Fact]
    public async Task TheConfirmationThatLeavesHasAWorkingManageLinkInItsTextHtmlAndInvitation()
    {
        var (_, token) = await BookAsync();

        await SendDueAsync();

        await AssertWorkingLinkInEveryPartAsync(await SentEmailAsync("Booking confirmed"), token);
    }

    [Fact]
    public async Task TheAdminOutboxPageAndTheCliShowNoWorkingManageLink()
    {
        var (mailbox, token) = await BookAsync();
        var outbox = await Store.ListOutboxAsync(mailbox.Id);
        var confirmation = outbox.Single(m => m.Kind == NotificationKinds.BookingCustomer);
        var sms = outbox.Single(m => m.Kind == NotificationKinds.BookingSms);
        using var admin = await AdminClients.SignedInAsync(_factory, "boss@contoso.example", tenantAdmin: true);

        foreach (var message in new[] { confirmation, sms })
        {
            var page = await admin.GetStringAsync($"/admin/contoso/outbox?id={message.Id}");
            Assert.Contains(Withheld, page, StringComparison.Ordinal);
            Assert.DoesNotContain(token, page, StringComparison.Ordinal);
            Assert.DoesNotContain("/manage/", page, StringComparison.Ordinal);
            Assert.DoesNotContain("manage-link", page, StringComparison.Ordinal);

            foreach (var args in new[] { new[] { "outbox", "show", "contoso", message.Id }, ["outbox", "show", "contoso", message.Id, "--html"], ["outbox", "list", "contoso"] })
            {
                var (code, output, _) = await CliRun.RunAsync(_factory.DataDirectory, _factory.Time, args);
                Assert.Equal(0, code);
                Assert.DoesNotContain(token, output, StringComparison.Ordinal);
                Assert.DoesNotContain("/manage/", output, StringComparison.Ordinal);
                Assert.DoesNotContain("manage-link", output, StringComparison.Ordinal);
            }
            Assert.Contains(Withheld, (await CliRun.RunAsync(_factory.DataDirectory, _factory.Time, "outbox", "show", "contoso", message.Id)).Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AMessageSentAgainFromTheAdminPageCarriesAWorkingLinkAgainAndLeavesNoneBehind()
    {
        var (mailbox, token) = await BookAsync();
        await SendDueAsync();
        Directory.Delete(_factory.MailDirectory, recursive: true);
        var confirmation = (await Store.ListOutboxAsync(mailbox.Id)).Single(m => m.Kind == NotificationKinds.BookingCustomer);
        using var admin = await AdminClients.SignedInAsync(_factory, "boss@contoso.example", tenantAdmin: true);

        var resent = await AdminClients.PostFormAsync(admin, $"/admin/contoso/outbox?id={confirmation.Id}", $"/admin/contoso/outbox?id={confirmation.Id}&handler=Resend");
        Assert.Equal(HttpStatusCode.SeeOther, resent.StatusCode);
        Assert.Equal(1, await SendDueAsync());

        await AssertWorkingLinkInEveryPartAsync(await SentEmailAsync("Booking confirmed"), token);
        AssertNothingStoredCanAct(token);
    }

    [Fact]
    public async Task AWorkerInAProcessOfItsOwnOpensTheLinksTheWebAppSealed()
    {
        var (_, token) = await BookAsync();
        // As src/Bookings.Worker's Program: the store and the workers, from the same data directory.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("Store:DataDirectory", _factory.DataDirectory), new("Workers:Enabled", "false")]);
        builder.Services.AddSingleton<TimeProvider>(_factory.Time);
        builder.Services.AddBookingsStore(builder.Configuration);
        builder.Services.AddBookingsWorkers(builder.Configuration);
        using var worker = builder.Build();

        Assert.True(await worker.Services.GetRequiredService<OutboxProcessor>().DispatchDueAsync(CancellationToken.None) > 0);

        await AssertWorkingLinkInEveryPartAsync(await SentEmailAsync("Booking confirmed"), token);
    }

    [Fact]
    public async Task AReminderSentTwoDaysLaterCarriesAWorkingLink()
    {
        var (_, token) = await BookAsync();
        await SendDueAsync();
        Directory.Delete(_factory.MailDirectory, recursive: true);

        _factory.Time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(1)); // Wednesday 2 December, 10:00 in Warsaw: a day ahead
        Assert.Equal(2, await SendDueAsync()); // the email and the SMS

        var reminder = await SentEmailAsync("Reminder");
        Assert.Empty(reminder.Attachments);
        await AssertWorkingLinkInEveryPartAsync(reminder, token);
        AssertNothingStoredCanAct(token);
    }

    [Fact]
    public async Task TheSmsThatLeavesHasAWorkingLinkWhileTheStoredOneHasNone()
    {
        var (_, token) = await BookAsync();

        await SendDueAsync();

        var sent = Assert.Single(_twilio.LogEntries);
        var body = WebUtility.UrlDecode(Regex.Match(sent.RequestMessage.Body!, "(?:^|&)Body=([^&]*)").Groups[1].Value);
        var link = ManageLink().Match(body).Value;
        Assert.Equal("http://localhost/manage/" + token, link);
        Assert.DoesNotContain("manage-link", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(link)).StatusCode);
        AssertNothingStoredCanAct(token);
    }

    [GeneratedRegex(@"http://localhost/manage/[A-Za-z0-9_-]{43}")]
    private static partial Regex ManageLink();
}
