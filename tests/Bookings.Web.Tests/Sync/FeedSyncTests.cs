using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bookings.Cli;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using Bookings.Web.Tests.Api;
using Bookings.Worker.Sync;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Bookings.Web.Tests.Sync;

/// <summary>
/// The staff calendar sync end to end on the embedded store: a staff member's published calendar (an ICS feed on a
/// WireMock server) removes their slots after a sync pass, changes follow on the next pass, failures show their
/// diagnosis in /health and `bookings sync status`, and availability keeps working while a feed fails.
/// </summary>
[Collection(SyncServers.Name)]
public sealed class FeedSyncTests : IDisposable
{
    private const string Query = "/api/v1/calendars/contoso/availability?serviceId=consult&staffId=anna&from=2026-12-01&to=2026-12-01";
    private readonly WireMockServer _feeds = WireMockServer.Start();
    private readonly BookingsFactory _factory = new();
    private readonly HttpClient _client;

    public FeedSyncTests()
    {
        _factory.Settings["Workers:Enabled"] = "false"; // the test runs the passes itself
        _factory.Settings["Sync:Feeds:AllowPrivateAddresses"] = "true"; // the feed server is on loopback
        _factory.Settings["Sync:Feeds:RetryAttempts"] = "0";
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _feeds.Stop();
    }

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();
    private StaffSyncRunner Runner => _factory.Services.GetRequiredService<StaffSyncRunner>();

