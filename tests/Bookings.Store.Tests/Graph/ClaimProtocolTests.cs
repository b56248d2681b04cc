using Bookings.Core.Store;
using Bookings.Store.Graph.Booking;
using Bookings.Store.Graph.Claims;
using Bookings.Store.Graph.Records;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// The claim protocol of the Microsoft 365 store checked as a model, without Graph: claimants write a claim, then read everything
/// written so far and decide (win, lose, or read again later), in every interleaving a random scheduler picks, with orders as skewed
/// clocks would make them (a later claim may carry an earlier order). Safety: never more winners than the capacity (for slots: never two
/// overlapping appointments of one staff member, never a group over its seats). Liveness: every claimant decides.
/// </summary>
public sealed class ClaimProtocolTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private sealed class Claimant(int id, ClaimOrder order)
    {
        public int Id { get; } = id;
        public ClaimOrder Order { get; } = order;
        public bool Written { get; set; }
        public Verdict? Decision { get; set; }
        public bool Settled { get; set; }
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(1, 8)]
    [InlineData(3, 10)]
    [InlineData(5, 12)]
    public void AtMostCapacityClaimsWinInEveryInterleaving(int capacity, int claimants)
    {
        for (var seed = 0; seed < 2_000; seed++)
        {
            var random = new Random(seed);
            // Orders from clocks that disagree by up to a minute: the order of writing and the order of the claims differ.
            var all = Enumerable.Range(0, claimants).Select(i => new Claimant(i, ClaimOrder.New(Now.AddSeconds(random.Next(0, 60))))).ToList();
            var steps = 0;
            while (all.Any(c => c.Decision is null || (c.Decision == Verdict.Win && !c.Settled)))
            {
                Assert.True(++steps < 10_000, $"seed {seed}: claimants never decided");
                var busy = all.Where(x => x.Decision is null || (x.Decision == Verdict.Win && !x.Settled)).ToList();
                var c = busy[random.Next(busy.Count)];
                if (!c.Written)
                {
                    c.Written = true;
                    continue;
                }
                if (c.Decision == Verdict.Win)
                {
                    c.Settled = true; // the PATCH that settles it lands; until now the others saw it pending
                    continue;
                }
                var others = all.Where(o => o != c && o.Written && o.Decision != Verdict.Lose).ToList();
                bool Pending(Claimant o) => o.Decision is null || !o.Settled;
                var verdict = ClaimRule.Decide(capacity, others.Count(o => o.Decision == Verdict.Win && o.Settled),
                    others.Count(o => Pending(o) && o.Order < c.Order), others.Count(o => Pending(o) && o.Order > c.Order));
                if (verdict != Verdict.Wait) c.Decision = verdict;
                Assert.True(all.Count(x => x.Decision == Verdict.Win) <= capacity, $"seed {seed}: more than {capacity} won");
            }
            // Nobody lost while there was room: the capacity fills when enough claimants came.
            Assert.Equal(Math.Min(capacity, claimants), all.Count(x => x.Decision == Verdict.Win));
        }
    }

    private static SeatRecord Seat(string appointment, string attendee, int startMinutes, int minutes, ClaimOrder order, SeatState state, int seats = 1,
        string service = "consult", string staff = "anna")
    {
        var start = Now.AddMinutes(startMinutes);
        var person = new Attendee(attendee, "cus-" + attendee, attendee, null, null, null, null, new Dictionary<string, string>(), null, false,
            "hash-" + attendee, AttendeeStatus.Booked, Now);
        var data = new SeatData(appointment, service, staff, start, start.AddMinutes(minutes), TimeSpan.Zero, TimeSpan.FromMinutes(10), seats,
            appointment + "@x", 0, Now, Guid.NewGuid().ToString("N"), person);
        return new SeatRecord("ev-" + attendee, state, order, data, [], new Dictionary<string, DispatchState>(), false, null);
    }

    [Fact]
    public void RacingBookingsOfOverlappingSlotsNeverBothWin()
    {
        for (var seed = 0; seed < 3_000; seed++)
        {
            var random = new Random(seed);
            // Six requests for one staff member at nearby times (some overlap, some do not), a group workshop among them.
            var wanted = Enumerable.Range(0, 6).Select(i =>
            {
                var group = random.Next(3) == 0;
                return Seat(group ? "apt-group" : $"apt-{i}", $"a{i}", group ? 60 : random.Next(0, 4) * 30, 30, ClaimOrder.New(Now.AddSeconds(random.Next(0, 30))),
                    SeatState.Hold, seats: group ? 2 : 1, service: group ? "workshop" : "consult");
            }).ToList();
            var store = new List<SeatRecord>();
            var decided = new Dictionary<string, Verdict>();
            var settling = new List<string>(); // won, but the PATCH that settles it has not landed: others still see a hold
            var steps = 0;
            while (decided.Count < wanted.Count || settling.Count > 0)
            {
                Assert.True(++steps < 20_000, $"seed {seed}: undecided");
                var pending = wanted.Where(w => !decided.ContainsKey(w.EventId)).ToList();
                if (settling.Count > 0 && (pending.Count == 0 || random.Next(3) == 0))
                {
                    var id = settling[random.Next(settling.Count)];
                    settling.Remove(id);
                    var at = store.FindIndex(r => r.EventId == id);
                    store[at] = store[at] with { State = SeatState.Booked };
                    continue;
                }
                var mine = pending[random.Next(pending.Count)];
                if (store.All(r => r.EventId != mine.EventId))
                {
                    store.Add(mine);
                    continue;
                }
                var verdict = SlotRule.Decide(new SlotClaim(mine, [], JoinsBookedAppointment: false, ReplacesSeatKey: null), store.Where(r => r.EventId != mine.EventId), Now);
                if (verdict.Verdict == Verdict.Wait) continue;
                decided[mine.EventId] = verdict.Verdict;
                var index = store.FindIndex(r => r.EventId == mine.EventId);
                if (verdict.Verdict == Verdict.Lose) store.RemoveAt(index);
                else settling.Add(mine.EventId);
            }
            var booked = store.Where(r => r.State == SeatState.Booked).ToList();
            foreach (var a in booked)
                foreach (var b in booked.Where(b => b.Data.AppointmentId != a.Data.AppointmentId))
                    Assert.False(a.Data.BlockedStart < b.Data.BlockedEnd && a.Data.BlockedEnd > b.Data.BlockedStart, $"seed {seed}: {a.Data.AppointmentId} and {b.Data.AppointmentId} overlap");
            foreach (var group in booked.GroupBy(r => r.Data.AppointmentId))
                Assert.True(group.Count() <= group.First().Data.Seats, $"seed {seed}: {group.Key} over its seats");
        }
    }

    [Fact]
    public void AClaimWaitsOnlyForLaterClaimsAndGivesWayToEarlierOnes()
    {
        var mine = new ClaimOrder("0000000000000000010-b");
        Assert.Equal(Verdict.Lose, ClaimRule.Decide(1, decided: 0, earlier: 1, later: 0));
        Assert.Equal(Verdict.Wait, ClaimRule.Decide(1, decided: 0, earlier: 0, later: 1));
        Assert.Equal(Verdict.Win, ClaimRule.Decide(1, decided: 0, earlier: 0, later: 0));
        Assert.Equal(Verdict.Lose, ClaimRule.Decide(1, decided: 1, earlier: 0, later: 0));
        Assert.Equal(Verdict.Win, ClaimRule.Decide(3, decided: 1, earlier: 0, later: 1));
        Assert.Equal(Verdict.Wait, ClaimRule.Decide(3, decided: 1, earlier: 1, later: 1));
        Assert.True(new ClaimOrder("0000000000000000009-z") < mine);
        Assert.Equal(new DateTimeOffset(10, TimeSpan.Zero), mine.At);
        Assert.True(ClaimRule.IsAbandoned(ClaimOrder.New(Now), Now + ClaimRule.AbandonedAfter + TimeSpan.FromSeconds(1)));
        Assert.False(ClaimRule.IsAbandoned(ClaimOrder.New(Now), Now + ClaimRule.OwnerDeadline));
    }
}
