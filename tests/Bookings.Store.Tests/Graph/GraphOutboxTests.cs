using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using Bookings.Store.Graph;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// The outbox, rescheduling and SMS opt-outs on the Microsoft 365 store where the wire matters: leases claimed with the
/// holder's changeKey by racing dispatchers, a reschedule racing a booking, outbox messages beside the document.
/// </summary>
// WireMock servers take free ports found by probing; one collection keeps them from racing for the same port.
[Collection(WireMockServers.Name)]
public sealed class GraphOutboxTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly ITestOutputHelper _output;
    private readonly FakeTimeProvider _time = new(Now);
    private readonly FakeGraph _graph;
    private readonly List<HttpClient> _clients = [];

    public GraphOutboxTests(ITestOutputHelper output)
    {
        _output = output;
        _graph = new FakeGraph(_time);
    }

    private GraphBookingStore NewStore()
    {
        var http = _graph.CreateClient();
        _clients.Add(http);
        return new GraphBookingStore(http, _time, new GraphStoreOptions());
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
        _graph.Dispose();
    }

    private static OutboxComposer Messages(int count) => (appointment, attendee) =>
        [.. Enumerable.Range(0, count).Select(i => new OutboxMessage($"m-{attendee.Id}-{i}", appointment.MailboxId, $"test:{attendee.Id}:{i}", "email",
            "booking.customer", "{}", Now, Now.AddMinutes(-i)))];

    private static OutboxMessage Invitation(Mailbox mailbox, int i) =>
        new($"inv-{i}", mailbox.Id, $"invitation:staff-{i}:1", "email", "invitation.staff", "{}", Now, Now);

    private async Task<(int Count, string Log)> CountAsync(Func<Task> action)
    {
        _graph.ResetCounters();
        await action();
        return (_graph.TotalRequests, string.Join("\n", _graph.RequestLog));
    }

    [Fact]
    public async Task DispatchersOnTwoInstancesClaimingAtOnceNeverGetTheSameMessage()
    {
        var first = NewStore();
        var second = NewStore();
        var mailbox = await first.CreateMailboxAsync(Calendar());
        Assert.NotNull(await second.GetMailboxAsync(mailbox.Id));
        for (var i = 0; i < 6; i++)
            Assert.IsType<BookOutcome.Booked>(await first.BookAsync(Consult(mailbox, Tuesday(9 + i)), Messages(3)));
        await first.EnqueueOutboxAsync([.. Enumerable.Range(0, 6).Select(i => Invitation(mailbox, i))]);
        var all = (await first.ListOutboxAsync(mailbox.Id)).Select(m => m.Id).ToHashSet();
        Assert.Equal(24, all.Count);

        // Eight claims of three at the same moment, alternating between the instances, until nothing is left.
        var claimed = new List<string>();
        for (var round = 0; round < 10 && claimed.Count < all.Count; round++)
        {
            var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                Task.Run(() => (i % 2 == 0 ? first : second).ClaimDueOutboxAsync(Now, 3, Lease))));
            claimed.AddRange(batches.SelectMany(b => b.Select(m => m.Id)));
        }

        Assert.Equal(claimed.Count, claimed.Distinct().Count()); // nobody got a message twice
        Assert.Equal(all, claimed.ToHashSet());
        Assert.All(await first.ListOutboxAsync(mailbox.Id), m => Assert.Equal(Now + Lease, m.LeaseUntil));
        Assert.Empty(await second.ClaimDueOutboxAsync(Now, 50, Lease));
    }

    [Fact]
    public async Task AMarkAfterAClaimIsOneConditionalWriteAndAStaleCopyIsReadAgain()
    {
        var dispatcher = NewStore();
        var web = NewStore();
        var mailbox = await dispatcher.CreateMailboxAsync(Calendar());
        var booked = Assert.IsType<BookOutcome.Booked>(await web.BookAsync(Consult(mailbox, Tuesday(9)), Messages(2)));
        await web.EnqueueOutboxAsync([Invitation(mailbox, 1)]);

        var claim = await CountAsync(async () => Assert.Equal(3, (await dispatcher.ClaimDueOutboxAsync(Now, 10, Lease)).Count));
        var markEvent = await CountAsync(() => dispatcher.MarkOutboxSentAsync($"m-{booked.Attendee.Id}-0", Now));
        var markSibling = await CountAsync(() => dispatcher.MarkOutboxSentAsync($"m-{booked.Attendee.Id}-1", Now));
        var markStandalone = await CountAsync(() => dispatcher.MarkOutboxSentAsync("inv-1", Now));
        var claimNone = await CountAsync(async () => Assert.Empty(await dispatcher.ClaimDueOutboxAsync(Now, 10, Lease)));

        _output.WriteLine($"claim of 3 (one event, one draft message): {claim.Count}; mark sent: {markEvent.Count}, a sibling: {markSibling.Count}, "
            + $"a draft message: {markStandalone.Count}; a claim with nothing due: {claimNone.Count}");
        _output.WriteLine(claim.Log);
        // Registry, pending events, pending draft messages; one PATCH per holder.
        Assert.Equal(5, claim.Count);
        Assert.Equal(1, markEvent.Count);
        Assert.Equal(1, markSibling.Count);
        Assert.Equal(1, markStandalone.Count);
        Assert.Equal(3, claimNone.Count);
        Assert.All(await web.ListOutboxAsync(mailbox.Id), m => Assert.NotNull(m.SentAt));
        Assert.Contains(_graph.EventsOf(mailbox.Id), e => Property(e, "Pending") == "0");

        // The appointment changes under the dispatcher's copy (a cancellation on the web instance): the claim's copy is
        // stale, the write answers 412, and the dispatcher reads the event again.
        var second = Assert.IsType<BookOutcome.Booked>(await web.BookAsync(Consult(mailbox, Tuesday(11)), Messages(1)));
        Assert.Single(await dispatcher.ClaimDueOutboxAsync(Now, 10, Lease));
        Assert.True(await web.CancelAttendeeAsync(mailbox.Id, second.Appointment.Id, second.Attendee.Id, NoMessages));
        var stale = await CountAsync(() => dispatcher.MarkOutboxFailedAsync($"m-{second.Attendee.Id}-0", "421", Now.AddMinutes(1)));
        Assert.Equal(3, stale.Count); // 412, read, write
        var failed = (await web.ListOutboxAsync(mailbox.Id)).Single(m => m.Id == $"m-{second.Attendee.Id}-0");
        Assert.Equal((1, "421", (DateTimeOffset?)null), (failed.Attempts, failed.LastError, failed.LeaseUntil));
    }

    private static string? Property(JsonObject e, string name) =>
        e["__props"]?.AsObject().FirstOrDefault(p => p.Key.EndsWith($" name {name.ToLowerInvariant()}", StringComparison.Ordinal)).Value?.GetValue<string>();

    [Fact]
    public async Task ARescheduleRacingABookingForTheSameSlotEndsWithOneWinner()
    {
        var mover = NewStore();
        var booker = NewStore();
        var mailbox = await mover.CreateMailboxAsync(Calendar());
        Assert.NotNull(await booker.GetMailboxAsync(mailbox.Id));

        for (var round = 0; round < 8; round++)
        {
            var slot = Tuesday(12).AddDays(round);
            var appointment = Assert.IsType<BookOutcome.Booked>(await mover.BookAsync(Consult(mailbox, Tuesday(8).AddDays(round)), NoMessages));
            var move = Task.Run(() => mover.RescheduleAsync(
                new RescheduleCommand(mailbox.Id, appointment.Appointment.Id, "anna", slot, slot + HalfHour, []), NoMessages));
            // The booking starts a little later each round, so the two holds meet in either order.
            var book = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(2 * round));
                return await booker.BookAsync(Consult(mailbox, slot.AddMinutes(15)), NoMessages);
            });
            var (moved, booked) = (await move, await book);

            var winners = (moved is RescheduleOutcome.Moved ? 1 : 0) + (booked is BookOutcome.Booked ? 1 : 0);
            Assert.True(winners == 1, $"round {round}: {winners} winners");
            var day = await mover.ListAppointmentsAsync(mailbox.Id, slot.Date, slot.Date.AddDays(1));
            Assert.Equal(winners, day.Count(a => a.Start >= slot.AddMinutes(-30) && a.Start < slot.AddMinutes(30)));
            Assert.DoesNotContain(_graph.EventsOf(mailbox.Id), e => Property(e, "State") == "hold");
            _output.WriteLine($"round {round}: reschedule {moved.GetType().Name}, booking {booked.GetType().Name}");
        }
    }

    [Fact]
    public async Task ARescheduleKeepsTheTeamsMeetingMovesTheStaffAttendeeAndCostsFiveRequests()
    {
        var store = NewStore();
        var doc = Calendar();
        doc.Services.Single(s => s.Id == "consult").IsLocationOnline = true;
        var mailbox = await store.CreateMailboxAsync(doc);
        var booked = Assert.IsType<BookOutcome.Booked>(await store.BookAsync(Consult(mailbox, Tuesday(9)), NoMessages));
        var joinUrl = booked.Appointment.OnlineMeetingUrl;
        Assert.NotNull(joinUrl);
        RescheduleOutcome? outcome = null;
        string? composedWith = null;

        var (count, log) = await CountAsync(async () => outcome = await store.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "piotr", Tuesday(15), Tuesday(15, 30), []),
            (a, _) => { composedWith = a.OnlineMeetingUrl; return []; }));

        _output.WriteLine($"reschedule: {count} requests\n{log}");
        Assert.Equal(5, count); // lookup, hold POST, verify calendarView, move PATCH, hold DELETE
        var moved = Assert.IsType<RescheduleOutcome.Moved>(outcome);
        Assert.Equal(joinUrl, moved.After.OnlineMeetingUrl);
        Assert.Equal(joinUrl, composedWith);
        var e = Assert.Single(_graph.EventsOf(mailbox.Id));
        Assert.Equal("2026-03-03T15:00:00", e["start"]!["dateTime"]!.GetValue<string>()[..19]);
        Assert.Equal(["piotr@contoso.example"], e["attendees"]!.AsArray().Select(a => a!["emailAddress"]!["address"]!.GetValue<string>()));
        Assert.Equal("piotr", Property(e, "Staff"));
        Assert.Equal(joinUrl, (await store.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id))?.OnlineMeetingUrl);
    }

    [Fact]
    public async Task ManyOutboxMessagesInTheFolderDoNotHideTheDocumentOrTheSyncStates()
    {
        var web = NewStore();
        var worker = NewStore();
        var mailbox = await web.CreateMailboxAsync(Calendar());
        await worker.EnqueueOutboxAsync([.. Enumerable.Range(0, 15).Select(i => Invitation(mailbox, i))]);
        await web.SetSmsOptOutAsync("+48600100200", optedOut: true, Now);
        var state = new StaffSyncState("anna", SyncSource.Graph, Now, Now, 0, null, [new BusyBlock(Tuesday(9), Tuesday(10))]);
        await worker.ReplaceStaffSyncAsync(mailbox.Id, [state]);

        await web.GetMailboxAsync(mailbox.Id);
        await web.ReadBusyAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1));
        var (count, _) = await CountAsync(async () =>
        {
            Assert.Equal(mailbox.Version, (await web.GetMailboxAsync(mailbox.Id))?.Version);
            Assert.Equal(Tuesday(9), Assert.Single(Assert.Single((await web.ReadBusyAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1))).StaffSync).Busy).Start);
        });

        Assert.Equal(2, count); // revalidation, calendarView: the sync states' changeKey came with the revalidation
        Assert.Equal(15, (await worker.ListOutboxAsync(mailbox.Id)).Count);
        Assert.True(await worker.IsSmsOptedOutAsync(mailbox.Id, "+48600100200"));
        var cold = NewStore();
        Assert.Equal(mailbox.Version, (await cold.GetMailboxAsync(mailbox.Id))?.Version);
        Assert.Single(await cold.ListStaffSyncAsync(mailbox.Id));
    }

    [Fact]
    public async Task AnInvitationEnqueuedByTwoInstancesAtOnceIsQueuedOnce()
    {
        var first = NewStore();
        var second = NewStore();
        var mailbox = await first.CreateMailboxAsync(Calendar());
        Assert.NotNull(await second.GetMailboxAsync(mailbox.Id));

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).EnqueueOutboxAsync([Invitation(mailbox, 1) with { Id = $"inv-copy-{i}" }]))));

        Assert.Single(await first.ListOutboxAsync(mailbox.Id));
        Assert.Single(await second.ClaimDueOutboxAsync(Now, 10, Lease));
    }

    [Fact]
    public async Task AStopReachesEveryMailboxWrittenByAnotherInstance()
    {
        var web = NewStore();
        var worker = NewStore();
        var first = await web.CreateMailboxAsync(Calendar());
        var second = await web.CreateMailboxAsync(Calendar("second"));

        await web.SetSmsOptOutAsync("+48600100200", optedOut: true, Now);
        await worker.SetSmsOptOutAsync("+48600100300", optedOut: true, Now);
        var (count, _) = await CountAsync(async () => Assert.True(await worker.IsSmsOptedOutAsync(second.Id, "+48600100200")));
        Assert.Equal(1, count);
        Assert.True(await web.IsSmsOptedOutAsync(first.Id, "+48600100300"));

        await web.SetSmsOptOutAsync("+48600100200", optedOut: false, Now);
        Assert.False(await worker.IsSmsOptedOutAsync(first.Id, "+48600100200"));
        Assert.True(await worker.IsSmsOptedOutAsync(first.Id, "+48600100300"));
    }
}