    /// <summary>A feed with one busy event per (start, end) in UTC.</summary>
    private void ServeFeed(string path, params (DateTimeOffset Start, DateTimeOffset End)[] busy)
    {
        var events = string.Concat(busy.Select((b, i) =>
            $"BEGIN:VEVENT\r\nUID:e{i}@example.com\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:{b.Start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}\r\nDTEND:{b.End.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}\r\nSUMMARY:Private\r\nEND:VEVENT\r\n"));
        _feeds.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/calendar")
                .WithBody($"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n"));
    }

    private async Task SetFeedAsync(string staffId, string url)
    {
        var mailbox = (await Store.GetMailboxBySlugAsync("contoso"))!;
        var doc = mailbox.Document;
        doc.FindStaff(staffId)!.IcsFeedUrl = url;
        await Store.UpdateMailboxAsync(mailbox.Id, doc, mailbox.Version);
    }

    private async Task<List<string>> SlotTimesAsync(string query = Query)
    {
        var a = await _client.GetFromJsonAsync<JsonElement>(query);
        return [.. a.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("start").GetString()![11..16])];
    }

    // Tuesday 2026-12-01, Warsaw = UTC+1.
    private static DateTimeOffset Utc(int hour, int minute = 0) => new(2026, 12, 1, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task BusyTimeInAFeedRemovesTheSlotsAfterASyncAndAChangeFollowsOnTheNextPass()
    {
        ServeFeed("/anna.ics", (Utc(9), Utc(10))); // 10:00-11:00 in Warsaw
        await SetFeedAsync("anna", _feeds.Urls[0] + "/anna.ics");
        Assert.Contains("10:00", await SlotTimesAsync());

        var pass = await Runner.RunOnceAsync();

        Assert.Equal((1, 1, 0), (pass.Calendars, pass.StaffSynced, pass.StaffFailing));
        var slots = await SlotTimesAsync();
        Assert.DoesNotContain("10:00", slots);
        Assert.DoesNotContain("10:30", slots);
        Assert.Contains("09:30", slots);
        Assert.Contains("11:00", slots);
        // Only anna's calendar says so: "anyone" still offers 10:00 with the others.
        var anyone = await _client.GetFromJsonAsync<JsonElement>("/api/v1/calendars/contoso/availability?serviceId=consult&from=2026-12-01&to=2026-12-01");
        var ten = anyone.GetProperty("slots").EnumerateArray().Single(s => s.GetProperty("start").GetString()!.Contains("T10:00", StringComparison.Ordinal));
        Assert.Equal(["maria", "piotr"], ten.GetProperty("staffIds").EnumerateArray().Select(e => e.GetString()));

        ServeFeed("/anna.ics", (Utc(13), Utc(14))); // moved to 14:00-15:00
        _factory.Time.Advance(TimeSpan.FromMinutes(5));
        await Runner.RunOnceAsync();

        slots = await SlotTimesAsync();
        Assert.Contains("10:00", slots);
        Assert.DoesNotContain("14:00", slots);
        Assert.DoesNotContain("14:30", slots);
    }

    [Fact]
    public async Task TheStaffMembersOwnAppointmentInTheFeedDoesNotHideTheFreeSeatsOfTheirGroupWorkshop()
    {
        // Anna's workshop at 12:00 is in her Outlook calendar, so her feed has it as busy.
        var book = await _client.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "workshop",
            staffId = "anna",
            start = "2026-12-01T12:00:00+01:00",
            customer = new { name = "Ada", email = "ada@example.com" },
            answers = new Dictionary<string, string> { ["level"] = "Beginner" },
        });
        Assert.True(book.IsSuccessStatusCode, await book.Content.ReadAsStringAsync());
        ServeFeed("/anna.ics", (Utc(11), Utc(12)));
        await SetFeedAsync("anna", _feeds.Urls[0] + "/anna.ics");

        await Runner.RunOnceAsync();

        var workshop = await _client.GetFromJsonAsync<JsonElement>("/api/v1/calendars/contoso/availability?serviceId=workshop&from=2026-12-01&to=2026-12-01");
        var noon = workshop.GetProperty("slots").EnumerateArray().Single(s => s.GetProperty("start").GetString()!.Contains("T12:00", StringComparison.Ordinal));
        Assert.Equal(4, noon.GetProperty("seatsLeft").GetInt32());
    }

    [Fact]
    public async Task AFailingFeedKeepsTheLastGoodBusyTimeUntilTheStalenessLimitAndShowsItsDiagnosis()
    {
        ServeFeed("/anna.ics", (Utc(9), Utc(10)));
        await SetFeedAsync("anna", _feeds.Urls[0] + "/anna.ics");
        await Runner.RunOnceAsync();
        _feeds.Given(Request.Create().WithPath("/anna.ics").UsingGet()).AtPriority(0).RespondWith(Response.Create().WithStatusCode(404));

        _factory.Time.Advance(TimeSpan.FromMinutes(5));
        var pass = await Runner.RunOnceAsync();

        Assert.Equal(1, pass.StaffFailing);
        Assert.DoesNotContain("10:00", await SlotTimesAsync()); // the last good free/busy still applies
        var diagnosis = Assert.Single(await _factory.Services.GetRequiredService<SyncStatusReader>().ReadAsync());
        Assert.Equal((SyncDiagnosis.CannotSync, SyncFailureKind.NotFound), (diagnosis.Status, diagnosis.Cause));
        Assert.Equal(SyncDiagnosis.NotFoundFeed, diagnosis.Message);
        Assert.Equal(BookingsFactory.DefaultNow, diagnosis.LastSuccessAt);
        Assert.Contains("as last synced at", diagnosis.Availability, StringComparison.Ordinal);

        var health = await _client.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        var sync = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "staff-calendar-sync");
        Assert.Equal(1, sync.GetProperty("data").GetProperty("failing").GetInt32());
        Assert.Equal(1, sync.GetProperty("data").GetProperty("notFound").GetInt32());
        Assert.Contains("bookings sync status", sync.GetProperty("description").GetString(), StringComparison.Ordinal);

        // Past the staleness limit (2 h) she is bookable as if her calendar were empty (Sync:WhenStale=Bookable).
        _factory.Time.Advance(TimeSpan.FromHours(2));
        Assert.Contains("10:00", await SlotTimesAsync());
    }

    [Fact]
    public async Task TheCliShowsEachStaffMembersDiagnosisAsTextAndJson()
    {
        ServeFeed("/anna.ics", (Utc(9), Utc(10)));
        _feeds.Given(Request.Create().WithPath("/piotr.ics").UsingGet()).RespondWith(Response.Create().WithStatusCode(403));
        await SetFeedAsync("anna", _feeds.Urls[0] + "/anna.ics");
        await SetFeedAsync("piotr", _feeds.Urls[0] + "/piotr.ics");
        await Runner.RunOnceAsync();

        var text = await CliAsync("sync", "status");
        var json = await CliAsync("sync", "status", "--json");

        Assert.Equal(0, text.Code);
        Assert.Contains("contoso / anna (Anna Kowalska) via ICS feed: synced, last success 2026-11-30 08:00 UTC", text.Out, StringComparison.Ordinal);
        Assert.Contains("contoso / piotr (Piotr Nowak) via ICS feed: cannot-sync, last success never", text.Out, StringComparison.Ordinal);
        Assert.Contains(SyncDiagnosis.PermissionDeniedFeed, text.Out, StringComparison.Ordinal);
        Assert.Contains("2 staff calendars: 1 synced, 1 cannot sync, 0 pending.", text.Out, StringComparison.Ordinal);
        var items = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["synced", "cannot-sync"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal("permissionDenied", items[1].GetProperty("cause").GetString());
        Assert.DoesNotContain("/piotr.ics", json.Out, StringComparison.Ordinal); // a feed URL can be a secret
    }

    private Task<(int Code, string Out, string Err)> CliAsync(params string[] args) => Bookings.Web.Tests.Cli.CliRun.RunAsync(_factory.DataDirectory, _factory.Time, args);
}

/// <summary>Sync test classes start WireMock servers; one collection keeps them from racing for ports.</summary>
[CollectionDefinition(Name)]
public sealed class SyncServers
{
    public const string Name = "Sync WireMock servers";
}
