using System.Net;
using System.Text.Json.Nodes;
using Bookings.GraphEmulation;

namespace Bookings.Store.Tests.Emulator;

/// <summary>The switches where the Graph documentation is silent (docs/graph-conformance.md), each reading pinned.</summary>
public sealed class GraphEmulatorSwitchTests : IDisposable
{
    private const string Events = $"users/{Harness.Mailbox}/events";
    private readonly Harness _h = new();

    public void Dispose() => _h.Dispose();

    private static JsonObject Subject(string s) => new() { ["subject"] = s };

    // event-update.md / message-update.md list no If-Match; davmail#491 and compass-calendar#3665 see 412 for a stale key.
    [Fact]
    public async Task IfMatchModes()
    {
        var created = await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9)));
        var first = await _h.Patch($"{Events}/{created.Id}", Subject("a"), ifMatch: $"W/\"{created.ChangeKey}\"");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.NotEqual(created.ChangeKey, first.ChangeKey);

        var stale = await _h.Patch($"{Events}/{created.Id}", Subject("b"), ifMatch: $"W/\"{created.ChangeKey}\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal("ErrorIrresolvableConflict", stale.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await _h.Patch($"{Events}/{created.Id}", Subject("c"), ifMatch: "*")).Status);

        _h.Graph.Options = _h.Graph.Options with { IfMatch = IfMatchMode.Ignored };
        Assert.Equal(HttpStatusCode.OK, (await _h.Patch($"{Events}/{created.Id}", Subject("d"), ifMatch: $"\"{created.ChangeKey}\"")).Status);

        _h.Graph.Options = _h.Graph.Options with { IfMatch = IfMatchMode.Refused };
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Patch($"{Events}/{created.Id}", Subject("e"), ifMatch: "*")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _h.Patch($"{Events}/{created.Id}", Subject("f"))).Status);
        Assert.Equal("f", (await _h.Get($"{Events}/{created.Id}")).Body!["subject"]!.GetValue<string>());
    }

    // compass-calendar#3673/#3675: Exchange rewrites a new item's change key by itself a little after creating it.
    // Measured on the emulator's clock, so the test decides when it happens.
    [Fact]
    public async Task ChangeKeyRotatesOnceAfterCreateOnTheEmulatorClock()
    {
        _h.Graph.Options = _h.Graph.Options with { ChangeKeyRotationAfterCreate = TimeSpan.FromMilliseconds(50) };
        var created = await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9)));
        Assert.Equal(created.ChangeKey, (await _h.Get($"{Events}/{created.Id}")).ChangeKey);
        _h.Time.Advance(TimeSpan.FromMilliseconds(50));
        var rotated = (await _h.Get($"{Events}/{created.Id}")).ChangeKey;
        Assert.NotEqual(created.ChangeKey, rotated);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await _h.Patch($"{Events}/{created.Id}", Subject("x"), $"W/\"{created.ChangeKey}\"")).Status);
        _h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(rotated, (await _h.Get($"{Events}/{created.Id}")).ChangeKey);
        Assert.Equal(HttpStatusCode.OK, (await _h.Patch($"{Events}/{created.Id}", Subject("y"), $"W/\"{rotated}\"")).Status);
    }

    // davmail#491, msgraph-sdk-dotnet#1201: 412 ErrorIrresolvableConflict also without If-Match.
    [Fact]
    public async Task SpuriousConflictOnTheFirstPatchSoonAfterCreate()
    {
        _h.Graph.Options = _h.Graph.Options with { SpuriousConflictWithinCreation = TimeSpan.FromSeconds(1) };
        var created = await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9)));
        var first = await _h.Patch($"{Events}/{created.Id}", Subject("a"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, first.Status);
        Assert.Equal("Appointment", (await _h.Get($"{Events}/{created.Id}")).Body!["subject"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _h.Patch($"{Events}/{created.Id}", Subject("b"))).Status);

        var later = await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(10)));
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await _h.Patch($"{Events}/{later.Id}", Subject("c"))).Status);
    }

    [Fact]
    public async Task SpuriousConflictOnEveryKthPatch()
    {
        _h.Graph.Options = _h.Graph.Options with { SpuriousConflictEveryKthPatch = 3 };
        var created = await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9)));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add((await _h.Patch($"{Events}/{created.Id}", Subject($"s{i}"))).Status);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.PreconditionFailed, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], statuses);
    }

    // resources/event.md: transactionId avoids redundant POSTs on retries; what a replay answers is not documented.
    [Fact]
    public async Task TransactionIdReplayModes()
    {
        JsonObject Body(string tx)
        {
            var e = Harness.Event(Harness.Day.AddHours(9));
            e["transactionId"] = tx;
            return e;
        }

        var first = await _h.CreateEvent(Body("tx-1"));
        Assert.Equal("tx-1", first.Body!["transactionId"]!.GetValue<string>());
        var same = await _h.Post(Events, Body("tx-1"));
        Assert.Equal(HttpStatusCode.Created, same.Status);
        Assert.Equal(first.Id, same.Id);
        Assert.Single(_h.Graph.EventsOf(Harness.Mailbox));

        _h.Graph.Options = _h.Graph.Options with { TransactionIdReplay = TransactionIdReplay.Conflict };
        Assert.Equal(HttpStatusCode.Conflict, (await _h.Post(Events, Body("tx-1"))).Status);
        Assert.Single(_h.Graph.EventsOf(Harness.Mailbox));

        _h.Graph.Options = _h.Graph.Options with { TransactionIdReplay = TransactionIdReplay.Duplicate };
        var duplicate = await _h.Post(Events, Body("tx-1"));
        Assert.Equal(HttpStatusCode.Created, duplicate.Status);
        Assert.NotEqual(first.Id, duplicate.Id);
        Assert.Equal(2, _h.Graph.EventsOf(Harness.Mailbox).Count);
    }

    // resources/event.md: "you cannot change transactionId in a subsequent update".
    [Fact]
    public async Task TransactionIdCannotBeChanged()
    {
        var e = Harness.Event(Harness.Day.AddHours(9));
        e["transactionId"] = "tx-1";
        var created = await _h.CreateEvent(e);
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Patch($"{Events}/{created.Id}", new JsonObject { ["transactionId"] = "tx-2" })).Status);
    }

    // event-update.md, "attendees property and meeting updates"; microsoft-graph-docs#2309.
    [Fact]
    public async Task CreationWithAttendeesSendsInvitations()
    {
        var e = Harness.Event(Harness.Day.AddHours(9));
        e["attendees"] = Harness.Attendees("anna@contoso.test", "piotr@contoso.test");
        var created = await _h.CreateEvent(e);
        Assert.Equal(2, _h.Graph.Meeting.InvitationsSent(Harness.Mailbox));
        Assert.Equal(1, _h.Graph.Meeting.InvitationsSent(Harness.Mailbox, "anna@contoso.test"));
        var attendee = created.Body!["attendees"]![0]!;
        Assert.Equal("required", attendee["type"]!.GetValue<string>());
        Assert.Equal("none", attendee["status"]!["response"]!.GetValue<string>());
    }

    [Fact]
    public async Task PatchOfAnAttendeeEventSendsAnUpdateWhenSwitchedOn()
    {
        _h.Graph.Options = _h.Graph.Options with { MeetingUpdateOnEveryPatch = true };
        var e = Harness.Event(Harness.Day.AddHours(9));
        e["attendees"] = Harness.Attendees("anna@contoso.test");
        var created = await _h.CreateEvent(e);
        await _h.Patch($"{Events}/{created.Id}", new JsonObject { ["singleValueExtendedProperties"] = Harness.Properties(("Outbox", "[]")) });
        Assert.Equal(1, _h.Graph.Meeting.UpdatesSent(Harness.Mailbox, "anna@contoso.test"));
    }

    [Fact]
    public async Task PatchOfOtherPropertiesSendsNoUpdateWhenSwitchedOffButAMoveDoes()
    {
        var e = Harness.Event(Harness.Day.AddHours(9));
        e["attendees"] = Harness.Attendees("anna@contoso.test");
        var created = await _h.CreateEvent(e);
        await _h.Patch($"{Events}/{created.Id}", new JsonObject { ["singleValueExtendedProperties"] = Harness.Properties(("Outbox", "[]")), ["categories"] = new JsonArray("x") });
        Assert.Equal(0, _h.Graph.Meeting.UpdatesSent());
        var moved = Harness.Event(Harness.Day.AddHours(11));
        await _h.Patch($"{Events}/{created.Id}", new JsonObject { ["start"] = moved["start"]!.DeepClone(), ["end"] = moved["end"]!.DeepClone() });
        Assert.Equal(1, _h.Graph.Meeting.UpdatesSent(Harness.Mailbox, "anna@contoso.test"));
    }

    // event-update.md: "An event update that includes only the attendees property … sends a meeting update to only the
    // attendees that have changed."
    [Fact]
    public async Task AddingAndRemovingAttendeesMailsOnlyThem()
    {
        var e = Harness.Event(Harness.Day.AddHours(9));
        e["attendees"] = Harness.Attendees("anna@contoso.test", "piotr@contoso.test");
        var created = await _h.CreateEvent(e);
        await _h.Patch($"{Events}/{created.Id}", new JsonObject { ["attendees"] = Harness.Attendees("anna@contoso.test", "olga@contoso.test") });
        Assert.Equal(1, _h.Graph.Meeting.InvitationsSent(Harness.Mailbox, "olga@contoso.test"));
        Assert.Equal(1, _h.Graph.Meeting.CancellationsSent(Harness.Mailbox, "piotr@contoso.test"));
        Assert.Equal(0, _h.Graph.Meeting.UpdatesSent(Harness.Mailbox, "anna@contoso.test"));

        await _h.Delete($"{Events}/{created.Id}");
        Assert.Equal(1, _h.Graph.Meeting.CancellationsSent(Harness.Mailbox, "anna@contoso.test"));
        Assert.Equal(1, _h.Graph.Meeting.CancellationsSent(Harness.Mailbox, "olga@contoso.test"));
    }

    // Exchange puts a meeting in an attendee's calendar as tentative; their free/busy shows it (DESIGN.md notes the
    // store must subtract its own appointments from staff free/busy).
    [Fact]
    public async Task AnAttendeeMailboxGetsATentativeCopyThatACancellationFrees()
    {
        _h.Graph.AddMailbox("anna@contoso.test");
        var e = Harness.Event(Harness.Day.AddHours(9));
        e["attendees"] = Harness.Attendees("anna@contoso.test");
        var created = await _h.CreateEvent(e);
        var copy = Assert.Single(_h.Graph.EventsOf("anna@contoso.test"));
        Assert.Equal("tentative", copy["showAs"]!.GetValue<string>());
        Assert.False(copy["isOrganizer"]!.GetValue<bool>());
        Assert.Equal(created.Body!["iCalUId"]!.GetValue<string>(), copy["iCalUId"]!.GetValue<string>());

        await _h.Delete($"{Events}/{created.Id}");
        var cancelled = Assert.Single(_h.Graph.EventsOf("anna@contoso.test"));
        Assert.True(cancelled["isCancelled"]!.GetValue<bool>());
        Assert.Equal("free", cancelled["showAs"]!.GetValue<string>());
    }

    // GraphEmulatorOptions profiles: Hostile and Refusing take the breaking readings.
    [Fact]
    public void ProfilesTakeTheirReadings()
    {
        Assert.Equal(TimeSpan.Zero, GraphEmulatorOptions.Hostile.ChangeKeyRotationAfterCreate);
        Assert.Equal(TransactionIdReplay.Duplicate, GraphEmulatorOptions.Hostile.TransactionIdReplay);
        Assert.True(GraphEmulatorOptions.Hostile.MeetingUpdateOnEveryPatch);
        Assert.Equal(IfMatchMode.Refused, GraphEmulatorOptions.Refusing.IfMatch);
        Assert.Equal(TransactionIdReplay.Conflict, GraphEmulatorOptions.Refusing.TransactionIdReplay);
        Assert.Equal(IfMatchMode.Honoured, GraphEmulatorOptions.Strict.IfMatch);
    }

    // The Hostile profile: the change key in a create's answer is stale for the very next request.
    [Fact]
    public async Task HostileProfileMakesTheCreateAnswersChangeKeyStale()
    {
        using var h = new Harness(GraphEmulatorOptions.Hostile);
        var created = await h.CreateEvent(Harness.Event(Harness.Day.AddHours(9)));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await h.Patch($"{Events}/{created.Id}", Subject("x"), $"W/\"{created.ChangeKey}\"")).Status);
    }
}
