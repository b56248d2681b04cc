using Bookings.Core.Calendars;
using Bookings.Core.Demo;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using Bookings.GraphEmulation;
using Bookings.Store.Graph;
using Bookings.Store.Tests.Graph;
using Bookings.Worker.Sync;
using Bookings.Worker.Sync.Feeds;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Web.Tests.Sync;

/// <summary>
/// The staff calendar sync on the Microsoft 365 store: getSchedule through the calendar's mailbox on the Graph emulator (strict:
/// at most 20 schedules and a window under 62 days per call, per-schedule errors inside the 200), each diagnosis of the Microsoft
/// Bookings FAQ, escalation, and the request count for 100 staff. The store and the reader share one client of the store's own
/// transport, as in production (Bookings.Hosting/StoreHosting.cs).
/// </summary>
public sealed class GraphSyncTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly EmulatedTenant _tenant;
    private readonly HttpClient _http;
    private readonly GraphBookingStore _store;
    private readonly IcsFeedSource _feeds;
    private readonly SyncOptions _options = new();

    public GraphSyncTests()
    {
        _tenant = new EmulatedTenant(GraphEmulatorOptions.Strict, _time);
        _http = _tenant.Transport();
        _store = new GraphBookingStore(_http, _time, _tenant.Options);
        _feeds = new IcsFeedSource(new FeedOptions(), _time, NullLogger.Instance);
    }

    private GraphEmulator Graph => _tenant.Graph;

    public void Dispose()
    {
        _feeds.Dispose();
        _tenant.Dispose();
    }

    private StaffSyncRunner Runner() =>
        new(_store, _store, _feeds, _time, Options.Create(_options), NullLogger<StaffSyncRunner>.Instance, new GraphScheduleReader(_http));

    private SyncStatusReader Status() => new(_store, _store, _time, Options.Create(_options), new GraphScheduleReader(_http));

    private static CalendarDocument Calendar(string slug, params (string Id, string Email)[] staff)
    {
        var doc = DemoCalendar.Create();
        doc.Slug = slug;
        doc.Id = $"{slug}@contoso.example";
        doc.DisplayName = "Calendar " + slug;
        doc.StaffMembers = [.. staff.Select(s => new BookingStaffMember { Id = s.Id, DisplayName = "Staff " + s.Id, EmailAddress = s.Email })];
        foreach (var service in doc.Services) service.StaffMemberIds = [];
        return doc;
    }

    /// <summary>The calendar's mailbox exists in the tenant first (a scheduling mailbox made by the admin app, or a shared one).</summary>
    private Task<Mailbox> CreateCalendarAsync(CalendarDocument doc)
    {
        Graph.AddMailbox(doc.Id!, doc.DisplayName);
        return _store.CreateMailboxAsync(doc);
    }

    [Fact]
    public async Task EachStaffMemberGetsTheDiagnosisOfTheirCalendarAndBusyTimeFromOutlook()
    {
        Graph.AddSharedMailbox("anna@contoso.example");
        Graph.AddSharedMailbox("piotr@contoso.example");
        Graph.AddSharedMailbox("olga@contoso.example");
        Graph.AddEvent("anna@contoso.example", Now.AddDays(1).AddHours(2), Now.AddDays(1).AddHours(3));
        Graph.AddEvent("anna@contoso.example", Now.AddDays(1).AddHours(5), Now.AddDays(1).AddHours(6), showAs: "free");
        Graph.FailSchedule("piotr@contoso.example");                       // free/busy not shared
        Graph.FailSchedule("olga@contoso.example", "ErrorInternalServerTransientError");
        var front = await CreateCalendarAsync(Calendar("front",
            ("anna", "anna@contoso.example"), ("piotr", "piotr@contoso.example"), ("maria", "maria@contoso.example"), ("olga", "olga@contoso.example")));
        await CreateCalendarAsync(Calendar("back", ("maria", "MARIA@contoso.example")));

        var pass = await Runner().RunOnceAsync();

        Assert.Equal((2, 1, 4), (pass.Calendars, pass.StaffSynced, pass.StaffFailing));
        var states = await _store.ListStaffSyncAsync(front.Id);
        var anna = states.Single(s => s.StaffId == "anna");
        Assert.Equal([new BusyBlock(Now.AddDays(1).AddHours(2), Now.AddDays(1).AddHours(3))], anna.Busy);

        var diagnoses = (await Status().ReadAsync()).ToDictionary(d => (d.CalendarSlug, d.StaffId));
        Assert.Equal(SyncDiagnosis.Synced, diagnoses[("front", "anna")].Status);
        Assert.Equal(SyncDiagnosis.PermissionDeniedGraph, diagnoses[("front", "piotr")].Message);
        Assert.Equal("We can't find this staff member in your organisation: remove them from every calendar that lists them (Calendar back (back), Calendar front (front)).",
            diagnoses[("front", "maria")].Message);
        Assert.Equal(SyncDiagnosis.UnknownError, diagnoses[("front", "olga")].Message);
        Assert.All(diagnoses.Values, d => Assert.Equal(SyncSource.Graph, d.Source));

        // An unidentified error that persists is escalated after Sync:EscalateAfter (3) failures in a row.
        _time.Advance(_options.Interval);
        await Runner().RunOnceAsync();
        Assert.False((await Status().ReadAsync()).Single(d => d.StaffId == "olga" && d.CalendarSlug == "front").Escalated);
        _time.Advance(_options.Interval);
        await Runner().RunOnceAsync();
        var olga = (await Status().ReadAsync()).Single(d => d.StaffId == "olga" && d.CalendarSlug == "front");
        Assert.True(olga.Escalated);
        Assert.Equal(SyncDiagnosis.Escalation(3, null), olga.Message);
    }

    [Fact]
    public async Task AHundredStaffAreCoveredByFiveGetScheduleCalls()
    {
        var staff = Enumerable.Range(0, 100).Select(i => ($"s{i:D3}", $"s{i:D3}@contoso.example")).ToArray();
        foreach (var (_, email) in staff) Graph.AddSharedMailbox(email);
        Graph.AddEvent("s042@contoso.example", Now.AddDays(2), Now.AddDays(2).AddHours(1));
        var mailbox = await CreateCalendarAsync(Calendar("big", staff));
        Graph.ResetCounters();

        var pass = await Runner().RunOnceAsync();

        Assert.Equal(100, pass.StaffSynced);
        Assert.Equal(5, Graph.RequestsOfKind(GraphEmulator.Kinds.GetSchedule));
        Assert.All(Graph.ScheduleRequests, r => Assert.Equal(mailbox.Id, r.Mailbox, ignoreCase: true));
        Assert.Single((await _store.ListStaffSyncAsync(mailbox.Id)).Single(s => s.StaffId == "s042").Busy);
        Assert.True(Graph.MaxInFlightFor(mailbox.Id) <= 4);
    }

    [Fact]
    public async Task OnlyStaffWhosePersonalCalendarAffectsAvailabilityAreSynced()
    {
        Graph.AddSharedMailbox("anna@contoso.example");
        var doc = Calendar("front", ("anna", "anna@contoso.example"), ("piotr", "piotr@contoso.example"));
        doc.FindStaff("piotr")!.AvailabilityIsAffectedByPersonalCalendar = false;
        var mailbox = await CreateCalendarAsync(doc);

        await Runner().RunOnceAsync();

        Assert.Equal(["anna"], (await _store.ListStaffSyncAsync(mailbox.Id)).Select(s => s.StaffId));
        Assert.Equal(["anna@contoso.example"], Graph.ScheduleRequests.SelectMany(r => r.Schedules));
    }
}
