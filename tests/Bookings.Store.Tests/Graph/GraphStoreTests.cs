using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.GraphEmulation;
using Bookings.Store.Graph;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// What only the Microsoft 365 store has, on the Graph emulator in each reading of what Graph leaves undocumented: races of two
/// instances, retried writes, meeting mail, Teams links, mailboxes the app may not read, the dispatcher's lease, request counts.
/// </summary>
public sealed class GraphStoreTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeTimeProvider _time = new(Now);
    private readonly List<EmulatedTenant> _tenants = [];

    public void Dispose()
    {
        foreach (var tenant in _tenants) tenant.Dispose();
    }

    public static TheoryData<string> Profiles => ["Strict", "Hostile", "Refusing"];

    private static GraphEmulatorOptions Profile(string name) => name switch
    {
        "Hostile" => GraphEmulatorOptions.Hostile,
        "Refusing" => GraphEmulatorOptions.Refusing,
        _ => GraphEmulatorOptions.Strict,
    };

    private EmulatedTenant Tenant(string profile = "Strict")
    {
        var tenant = new EmulatedTenant(Profile(profile), _time);
        _tenants.Add(tenant);
        return tenant;
    }

    private static string? Property(JsonObject item, string name) =>
        (item["singleValueExtendedProperties"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(p => p["id"]!.GetValue<string>().EndsWith($" Name {name}", StringComparison.Ordinal))?["value"]?.GetValue<string>();

    private static List<JsonObject> Records(EmulatedTenant tenant, string mailbox, string? state = null) =>
        [.. tenant.Graph.EventsOf(mailbox).Where(e => Property(e, "Kind") == "seat" && (state is null || Property(e, "State") == state))];

    private static List<JsonObject> OutlookEvents(EmulatedTenant tenant, string mailbox) =>
        [.. tenant.Graph.EventsOf(mailbox).Where(e => Property(e, "Kind") == "outlook")];

    private static void AssertDocumentedRequestsOnly(EmulatedTenant tenant)
    {
        Assert.All(tenant.Graph.RequestLog, r => Assert.Null(r.IfMatch));
        Assert.DoesNotContain(tenant.Graph.RequestLog, r => r.PathAndQuery.Contains("createdDateTime", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(tenant.Graph.RequestLog, r => r.PathAndQuery.Contains("solutions/bookingBusinesses", StringComparison.Ordinal));
        Assert.DoesNotContain(tenant.Graph.RequestLog, r => (int)r.Status == 400);
    }

    // ---- races -----------------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task FiftyRequestsRacingThroughTwoInstancesForOneSlotEndWithOneBooking(string profile)
    {
        var tenant = Tenant(profile);
        var first = tenant.NewStore();
        var second = tenant.NewStore();
        var mailbox = await first.CreateMailboxAsync(Calendar());
        Assert.NotNull(await second.GetMailboxAsync(mailbox.Id));
        tenant.Graph.ResetCounters();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).BookAsync(Consult(mailbox, Tuesday(9)), NoMessages))));

        var booked = Assert.Single(outcomes.OfType<BookOutcome.Booked>());
        Assert.All(outcomes.Where(o => o is not BookOutcome.Booked), o => Assert.Equal("slot_taken", Assert.IsType<BookOutcome.Conflict>(o).Code));
        Assert.Equal([booked.Appointment.Id], (await second.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1))).Select(a => a.Id));
        Assert.Equal([booked.Appointment.Id], (await first.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1))).Select(a => a.Id));
        Assert.Empty(Records(tenant, mailbox.Id, "hold")); // every loser took its hold back
        AssertDocumentedRequestsOnly(tenant);
        output.WriteLine($"{profile}: 50 racing bookings, {tenant.Graph.RequestsFor(mailbox.Id)} requests, at most {tenant.Graph.MaxInFlightFor(mailbox.Id)} in flight, " +
            $"{tenant.Graph.ThrottledRequests} throttled");
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task TwentySeatsRacingForAGroupOfFiveFillItExactly(string profile)
    {
        var tenant = Tenant(profile);
        var first = tenant.NewStore();
        var second = tenant.NewStore();
        var mailbox = await first.CreateMailboxAsync(Calendar());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).BookAsync(Workshop(mailbox, Tuesday(10)), NoMessages))));

        var seats = outcomes.OfType<BookOutcome.Booked>().ToList();
        Assert.Equal(5, seats.Count);
        Assert.Single(seats.Select(s => s.Appointment.Id).Distinct());
        Assert.All(outcomes.Where(o => o is not BookOutcome.Booked), o => Assert.Contains(Assert.IsType<BookOutcome.Conflict>(o).Code, new[] { "seats_full", "slot_taken" }));
        var appointment = Assert.Single(await first.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1)));
        Assert.Equal(5, appointment.SeatsTaken);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task RacingRequestsWithOneIdempotencyKeyMakeOneBookingAndTheOthersReplayIt(string profile)
    {
        var tenant = Tenant(profile);
        var first = tenant.NewStore();
        var second = tenant.NewStore();
        var mailbox = await first.CreateMailboxAsync(Calendar());
        var command = Consult(mailbox, Tuesday(9)).WithIdempotencyKey("key-1", Now.AddDays(1));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).BookAsync(command with { Attendee = command.Attendee with { Id = $"a-{i}" }, NewAppointmentId = $"apt-{i}" }, NoMessages))));

        var booked = Assert.Single(outcomes.OfType<BookOutcome.Booked>());
        Assert.All(outcomes.Where(o => o is not BookOutcome.Booked), o => Assert.Equal(booked.Appointment.Id, Assert.IsType<BookOutcome.Replay>(o).Record.AppointmentId));
        // Keys differing only in case are two keys (Graph compares property values ignoring case; the store filters on their hashes).
        Assert.IsType<BookOutcome.Booked>(await first.BookAsync(Consult(mailbox, Tuesday(11)).WithIdempotencyKey("KEY-1", Now.AddDays(1)), NoMessages));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task ARescheduleRacingABookingForItsNewSlotEndsWithOneWinnerAndTheOldSlotFree(string profile)
    {
        var tenant = Tenant(profile);
        var first = tenant.NewStore();
        var second = tenant.NewStore();
        var mailbox = await first.CreateMailboxAsync(Calendar());
        var moving = Assert.IsType<BookOutcome.Booked>(await first.BookAsync(Consult(mailbox, Tuesday(9)), NoMessages));

        var moving_ = Task.Run(() => first.RescheduleAsync(new RescheduleCommand(mailbox.Id, moving.Appointment.Id, "anna", Tuesday(14), Tuesday(14, 30), []), NoMessages));
        var booking = Task.Run(() => second.BookAsync(Consult(mailbox, Tuesday(14)), NoMessages));
        var (move, book) = (await moving_, await booking);

        Assert.True(move is RescheduleOutcome.Moved ^ book is BookOutcome.Booked, $"{move} / {book}");
        var starts = (await second.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1))).Select(a => a.Start).ToList();
        Assert.Single(starts, s => s == Tuesday(14));
        Assert.Equal(move is RescheduleOutcome.Moved ? [Tuesday(14)] : [Tuesday(9), Tuesday(14)], starts);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task ACancellationRacingAMoveOfTheSameBookingLeavesOneOutcome(string profile)
    {
        var tenant = Tenant(profile);
        var first = tenant.NewStore();
        var second = tenant.NewStore();
        var mailbox = await first.CreateMailboxAsync(Calendar());
        var booked = Assert.IsType<BookOutcome.Booked>(await first.BookAsync(Consult(mailbox, Tuesday(9)), NoMessages));

        var moving = Task.Run(() => first.RescheduleAsync(new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "anna", Tuesday(14), Tuesday(14, 30), []), NoMessages));
        var cancelling = Task.Run(() => second.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, booked.Attendee.Id, NoMessages));
        var (move, cancelled) = (await moving, await cancelling);

        var after = await second.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id);
        Assert.NotNull(after);
        // Whichever came second saw the first: a cancelled booking is not moved, and a moved one is cancelled at its new time.
        if (cancelled)
        {
            Assert.Equal(AppointmentStatus.Cancelled, after.Status);
            Assert.Empty(await second.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1)));
        }
        else
        {
            Assert.IsType<RescheduleOutcome.Moved>(move);
            Assert.Equal((AppointmentStatus.Booked, Tuesday(14)), (after.Status, after.Start));
        }
    }

    // ---- retried writes ------------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task WritesWhoseAnswerIsLostAndAreRetriedLeaveNoDuplicates(string profile)
    {
        var tenant = Tenant(profile);
        var store = tenant.NewStore();
        // The folder, the document and the directory entry are written but their answers lost: the transport retries the POSTs.
        tenant.Graph.Fail(GraphEmulator.Kinds.Messages, Fault.Lost(504), Fault.Lost(504));
        var mailbox = await store.CreateMailboxAsync(Calendar());
        // A hold, a time off and a customer written with their answers lost too.
        tenant.Graph.Fail(GraphEmulator.Kinds.Events, Fault.Lost(504));
        var booked = Assert.IsType<BookOutcome.Booked>(await store.BookAsync(Consult(mailbox, Tuesday(9), email: "ada@example.com"), Email("booked")));
        tenant.Graph.Fail(GraphEmulator.Kinds.Contacts, Fault.Lost(504));
        await store.BookAsync(Consult(mailbox, Tuesday(10), email: "bob@example.com"), NoMessages);
        await store.AddTimeOffAsync(new TimeOff("", mailbox.Id, "anna", Tuesday(15), Tuesday(16), "Dentist"));

        var reader = tenant.NewStore();
        Assert.Equal([mailbox.Id], (await reader.ListMailboxesAsync()).Select(m => m.Id));
        Assert.Equal(2, (await reader.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1))).Count);
        Assert.Single(await reader.ListTimeOffAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1)));
        Assert.Equal(["ada@example.com", "bob@example.com"], (await reader.ListCustomersAsync(mailbox.Id)).Select(c => c.Email).Order());
        Assert.Single(await reader.ListOutboxAsync(mailbox.Id));
        Assert.Equal(booked.Appointment.Id, (await reader.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id))?.Id);
    }

    // ---- Outlook -------------------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task BookingsSendNoMeetingUpdateOnlyTheInvitationsAndCancellationsTheyMean(string profile)
    {
        var tenant = Tenant(profile);
        var store = tenant.NewStore();
        var doc = Calendar();
        doc.SchedulingPolicy.IsMeetingInviteToCustomersEnabled = true;
        foreach (var service in doc.Services) service.SchedulingPolicy = null;
        var mailbox = await store.CreateMailboxAsync(doc);
        tenant.Graph.ResetCounters();

        var one = Assert.IsType<BookOutcome.Booked>(await store.BookAsync(Consult(mailbox, Tuesday(9), email: "ada@example.com"), Email("booked")));
        var seats = new List<BookOutcome.Booked>();
        for (var i = 0; i < 3; i++) seats.Add(Assert.IsType<BookOutcome.Booked>(await store.BookAsync(Workshop(mailbox, Tuesday(12)), Email("booked"))));
        await DispatchAsync(store);

        var staff = mailbox.Document.FindStaff("anna")!.EmailAddress!;
        Assert.Equal(2, tenant.Graph.Meeting.InvitationsSent(mailbox.Id, staff)); // the consultation and the workshop, once each
        Assert.Equal(1, tenant.Graph.Meeting.InvitationsSent(mailbox.Id, "ada@example.com"));
        Assert.Equal(0, tenant.Graph.Meeting.UpdatesSent(mailbox.Id)); // three seats, outbox marks, leases: no meeting update
        var events = OutlookEvents(tenant, mailbox.Id).ToDictionary(e => e["start"]!["dateTime"]!.GetValue<string>()[11..16]);
        Assert.Equal(2, events.Count);
        Assert.Equal([staff, "ada@example.com"], AttendeeAddresses(events["09:00"]));
        Assert.Equal([staff], AttendeeAddresses(events["12:00"])); // group customers never see each other

        // A seat cancelled: nothing for staff to see. The consultation moved: one update. Cancelled: one cancellation each.
        await store.CancelAttendeeAsync(mailbox.Id, seats[0].Appointment.Id, seats[0].Attendee.Id, NoMessages);
        await DispatchAsync(store);
        Assert.Equal(0, tenant.Graph.Meeting.UpdatesSent(mailbox.Id));
        await store.RescheduleAsync(new RescheduleCommand(mailbox.Id, one.Appointment.Id, "anna", Tuesday(14), Tuesday(14, 30), []), NoMessages);
        await DispatchAsync(store);
        Assert.Equal(1, tenant.Graph.Meeting.UpdatesSent(mailbox.Id, staff));
        await store.CancelAttendeeAsync(mailbox.Id, one.Appointment.Id, one.Attendee.Id, NoMessages);
        await DispatchAsync(store);
        Assert.Equal(1, tenant.Graph.Meeting.CancellationsSent(mailbox.Id, staff));
        Assert.Equal(1, tenant.Graph.Meeting.CancellationsSent(mailbox.Id, "ada@example.com"));
        Assert.Single(OutlookEvents(tenant, mailbox.Id)); // the workshop's
        AssertDocumentedRequestsOnly(tenant);
    }

    private static List<string> AttendeeAddresses(JsonObject e) =>
        [.. e["attendees"]!.AsArray().Select(a => a!["emailAddress"]!["address"]!.GetValue<string>())];

    /// <summary>One dispatcher round, as the worker's: claim what is due (the Outlook events are brought in line first), and mark it sent.</summary>
    private async Task DispatchAsync(GraphBookingStore store)
    {
        foreach (var m in await store.ClaimDueOutboxAsync(_time.GetUtcNow(), 100, TimeSpan.FromMinutes(2)))
            await store.MarkOutboxSentAsync(m.Id, _time.GetUtcNow());
    }

    [Fact]
    public async Task AnOnlineServiceGetsATeamsLinkOnlyWhereTheMailboxAllowsTeams()
    {
        var tenant = Tenant();
        var store = tenant.NewStore();
        var doc = Calendar();
        doc.Services.Single(s => s.Id == "consult").IsLocationOnline = true;
        var mailbox = await store.CreateMailboxAsync(doc);
        string? composedWith = null;

        var booked = Assert.IsType<BookOutcome.Booked>(await store.BookAsync(Consult(mailbox, Tuesday(9)), (a, _) =>
        {
            composedWith = a.OnlineMeetingUrl;
            return [];
        }));

        Assert.False(string.IsNullOrEmpty(booked.Appointment.OnlineMeetingUrl));
        Assert.Equal(booked.Appointment.OnlineMeetingUrl, composedWith);
        Assert.Equal(booked.Appointment.OnlineMeetingUrl, (await store.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id))?.OnlineMeetingUrl);
        await DispatchAsync(store);
        var outlook = Assert.Single(OutlookEvents(tenant, mailbox.Id));
        Assert.Equal(booked.Appointment.OnlineMeetingUrl, outlook["onlineMeeting"]?["joinUrl"]?.GetValue<string>());
        Assert.Single(AttendeeAddresses(outlook)); // the staff member, added when the booking was settled

        // A mailbox whose calendar does not allow Teams: no link (the messages use the service's own meeting link, if any).
        tenant.Graph.SetOnlineMeetingProviders(mailbox.Id, []);
        var other = tenant.NewStore();
        var offline = Assert.IsType<BookOutcome.Booked>(await other.BookAsync(Consult(mailbox, Tuesday(11)), NoMessages));
        Assert.Null(offline.Appointment.OnlineMeetingUrl);
    }

    // ---- mailboxes -----------------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task AMailboxTheAppMayNotReadIsReportedAndSkippedWithoutBreakingTheOthers()
    {
        var tenant = Tenant();
        var store = tenant.NewStore();
        var contoso = await store.CreateMailboxAsync(Calendar("contoso"));
        var fabrikam = await store.CreateMailboxAsync(Calendar("fabrikam"));
        await store.BookAsync(Consult(contoso, Tuesday(9)), Email("booked"));

        tenant.Graph.SetOutsideAppScope(fabrikam.Id, true);
        var other = tenant.NewStore();

        Assert.Equal([contoso.Id], (await other.ListMailboxesAsync()).Select(m => m.Id));
        var unreachable = Assert.Single(other.UnreachableMailboxes);
        Assert.Equal(fabrikam.Id, unreachable.Mailbox);
        Assert.Contains("403", unreachable.Reason, StringComparison.Ordinal);
        Assert.Single(await other.ClaimDueOutboxAsync(Now, 10, TimeSpan.FromMinutes(2))); // the dispatcher carries on with the others
        Assert.Null(await other.GetMailboxBySlugAsync("fabrikam"));

        tenant.Graph.SetOutsideAppScope(fabrikam.Id, false);
        Assert.Equal(2, (await other.ListMailboxesAsync()).Count);
        Assert.Empty(other.UnreachableMailboxes);
    }

    [Fact]
    public async Task ACalendarNeedsItsMailboxToExistAndTheListDoesNotComeFromBookingBusinesses()
    {
        var tenant = Tenant();
        var store = tenant.NewStore();
        var missing = Calendar("nowhere");

        var refused = await Assert.ThrowsAsync<StoreRefusedException>(() => store.CreateMailboxAsync(missing));

        Assert.Contains("nowhere@bookings.local", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListMailboxesAsync());
        var created = await store.CreateMailboxAsync(Calendar("contoso"));
        Assert.Equal([created.Id], (await tenant.NewStore().ListMailboxesAsync()).Select(m => m.Id));
        AssertDocumentedRequestsOnly(tenant);
    }

    [Fact]
    public async Task TwoAdministratorsSavingFromOneVersionGetOneWinnerAndOneConflict()
    {
        var tenant = Tenant("Hostile");
        var first = tenant.NewStore();
        var second = tenant.NewStore();
        var mailbox = await first.CreateMailboxAsync(Calendar());
        var a = mailbox.Document;
        a.DisplayName = "First";
        var b = (await second.GetMailboxAsync(mailbox.Id))!.Document;
        b.DisplayName = "Second";

        var results = await Task.WhenAll(
            Task.Run(async () => { try { return (await first.UpdateMailboxAsync(mailbox.Id, a, mailbox.Version)).DisplayName; } catch (StoreConflictException) { return null; } }),
            Task.Run(async () => { try { return (await second.UpdateMailboxAsync(mailbox.Id, b, mailbox.Version)).DisplayName; } catch (StoreConflictException) { return null; } }));

        var winner = Assert.Single(results.OfType<string>());
        Assert.Equal(winner, (await tenant.NewStore().GetMailboxAsync(mailbox.Id))!.DisplayName);
    }

    // ---- the dispatcher ------------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task OnlyTheInstanceHoldingAMailboxsLeaseDispatchesItUntilTheLeaseRunsOut()
    {
        var tenant = Tenant();
        var first = tenant.NewStore();
        var second = tenant.NewStore();
        var mailbox = await first.CreateMailboxAsync(Calendar());
        await first.BookAsync(Consult(mailbox, Tuesday(9)), (_, _) => [Message(mailbox, "m1", Now), Message(mailbox, "m2", Now)]);

        Assert.Equal(["m1", "m2"], (await first.ClaimDueOutboxAsync(Now, 10, TimeSpan.FromMinutes(2))).Select(m => m.Id));
        Assert.Empty(await second.ClaimDueOutboxAsync(Now, 10, TimeSpan.FromMinutes(2)));
        await first.MarkOutboxSentAsync("m1", Now);

        // The first instance stops without giving its lease back: the second takes over once it has run out.
        _time.Advance(TimeSpan.FromMinutes(3));
        var taken = await second.ClaimDueOutboxAsync(_time.GetUtcNow(), 10, TimeSpan.FromMinutes(2));
        Assert.Equal(["m2"], taken.Select(m => m.Id));
        Assert.Empty(await first.ClaimDueOutboxAsync(_time.GetUtcNow(), 10, TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public async Task AMoveWhoseClaimantCrashedBeforeMarkingTheOldRecordIsRepairedByTheDispatcher()
    {
        var tenant = Tenant();
        var store = tenant.NewStore();
        var mailbox = await store.CreateMailboxAsync(Calendar());
        var booked = Assert.IsType<BookOutcome.Booked>(await store.BookAsync(Consult(mailbox, Tuesday(9)), Scheduled()));
        var old = Assert.Single(Records(tenant, mailbox.Id, "booked"));
        // The move settles (its first PATCH goes through); the PATCH marking the old record never lands.
        tenant.Graph.Fail(GraphEmulator.Kinds.Events, Fault.Slow(TimeSpan.Zero) with { Method = "PATCH" },
            new Fault(500, Method: "PATCH"));

        Assert.IsType<RescheduleOutcome.Moved>(await store.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "anna", Tuesday(14), Tuesday(14, 30), []), Scheduled()));
        Assert.Equal("booked", Property(tenant.Graph.EventsOf(mailbox.Id).Single(e => e["id"]!.GetValue<string>() == old["id"]!.GetValue<string>()), "State"));

        await DispatchAsync(store);

        Assert.Equal("superseded", Property(tenant.Graph.EventsOf(mailbox.Id).Single(e => e["id"]!.GetValue<string>() == old["id"]!.GetValue<string>()), "State"));
        Assert.Equal([Tuesday(14)], (await store.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1))).Select(a => a.Start));
        var reminders = (await store.ListOutboxAsync(mailbox.Id)).Where(m => m.Kind == "reminder.customer").ToList();
        Assert.Single(reminders, r => r.DroppedAt is not null);
        Assert.Single(reminders, r => r.IsPending);
    }

    private static OutboxComposer Scheduled() => (appointment, attendee) =>
    [
        new OutboxMessage($"rem-{attendee.Id}-{appointment.Sequence}", appointment.MailboxId, $"{appointment.Id}:{attendee.Id}:reminder.customer:0:{appointment.Sequence}",
            "email", "reminder.customer", "{}", Now, appointment.Start.AddHours(-1), ExpiresAt: appointment.Start),
    ];

    private static BookingCommand Ada(BookingCommand c) => c with
    {
        Attendee = c.Attendee with { Name = "Ada", Email = "ada@example.com" },
        Customer = c.Customer with { Name = "Ada", Email = "ada@example.com" },
    };

    // ---- what it costs -------------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task RequestCountsOfABookingASeatARescheduleAndAMessage()
    {
        var tenant = Tenant();
        var store = tenant.NewStore();
        var mailbox = await store.CreateMailboxAsync(Calendar());
        await store.BookAsync(Ada(Consult(mailbox, Tuesday(8))), NoMessages); // the customer is known from now on
        await store.BookAsync(Workshop(mailbox, Tuesday(12)), NoMessages);
        await DispatchAsync(store);

        async Task<int> CountAsync(Func<Task> action)
        {
            tenant.Graph.ResetCounters();
            await action();
            return tenant.Graph.RequestsFor(mailbox.Id) + tenant.Graph.RequestsFor(EmulatedTenant.DirectoryMailbox);
        }

        BookOutcome.Booked booking = null!;
        var counts = new List<(string What, int Requests)>
        {
            ("booking (returning customer)", await CountAsync(async () => booking = Assert.IsType<BookOutcome.Booked>(await store.BookAsync(Ada(Consult(mailbox, Tuesday(9))), Email("booked"))))),
            ("booking (first-time customer)", await CountAsync(async () => Assert.IsType<BookOutcome.Booked>(await store.BookAsync(Consult(mailbox, Tuesday(10)), NoMessages)))),
            ("booking with an Idempotency-Key", await CountAsync(async () => Assert.IsType<BookOutcome.Booked>(await store.BookAsync(Ada(Consult(mailbox, Tuesday(11))).WithIdempotencyKey("k", Now.AddDays(1)), NoMessages)))),
            ("booking of a taken slot", await CountAsync(async () => Assert.IsType<BookOutcome.Conflict>(await store.BookAsync(Ada(Consult(mailbox, Tuesday(9))), NoMessages)))),
            ("group seat", await CountAsync(async () => Assert.IsType<BookOutcome.Booked>(await store.BookAsync(Ada(Workshop(mailbox, Tuesday(12))), NoMessages)))),
            ("reschedule", await CountAsync(async () => Assert.IsType<RescheduleOutcome.Moved>(await store.RescheduleAsync(
                new RescheduleCommand(mailbox.Id, booking.Appointment.Id, "anna", Tuesday(14), Tuesday(14, 30), []), NoMessages)))),
            ("cancellation of a seat", await CountAsync(async () => Assert.True(await store.CancelAttendeeAsync(mailbox.Id, booking.Appointment.Id, booking.Attendee.Id, NoMessages)))),
            ("availability read", await CountAsync(() => store.ReadBusyAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1)))),
        };
        await DispatchAsync(store);

        // Ten bookings with one email each, then the dispatcher's rounds: requests per message sent (sendMail itself is 1 more each).
        for (var i = 0; i < 10; i++) await store.BookAsync(Ada(Consult(mailbox, Tuesday(15).AddMinutes(30 * i))), Email("booked"));
        var updatesBefore = tenant.Graph.Meeting.UpdatesSent(mailbox.Id);
        var dispatch = await CountAsync(() => DispatchAsync(store));
        var idle = await CountAsync(() => DispatchAsync(store));

        foreach (var (what, requests) in counts) output.WriteLine($"| {what} | {requests} |");
        output.WriteLine($"| dispatcher round for 10 bookings (Outlook events made, 10 messages claimed and marked sent) | {dispatch} ({dispatch / 10.0:0.#} per message, + 1 sendMail) |");
        output.WriteLine($"| dispatcher round with nothing to do | {idle} |");
        output.WriteLine($"| meeting updates sent by those bookings and rounds | {tenant.Graph.Meeting.UpdatesSent(mailbox.Id) - updatesBefore} |");
        var count = counts.ToDictionary(c => c.What, c => c.Requests);
        Assert.Equal(3, count["booking (returning customer)"]); // hold POST, verify calendarView, settle PATCH
        Assert.Equal(3, count["booking of a taken slot"]); // hold POST, verify calendarView, hold DELETE
        Assert.Equal(4, count["group seat"]); // a read first (to join the group), then the same three
        Assert.Equal(1, count["availability read"]);
        Assert.Equal(0, tenant.Graph.Meeting.UpdatesSent(mailbox.Id) - updatesBefore);
        Assert.InRange(dispatch, 10, 60);
        Assert.InRange(idle, 1, 4);
    }
}
