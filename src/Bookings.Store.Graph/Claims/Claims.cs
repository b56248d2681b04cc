using System.Globalization;

namespace Bookings.Store.Graph.Claims;

/// <summary>
/// The order of a claim (a hold, a lock, a new document version, a lease): the claimant's clock and a random nonce, as text that
/// sorts like the pair. It only ranks claims that are undecided at the same time; safety never depends on clocks agreeing
/// (<see cref="ClaimRule"/>). Two items with the same order are one claim written twice (a POST the transport retried, or
/// <c>transactionId</c> answered with a duplicate): the claimant keeps one and deletes the rest.
/// </summary>
internal readonly record struct ClaimOrder(string Value) : IComparable<ClaimOrder>
{
    public static ClaimOrder New(DateTimeOffset now) =>
        new($"{now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");

    /// <summary>When the claimant says it made the claim (its own clock).</summary>
    public DateTimeOffset At => long.TryParse(Value.AsSpan(0, Math.Min(19, Value.Length)), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
        && ticks is >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : DateTimeOffset.MinValue;

    public int CompareTo(ClaimOrder other) => string.CompareOrdinal(Value, other.Value);

    public static bool operator <(ClaimOrder a, ClaimOrder b) => a.CompareTo(b) < 0;
    public static bool operator >(ClaimOrder a, ClaimOrder b) => a.CompareTo(b) > 0;
    public static bool operator <=(ClaimOrder a, ClaimOrder b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ClaimOrder a, ClaimOrder b) => a.CompareTo(b) >= 0;

    public override string ToString() => Value;
}

/// <summary>What a claimant does after a read: take it, give way, or read again once the claims after its own are settled.</summary>
internal enum Verdict { Win, Lose, Wait }

/// <summary>
/// The rule every claim of the store follows (docs/graph-conformance.md, "Claims"). A claimant first writes its claim (pending),
/// then reads the competing claims — those that are <em>decided</em> (won: a booked seat, a held lease) and those still pending —
/// and, for a resource of capacity N:
/// <list type="bullet">
/// <item><b>Win</b> when everything it saw (decided and pending, itself aside) leaves room: decided + pending &lt; N;</item>
/// <item><b>Lose</b> when the decided ones and the pending ones ordered before it fill it: decided + earlier ≥ N;</item>
/// <item>otherwise <b>Wait</b>: only claims ordered after it stand in the way, and each of those either saw this claim (and counts
/// it as earlier) or was written after this claim's read saw nothing of it; read again until they settle.</item>
/// </list>
/// Why at most N win, whatever the clocks: of N + 1 winners, the one whose deciding read came last saw the other N (each wrote its
/// claim before its own read, and a winner's claim is never withdrawn), so it could not have won. Why nobody waits forever: a claim
/// waits only for later ones, and the latest claim waits for nothing. Claims whose maker gave up long ago are ignored
/// (<see cref="IsAbandoned"/>): their maker never decides after <see cref="OwnerDeadline"/>, and they are ignored only after
/// <see cref="AbandonedAfter"/>, so clocks may disagree by the difference.
/// </summary>
internal static class ClaimRule
{
    /// <summary>A claimant that has not decided this long after writing its claim gives up (deletes it and answers Conflict).</summary>
    public static readonly TimeSpan OwnerDeadline = TimeSpan.FromSeconds(20);

    /// <summary>An undecided claim this old (by its own order's clock) is treated as gone by everyone else.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(3);

    /// <summary>How long a claimant keeps reading again while it waits (then it gives up: a Conflict, never a double booking).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public static bool IsAbandoned(ClaimOrder order, DateTimeOffset now) => now - order.At > AbandonedAfter;

    /// <param name="capacity">N.</param>
    /// <param name="decided">Won claims of others.</param>
    /// <param name="earlier">Undecided claims of others ordered before this one.</param>
    /// <param name="later">Undecided claims of others ordered after this one.</param>
    public static Verdict Decide(int capacity, int decided, int earlier, int later) =>
        decided + earlier >= capacity ? Verdict.Lose
        : decided + earlier + later < capacity ? Verdict.Win
        : Verdict.Wait;

    /// <summary>All constraints of one claim together: any loss loses, any wait waits, else it wins.</summary>
    public static Verdict All(IEnumerable<Verdict> verdicts)
    {
        var result = Verdict.Win;
        foreach (var v in verdicts)
        {
            if (v == Verdict.Lose) return Verdict.Lose;
            if (v == Verdict.Wait) result = Verdict.Wait;
        }
        return result;
    }

    /// <summary>The pause before the next read of a waiting claimant (doubling, from 20 ms).</summary>
    public static TimeSpan Backoff(int round) => TimeSpan.FromMilliseconds(Math.Min(640, 20 << Math.Min(round, 5)));
}
