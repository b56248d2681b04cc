using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using Bookings.Web.Tests.Api;
using Bookings.Web.Tests.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin.Staff;

/// <summary>
/// The staff pages on the real app: invite anyone by email (pendingAcceptance, the invitation in the outbox, accepted through the
/// invitation link), edit role, hours, time zone, caps and the secret ICS feed, the sync diagnosis, removal rules and the last
/// administrator's protection.
/// </summary>
public sealed partial class StaffPageTests : IDisposable
{
    private readonly BookingsFactory _factory = new();

    public StaffPageTests() => _factory.Settings["Workers:Enabled"] = "false"; // keep messages pending

    public void Dispose() => _factory.Dispose();

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    private async Task<Mailbox> ContosoAsync() => (await Store.GetMailboxBySlugAsync("contoso"))!;

    private Task<HttpClient> SignedInAsync(string email, bool tenantAdmin = false) => AdminClients.SignedInAsync(_factory, email, tenantAdmin);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string postUrl, params (string Key, string Value)[] fields) =>
        AdminClients.PostFormAsync(client, pageUrl, postUrl, fields);

    private static string Version(string html) => VersionField().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"version\" value=\"([^\"]+)\"")]
    private static partial Regex VersionField();

    [Fact]
    public async Task AnAdministratorInvitesAnOutsideAddressWhoAcceptsThroughTheEmailedLink()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var invited = await PostAsync(anna, "/admin/contoso/staff", "/admin/contoso/staff?handler=Invite",
            ("InviteName", "Jan \"<script>alert(1)</script>"), ("InviteEmail", "jan@outside.example"), ("InviteRole", "scheduler"));
        Assert.Equal(HttpStatusCode.SeeOther, invited.StatusCode);

        var mailbox = await ContosoAsync();
        var jan = Assert.Single(mailbox.Document.StaffMembers, s => s.EmailAddress == "jan@outside.example");
        Assert.Equal(MembershipStatus.PendingAcceptance, jan.MembershipStatus);
        Assert.Equal(StaffRole.Scheduler, jan.Role);
        Assert.Equal(BookingsFactory.DefaultNow, jan.InvitedAt);
        var message = Assert.Single(await Store.ListOutboxAsync(mailbox.Id), m => m.Kind == NotificationKinds.InvitationStaff);
        Assert.Contains("jan@outside.example", message.Payload);

        var list = await anna.GetStringAsync(invited.Headers.Location!.OriginalString);
        Assert.Contains("Invitation sent.", list);
        Assert.Contains("<span class=\"badge warn\">invited</span>", list);
        Assert.Contains("2026-11-30 09:00", list); // when, in Warsaw
        Assert.Contains("&lt;script&gt;", list);
        Assert.DoesNotContain("<script>alert(1)", list);
        Assert.Contains("Resend invitation", list);

        var audit = await Store.ListAuditAsync(mailbox.Id, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), 100);
        Assert.Contains(audit, e => e.Action == "staff.invite" && e.Target == jan.Id && e.Actor == "anna@contoso.example");

        // The invitee answers through the link in the email that left.
        Assert.Equal(1, await AtRest.SendDueAsync(_factory.Services));
        var email = await AtRest.SentEmailAsync(_factory.MailDirectory, "Invitation: join", to: "jan@outside.example");
        var link = InvitationLink().Match(email.TextBody ?? "").Value;
        Assert.NotEmpty(link);
        using var invitee = AdminClients.Anonymous(_factory);
        var page = await invitee.GetStringAsync(link);
        var accepted = await invitee.PostAsync(link, new FormUrlEncodedContent(
            [new("answer", "accept"), new("__RequestVerificationToken", AdminClients.AntiforgeryToken(page))]));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(MembershipStatus.Active, (await ContosoAsync()).Document.FindStaff(jan.Id)!.MembershipStatus);
        var after = await anna.GetStringAsync("/admin/contoso/staff");
        Assert.DoesNotContain("<span class=\"badge warn\">invited</span>", after);
    }

    [GeneratedRegex("/staff/invitation/contoso/[A-Za-z0-9._~%-]+/[A-Za-z0-9._~%-]+")]
    private static partial Regex InvitationLink();

    [Fact]
    public async Task AddingWithoutAnInvitationMakesTheMemberBookableAtOnceAndSendsNothing()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var added = await PostAsync(anna, "/admin/contoso/staff", "/admin/contoso/staff?handler=Invite",
            ("InviteName", "Ola Nowa"), ("InviteEmail", "ola@contoso.example"), ("InviteRole", "teamMember"), ("AddActive", "true"));
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);

        var mailbox = await ContosoAsync();
        var ola = Assert.Single(mailbox.Document.StaffMembers, s => s.EmailAddress == "ola@contoso.example");
        Assert.Equal(MembershipStatus.Active, ola.MembershipStatus);
        Assert.DoesNotContain(await Store.ListOutboxAsync(mailbox.Id), m => m.Kind == NotificationKinds.InvitationStaff);
        var audit = await Store.ListAuditAsync(mailbox.Id, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), 100);
        Assert.Contains(audit, e => e.Action == "staff.add" && e.Target == ola.Id);

        // Bookable at once: once she performs the service, the public API offers her times.
        mailbox.Document.FindService("consult")!.StaffMemberIds.Add(ola.Id);
        await Store.UpdateMailboxAsync(mailbox.Id, mailbox.Document, mailbox.Version);
        using var api = AdminClients.Anonymous(_factory);
        var answer = await api.GetFromJsonAsync<System.Text.Json.JsonElement>(
            $"/api/v1/calendars/contoso/availability?serviceId=consult&staffId={ola.Id}&from=2026-12-01&to=2026-12-01");
        Assert.Equal(16, answer.GetProperty("slots").GetArrayLength());
    }

    [Fact]
    public async Task ResendingAnInvitationQueuesAnotherEmail()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        await PostAsync(anna, "/admin/contoso/staff", "/admin/contoso/staff?handler=Invite",
            ("InviteName", "Ewa"), ("InviteEmail", "ewa@elsewhere.example"), ("InviteRole", "teamMember"));
        var id = (await ContosoAsync()).Document.StaffMembers.Single(s => s.EmailAddress == "ewa@elsewhere.example").Id;
        _factory.Time.Advance(TimeSpan.FromMinutes(5)); // each invitation is its own message (keyed by when it was sent)
        var resent = await PostAsync(anna, "/admin/contoso/staff", $"/admin/contoso/staff?handler=Resend&id={id}");
        Assert.Equal(HttpStatusCode.SeeOther, resent.StatusCode);
        var mailbox = await ContosoAsync();
        Assert.Equal(2, (await Store.ListOutboxAsync(mailbox.Id)).Count(m => m.Kind == NotificationKinds.InvitationStaff));
    }

    [Fact]
    public async Task InvitingAnAddressAlreadyOnTheStaffIsRefusedWithTheValuesKept()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await PostAsync(anna, "/admin/contoso/staff", "/admin/contoso/staff?handler=Invite",
            ("InviteName", "Piotr again"), ("InviteEmail", "PIOTR@contoso.example"), ("InviteRole", "viewer"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("already on the staff", html);
        Assert.Contains("value=\"Piotr again\"", html);
        Assert.Equal(3, (await ContosoAsync()).Document.StaffMembers.Count);
    }

    [Fact]
    public async Task EditingRoleHoursZoneCapsAndTheIcsFeedIsStoredAndTheFeedNeverShown()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        const string feed = "https://calendar.example/publish/s3cr3t-token/calendar.ics";
        var page = await anna.GetStringAsync("/admin/contoso/staff/edit/piotr");
        var response = await PostAsync(anna, "/admin/contoso/staff/edit/piotr", "/admin/contoso/staff/edit/piotr",
            ("version", Version(page)), ("name", "Piotr Nowak"), ("email", "piotr@contoso.example"), ("role", "scheduler"),
            ("timeZone", "America/New_York"), ("hours", "own"),
            ("monday-start1", "08:00"), ("monday-end1", "12:00"), ("monday-start2", "13:00"), ("monday-end2", "16:30"),
            ("saturday-start1", "10:00"), ("saturday-end1", "14:00"),
            ("maxPerDay", "3"), ("maxPerWeek", "10"), ("icsFeedUrl", feed), ("affected", "true"));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);

        var piotr = (await ContosoAsync()).Document.FindStaff("piotr")!;
        Assert.Equal(StaffRole.Scheduler, piotr.Role);
        Assert.Equal("America/New_York", piotr.TimeZone);
        Assert.False(piotr.UseBusinessHours);
        var monday = piotr.WorkingHours.Single(h => h.Day == DayOfWeek.Monday);
        Assert.Equal([(TimeSpan.FromHours(8), TimeSpan.FromHours(12)), (TimeSpan.FromHours(13), new TimeSpan(16, 30, 0))],
            monday.TimeSlots.Select(s => (s.StartTime, s.EndTime)));
        Assert.Equal(2, piotr.WorkingHours.Count);
        Assert.Equal(3, piotr.MaxBookingsPerDay);
        Assert.Equal(10, piotr.MaxBookingsPerWeek);
        Assert.Equal(feed, piotr.IcsFeedUrl);
        Assert.True(piotr.AvailabilityIsAffectedByPersonalCalendar);
        Assert.False(piotr.IsEmailNotificationEnabled);

        var edit = await anna.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Saved.", edit);
        Assert.DoesNotContain("s3cr3t", edit);
        Assert.Contains("<span class=\"badge ok\">set</span>", edit);
        Assert.Contains("value=\"16:30\"", edit);
        Assert.Contains("<option value=\"America/New_York\" selected=\"selected\">", edit);
        var list = await anna.GetStringAsync("/admin/contoso/staff");
        Assert.DoesNotContain("s3cr3t", list);
        Assert.Contains("per day: 3", list);

        var mailbox = await ContosoAsync();
        var audit = await Store.ListAuditAsync(mailbox.Id, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), 100);
        var entry = Assert.Single(audit, e => e.Action == "staff.update" && e.Target == "piotr");
        Assert.DoesNotContain("s3cr3t", entry.Details);

        // Removing the feed; emptying the caps; back to business hours.
        var removed = await PostAsync(anna, "/admin/contoso/staff/edit/piotr", "/admin/contoso/staff/edit/piotr",
            ("version", mailbox.Version), ("name", "Piotr Nowak"), ("email", "piotr@contoso.example"), ("role", "scheduler"),
            ("timeZone", ""), ("hours", "business"), ("maxPerDay", ""), ("maxPerWeek", ""), ("removeIcs", "true"), ("notify", "true"));
        Assert.Equal(HttpStatusCode.SeeOther, removed.StatusCode);
        piotr = (await ContosoAsync()).Document.FindStaff("piotr")!;
        Assert.Null(piotr.IcsFeedUrl);
        Assert.Null(piotr.TimeZone);
        Assert.Null(piotr.MaxBookingsPerDay);
        Assert.True(piotr.UseBusinessHours);
        Assert.Contains("<span class=\"badge\">not set</span>", await anna.GetStringAsync("/admin/contoso/staff/edit/piotr"));
    }

    [Theory]
    [InlineData("email", "maria@contoso.example\n", "Email", "E-mail")]
    [InlineData("timeZone", "Europe/Warsaw\n", "Time zone", "Strefa czasowa")]
    [InlineData("icsFeedUrl", "https://calendar.example/maria.ics\n", "ICS feed", "Kanał ICS")]
    public async Task AControlCharacterInAnAddressOrZoneIsRefusedNamingTheField(string field, string value, string english, string polish)
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var before = await ContosoAsync();
        foreach (var (lang, name) in new[] { ("en", english), ("pl", polish) })
        {
            var fields = new Dictionary<string, string>
            {
                ["version"] = before.Version,
                ["name"] = "Maria",
                ["email"] = "maria@contoso.example",
                ["role"] = "teamMember",
                ["timeZone"] = "",
                ["hours"] = "business",
                [field] = value,
            };
            var response = await PostAsync(anna, "/admin/contoso/staff/edit/maria", "/admin/contoso/staff/edit/maria?lang=" + lang,
                [.. fields.Select(f => (f.Key, f.Value))]);

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(name + (lang == "en" ? ": a control character" : ": znak sterujący"), await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(before.Version, (await ContosoAsync()).Version);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/maria.ics", "it leads to a local or private network", "prowadzi do sieci lokalnej lub prywatnej")]
    [InlineData("http://localhost/maria.ics", "it leads to a local or private network", "prowadzi do sieci lokalnej lub prywatnej")]
    [InlineData("http://printer.local/maria.ics", "it leads to a local or private network", "prowadzi do sieci lokalnej lub prywatnej")]
    [InlineData("https://[::1]/maria.ics", "it leads to a local or private network", "prowadzi do sieci lokalnej lub prywatnej")]
    [InlineData("http://10.0.0.5/maria.ics", "it leads to a local or private network", "prowadzi do sieci lokalnej lub prywatnej")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "it leads to a local or private network", "prowadzi do sieci lokalnej lub prywatnej")]
    [InlineData("webcal://192.168.1.20/maria.ics", "it leads to a local or private network", "prowadzi do sieci lokalnej lub prywatnej")]
    [InlineData("https://maria:s3cret@calendar.example/maria.ics", "it holds a user name or password", "zawiera nazwę użytkownika lub hasło")]
    public async Task AFeedAddressTheSafetyRulesRefuseIsRefusedWhenSavedWithTheReason(string feed, string english, string polish)
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var before = await ContosoAsync();
        foreach (var (lang, reason) in new[] { ("en", "The ICS feed address is not allowed: " + english), ("pl", "Adres kanału ICS jest niedozwolony: " + polish) })
        {
            var response = await PostAsync(anna, "/admin/contoso/staff/edit/maria", "/admin/contoso/staff/edit/maria?lang=" + lang,
                ("version", before.Version), ("name", "Maria"), ("email", "maria@contoso.example"), ("role", "teamMember"),
                ("timeZone", ""), ("hours", "business"), ("icsFeedUrl", feed));

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(reason, html);
            Assert.DoesNotContain("s3cret", html);
        }
        Assert.Null((await ContosoAsync()).Document.FindStaff("maria")!.IcsFeedUrl);
    }

    [Fact]
    public async Task AnIntranetFeedIsSavedWhereSyncAllowsPrivateAddresses()
    {
        using var factory = new BookingsFactory();
        factory.Settings["Workers:Enabled"] = "false";
        factory.Settings["Sync:Feeds:AllowPrivateAddresses"] = "true";
        using var anna = await AdminClients.SignedInAsync(factory, "anna@contoso.example");
        var store = factory.Services.GetRequiredService<IBookingStore>();
        var before = (await store.GetMailboxBySlugAsync("contoso"))!;

        var response = await PostAsync(anna, "/admin/contoso/staff/edit/maria", "/admin/contoso/staff/edit/maria",
            ("version", before.Version), ("name", "Maria"), ("email", "maria@contoso.example"), ("role", "teamMember"),
            ("timeZone", ""), ("hours", "business"), ("icsFeedUrl", "http://10.0.0.5/maria.ics"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("http://10.0.0.5/maria.ics", (await store.GetMailboxBySlugAsync("contoso"))!.Document.FindStaff("maria")!.IcsFeedUrl);
    }

    [Fact]
    public async Task InvalidValuesAreRefusedInThePagesLanguageAndNothingIsSaved()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var page = await anna.GetStringAsync("/admin/contoso/staff/edit/maria");
        var response = await PostAsync(anna, "/admin/contoso/staff/edit/maria", "/admin/contoso/staff/edit/maria?lang=pl",
            ("version", Version(page)), ("name", "Maria"), ("email", "maria@contoso.example"), ("role", "teamMember"),
            ("timeZone", "Mars/Olympus"), ("hours", "own"), ("tuesday-start1", "12:00"), ("tuesday-end1", "11:00"),
            ("maxPerDay", "0"), ("icsFeedUrl", "ftp://nope.example/cal.ics"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Wybierz strefę czasową z listy.", html);
        Assert.Contains("Wtorek: każdy przedział", html);
        Assert.Contains("Maksymalna liczba rezerwacji dziennie", html);
        Assert.Contains("Kanał ICS musi być adresem", html);
        Assert.DoesNotContain("ftp://nope.example", html);
        Assert.Equal("Maria Wiśniewska", (await ContosoAsync()).Document.FindStaff("maria")!.DisplayName);
    }

    [Fact]
    public async Task AFailingFeedShowsTheDiagnosisWithItsCauseAndFix()
    {
        var mailbox = await ContosoAsync();
        var doc = CalendarJson.Clone(mailbox.Document);
        doc.FindStaff("maria")!.IcsFeedUrl = "https://calendar.example/gone.ics";
        mailbox = await Store.UpdateMailboxAsync(mailbox.Id, doc, mailbox.Version);
        var lastOk = BookingsFactory.DefaultNow.AddHours(-5);
        await Store.ReplaceStaffSyncAsync(mailbox.Id,
            [new StaffSyncState("maria", SyncSource.IcsFeed, BookingsFactory.DefaultNow.AddMinutes(-5), lastOk, 4, new SyncFailure(SyncFailureKind.NotFound, "404"), [])]);

        using var anna = await SignedInAsync("anna@contoso.example");
        var html = await anna.GetStringAsync("/admin/contoso/staff");
        Assert.Contains("cannot sync", html);
        Assert.Contains("the published calendar no longer exists. Publish it again and paste the new ICS link.", html);
        Assert.Contains("2026-11-30 04:00", html); // the last success, in Warsaw
        Assert.DoesNotContain("gone.ics", html);

        var pl = await anna.GetStringAsync("/admin/contoso/staff?lang=pl");
        Assert.Contains("nie można synchronizować", pl);
        Assert.Contains("opublikowany kalendarz już nie istnieje", pl);
    }

    [Fact]
    public async Task ARefusedFeedAddressShowsWhyAndTheFixInBothLanguages()
    {
        var mailbox = await ContosoAsync();
        var doc = CalendarJson.Clone(mailbox.Document);
        doc.FindStaff("maria")!.IcsFeedUrl = "http://10.0.0.5/maria.ics"; // stored before the save-time check
        mailbox = await Store.UpdateMailboxAsync(mailbox.Id, doc, mailbox.Version);
        await Store.ReplaceStaffSyncAsync(mailbox.Id,
            [new StaffSyncState("maria", SyncSource.IcsFeed, BookingsFactory.DefaultNow.AddMinutes(-5), null, 9,
                new SyncFailure(SyncFailureKind.NotAllowed, Bookings.Worker.Sync.Feeds.FeedFailures.AddressNotAllowed), [])]);

        using var anna = await SignedInAsync("anna@contoso.example");
        var html = await anna.GetStringAsync("/admin/contoso/staff");
        Assert.Contains("this address is not allowed: it leads to a local or private network", html);
        Assert.Contains("paste the calendar&#x27;s public ICS link", html);
        Assert.DoesNotContain("can&#x27;t identify", html);
        Assert.DoesNotContain("10.0.0.5", html);

        var pl = await anna.GetStringAsync("/admin/contoso/staff?lang=pl");
        Assert.Contains("ten adres jest niedozwolony: prowadzi do sieci lokalnej lub prywatnej", pl);
        Assert.Contains("wklej publiczny link ICS kalendarza", pl);
    }

    [Fact]
    public async Task AStaffMemberWithBookedAppointmentsCannotBeRemovedButAnotherCan()
    {
        using (var api = AdminClients.Anonymous(_factory))
        {
            var booked = await api.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
            {
                serviceId = "consult",
                staffId = "piotr",
                start = "2026-12-01T10:00:00+01:00",
                customer = new { name = "Jan Kowalski", email = "jan@example.com" },
            });
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }
        using var anna = await SignedInAsync("anna@contoso.example");
        var page = await anna.GetStringAsync("/admin/contoso/staff");
        var refused = await PostAsync(anna, "/admin/contoso/staff", "/admin/contoso/staff?handler=Remove&id=piotr", ("version", Version(page)));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("still has 1 booked appointment", await refused.Content.ReadAsStringAsync());
        Assert.NotNull((await ContosoAsync()).Document.FindStaff("piotr"));

        var pl = await PostAsync(anna, "/admin/contoso/staff", "/admin/contoso/staff?handler=Remove&id=piotr&lang=pl", ("version", Version(page)));
        Assert.Contains("liczba: 1", await pl.Content.ReadAsStringAsync());

        var removed = await PostAsync(anna, "/admin/contoso/staff", "/admin/contoso/staff?handler=Remove&id=maria", ("version", Version(page)));
        Assert.Equal(HttpStatusCode.SeeOther, removed.StatusCode);
        var mailbox = await ContosoAsync();
        Assert.Null(mailbox.Document.FindStaff("maria"));
        Assert.DoesNotContain("maria", mailbox.Document.Services.SelectMany(s => s.StaffMemberIds));
        var audit = await Store.ListAuditAsync(mailbox.Id, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), 100);
        Assert.Contains(audit, e => e.Action == "staff.remove" && e.Target == "maria");
    }

    [Fact]
    public async Task TheLastAdministratorCannotDemoteOrRemoveThemselvesButATenantAdminCan()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var page = await anna.GetStringAsync("/admin/contoso/staff/edit/anna");
        var demoted = await PostAsync(anna, "/admin/contoso/staff/edit/anna", "/admin/contoso/staff/edit/anna",
            ("version", Version(page)), ("name", "Anna Kowalska"), ("email", "anna@contoso.example"), ("role", "scheduler"), ("hours", "business"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, demoted.StatusCode);
        Assert.Contains("last administrator", await demoted.Content.ReadAsStringAsync());
        var removed = await PostAsync(anna, "/admin/contoso/staff", "/admin/contoso/staff?handler=Remove&id=anna&lang=pl", ("version", Version(page)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, removed.StatusCode);
        Assert.Contains("ostatni administrator", await removed.Content.ReadAsStringAsync());
        Assert.Equal(StaffRole.Administrator, (await ContosoAsync()).Document.FindStaff("anna")!.Role);

        using var boss = await SignedInAsync("boss@contoso.example", tenantAdmin: true);
        var byBoss = await PostAsync(boss, "/admin/contoso/staff/edit/anna", "/admin/contoso/staff/edit/anna",
            ("version", Version(page)), ("name", "Anna Kowalska"), ("email", "anna@contoso.example"), ("role", "scheduler"), ("hours", "business"));
        Assert.Equal(HttpStatusCode.SeeOther, byBoss.StatusCode);
        Assert.Equal(StaffRole.Scheduler, (await ContosoAsync()).Document.FindStaff("anna")!.Role);
    }

    [Fact]
    public async Task AStaleVersionIsAConflictAndNothingIsSaved()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await PostAsync(anna, "/admin/contoso/staff/edit/maria", "/admin/contoso/staff/edit/maria",
            ("version", "stale"), ("name", "Maria W."), ("email", "maria@contoso.example"), ("role", "teamMember"), ("hours", "business"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Someone else changed this calendar", await response.Content.ReadAsStringAsync());
        Assert.Equal("Maria Wiśniewska", (await ContosoAsync()).Document.FindStaff("maria")!.DisplayName);
    }

    [Fact]
    public async Task StrangersGetNotFoundTeamMembersReadOnlyAndPostsWithoutTheTokenAreRejected()
    {
        using var stranger = await SignedInAsync("stranger@elsewhere.example");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/admin/contoso/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/admin/contoso/staff/edit/anna")).StatusCode);

        using var piotr = await SignedInAsync("piotr@contoso.example");
        var list = await piotr.GetStringAsync("/admin/contoso/staff");
        Assert.DoesNotContain("handler=Invite", list);
        Assert.DoesNotContain("handler=Remove", list);
        var edit = await piotr.GetStringAsync("/admin/contoso/staff/edit/maria");
        Assert.Contains("<fieldset disabled=\"disabled\">", edit);
        Assert.DoesNotContain(">Save<", edit);
        var forbidden = await PostAsync(piotr, "/admin/contoso/staff/edit/maria", "/admin/contoso/staff/edit/maria",
            ("version", Version(edit)), ("name", "Hacked"), ("role", "administrator"));
        Assert.Equal(HttpStatusCode.NotFound, forbidden.StatusCode);
        var invite = await PostAsync(piotr, "/admin/contoso/staff/edit/maria", "/admin/contoso/staff?handler=Invite",
            ("InviteName", "X"), ("InviteEmail", "x@example.com"), ("InviteRole", "administrator"));
        Assert.Equal(HttpStatusCode.NotFound, invite.StatusCode);

        using var anna = await SignedInAsync("anna@contoso.example");
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync("/admin/contoso/staff/edit/nobody")).StatusCode);
        var noToken = await anna.PostAsync("/admin/contoso/staff/edit/maria", new FormUrlEncodedContent([new("name", "X"), new("role", "guest")]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal("Maria Wiśniewska", (await ContosoAsync()).Document.FindStaff("maria")!.DisplayName);
    }

    [Fact]
    public async Task ThePagesSpeakPolish()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var list = await anna.GetStringAsync("/admin/contoso/staff?lang=pl");
        Assert.Contains("Dodaj lub zaproś członka personelu", list);
        Assert.Contains("Członek zespołu", list);
        var edit = await anna.GetStringAsync("/admin/contoso/staff/edit/piotr?lang=pl");
        Assert.Contains("Godziny pracy", edit);
        Assert.Contains("Poniedziałek", edit);
        Assert.Contains("Strefa czasowa firmy", edit);
    }
    [Fact]
    public void NewStaffIdsComeFromTheAddressAndNeverCollide()
    {
        var doc = Core.Demo.DemoCalendar.Create();
        Assert.Equal("lukasz.zolc", Core.Booking.StaffAdministration.NewStaffId(doc, "Łukasz.Żółć@example.com", "x"));
        Assert.Equal("anna-2", Core.Booking.StaffAdministration.NewStaffId(doc, "anna@elsewhere.example", "Anna"));
        Assert.Equal("jan-nowak", Core.Booking.StaffAdministration.NewStaffId(doc, null, " Jan  Nowak "));
        Assert.Equal("staff", Core.Booking.StaffAdministration.NewStaffId(doc, "@@", "<>"));
    }

    [Fact]
    public async Task ADeclinedInvitationShowsAsDeclinedAndCanBeSentAgain()
    {
        var mailbox = await ContosoAsync();
        var doc = CalendarJson.Clone(mailbox.Document);
        doc.FindStaff("maria")!.MembershipStatus = MembershipStatus.Rejected;
        await Store.UpdateMailboxAsync(mailbox.Id, doc, mailbox.Version);
        using var anna = await SignedInAsync("anna@contoso.example");
        var html = await anna.GetStringAsync("/admin/contoso/staff");
        Assert.Contains("<span class=\"badge bad\">declined</span>", html);
        var resend = Assert.Single(Regex.Matches(html, "action=\"([^\"]*handler=Resend[^\"]*)\""));
        Assert.Contains("id=maria", resend.Groups[1].Value);
        Assert.Contains("odrzucił zaproszenie", await anna.GetStringAsync("/admin/contoso/staff?lang=pl"));
    }
}
