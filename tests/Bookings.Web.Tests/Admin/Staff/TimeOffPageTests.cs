using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin.Staff;

/// <summary>
/// The time off page on the real app: a scheduler adds and removes anyone's time off and closures (availability follows, the staff
/// member's notice is queued, both audited); a team member only their own; others' ids are not found.
/// </summary>
public sealed class TimeOffPageTests : IDisposable
{
    private readonly BookingsFactory _factory = new();

    public TimeOffPageTests() => _factory.Settings["Workers:Enabled"] = "false";

    public void Dispose() => _factory.Dispose();

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    private async Task<Mailbox> ContosoAsync() => (await Store.GetMailboxBySlugAsync("contoso"))!;

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string postUrl, params (string Key, string Value)[] fields) =>
        AdminClients.PostFormAsync(client, pageUrl, postUrl, fields);

    private async Task<HttpClient> SchedulerAsync()
    {
        var mailbox = await ContosoAsync();
        var doc = CalendarJson.Clone(mailbox.Document);
        doc.StaffMembers.Add(new BookingStaffMember { Id = "sam", DisplayName = "Sam Scheduler", EmailAddress = "sam@contoso.example", Role = StaffRole.Scheduler });
        await Store.UpdateMailboxAsync(mailbox.Id, doc, mailbox.Version);
        return await AdminClients.SignedInAsync(_factory, "sam@contoso.example");
    }

    private async Task<int> SlotsAsync(string staffId)
    {
        using var api = AdminClients.Anonymous(_factory);
        var answer = await api.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/contoso/availability?serviceId=consult&staffId={staffId}&from=2026-12-01&to=2026-12-01");
        return answer.GetProperty("slots").GetArrayLength();
    }

    private async Task<IReadOnlyList<Core.Store.TimeOff>> AllTimeOffAsync() =>
        await Store.ListTimeOffAsync((await ContosoAsync()).Id, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1));

    [Fact]
    public async Task ASchedulerAddsAndRemovesAnyonesTimeOffAndAvailabilityFollows()
    {
        using var sam = await SchedulerAsync();
        Assert.Equal(16, await SlotsAsync("maria"));

        var page = await sam.GetStringAsync("/admin/contoso/timeoff");
        Assert.Contains("Whole business (closure)", page);
        var added = await PostAsync(sam, "/admin/contoso/timeoff", "/admin/contoso/timeoff?handler=Add",
            ("StaffId", "maria"), ("AllDay", "true"), ("FromDate", "2026-12-01"), ("ToDate", "2026-12-01"), ("Reason", "<b>Doctor</b>"));
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);

        var stored = Assert.Single(await AllTimeOffAsync());
        Assert.Equal("maria", stored.StaffId);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), stored.Start); // midnight in Warsaw
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero), stored.End);
        Assert.Equal(0, await SlotsAsync("maria"));
        Assert.Equal(16, await SlotsAsync("piotr"));
        var mailbox = await ContosoAsync();
        Assert.Contains(await Store.ListOutboxAsync(mailbox.Id), m => m.Kind == NotificationKinds.TimeOffStaff && m.Payload.Contains("maria@contoso.example", StringComparison.Ordinal));

        var list = await sam.GetStringAsync(added.Headers.Location!.OriginalString);
        Assert.Contains("Maria Wiśniewska", list);
        Assert.Contains("2026-12-01 00:00", list);
        Assert.Contains("&lt;b&gt;Doctor&lt;/b&gt;", list);

        var removed = await PostAsync(sam, "/admin/contoso/timeoff", $"/admin/contoso/timeoff?handler=Remove&id={stored.Id}");
        Assert.Equal(HttpStatusCode.SeeOther, removed.StatusCode);
        Assert.Empty(await AllTimeOffAsync());
        Assert.Equal(16, await SlotsAsync("maria"));

        var audit = await Store.ListAuditAsync(mailbox.Id, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), 100);
        Assert.Contains(audit, e => e.Action == "timeoff.add" && e.Target == stored.Id && e.Actor == "sam@contoso.example");
        Assert.Contains(audit, e => e.Action == "timeoff.remove" && e.Target == stored.Id);
    }

    [Fact]
    public async Task AClosureWithTimesBlocksEveryoneForThatPart()
    {
        using var sam = await SchedulerAsync();
        var added = await PostAsync(sam, "/admin/contoso/timeoff", "/admin/contoso/timeoff?handler=Add",
            ("StaffId", "*"), ("FromDate", "2026-12-01"), ("FromTime", "09:00"), ("ToDate", "2026-12-01"), ("ToTime", "12:00"));
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        var stored = Assert.Single(await AllTimeOffAsync());
        Assert.Null(stored.StaffId);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), stored.Start);
        Assert.Equal(10, await SlotsAsync("anna"));
        Assert.Contains("Whole business", await sam.GetStringAsync("/admin/contoso/timeoff"));
    }

    [Fact]
    public async Task WrongRangesAreRefusedInPolish()
    {
        using var sam = await SchedulerAsync();
        var response = await PostAsync(sam, "/admin/contoso/timeoff", "/admin/contoso/timeoff?handler=Add&lang=pl",
            ("StaffId", "maria"), ("FromDate", "2026-12-02"), ("FromTime", "12:00"), ("ToDate", "2026-12-02"), ("ToTime", "10:00"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Koniec musi być po początku.", html);
        Assert.Contains("Czas wolny i dni zamknięcia", html);
        Assert.Empty(await AllTimeOffAsync());
    }

    [Fact]
    public async Task ATeamMemberManagesOnlyTheirOwnTimeOff()
    {
        var mailbox = await ContosoAsync();
        var marias = await Store.AddTimeOffAsync(new Core.Store.TimeOff("", mailbox.Id, "maria",
            new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero), null));

        using var piotr = await AdminClients.SignedInAsync(_factory, "piotr@contoso.example");
        var page = await piotr.GetStringAsync("/admin/contoso/timeoff");
        Assert.Contains("Maria Wiśniewska", page);        // sees everyone's
        Assert.DoesNotContain("Whole business (closure)", page);
        Assert.DoesNotContain($"id={marias.Id}", page);    // but no remove button for hers
        Assert.Contains("<option value=\"piotr\"", page);
        Assert.DoesNotContain("<option value=\"maria\"", page);

        var own = await PostAsync(piotr, "/admin/contoso/timeoff", "/admin/contoso/timeoff?handler=Add",
            ("StaffId", "piotr"), ("AllDay", "true"), ("FromDate", "2026-12-01"), ("ToDate", "2026-12-01"));
        Assert.Equal(HttpStatusCode.SeeOther, own.StatusCode);
        Assert.Equal(0, await SlotsAsync("piotr"));

        var others = await PostAsync(piotr, "/admin/contoso/timeoff", "/admin/contoso/timeoff?handler=Add",
            ("StaffId", "maria"), ("AllDay", "true"), ("FromDate", "2026-12-01"), ("ToDate", "2026-12-01"));
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        var closure = await PostAsync(piotr, "/admin/contoso/timeoff", "/admin/contoso/timeoff?handler=Add",
            ("StaffId", "*"), ("AllDay", "true"), ("FromDate", "2026-12-01"), ("ToDate", "2026-12-01"));
        Assert.Equal(HttpStatusCode.NotFound, closure.StatusCode);
        var removeHers = await PostAsync(piotr, "/admin/contoso/timeoff", $"/admin/contoso/timeoff?handler=Remove&id={marias.Id}");
        Assert.Equal(HttpStatusCode.NotFound, removeHers.StatusCode);
        Assert.Equal(2, (await AllTimeOffAsync()).Count);

        var mine = (await AllTimeOffAsync()).Single(t => t.StaffId == "piotr");
        var removeMine = await PostAsync(piotr, "/admin/contoso/timeoff", $"/admin/contoso/timeoff?handler=Remove&id={mine.Id}");
        Assert.Equal(HttpStatusCode.SeeOther, removeMine.StatusCode);
        Assert.Single(await AllTimeOffAsync());
    }

    [Fact]
    public async Task OtherCalendarsIdsStrangersAndMissingTokensAreRefused()
    {
        var mailbox = await ContosoAsync();
        var closure = await Store.AddTimeOffAsync(new Core.Store.TimeOff("", mailbox.Id, null,
            new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero), null));

        using var stranger = await AdminClients.SignedInAsync(_factory, "stranger@elsewhere.example");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/admin/contoso/timeoff")).StatusCode);

        using var sam = await SchedulerAsync();
        var unknown = await PostAsync(sam, "/admin/contoso/timeoff", "/admin/contoso/timeoff?handler=Remove&id=nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var noToken = await sam.PostAsync($"/admin/contoso/timeoff?handler=Remove&id={closure.Id}", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Single(await AllTimeOffAsync());
    }
}
