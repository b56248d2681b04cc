using System.Net;
using Bookings.Core.Store;
using Bookings.Store.Graph.Claims;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Records;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Booking;

/// <summary>Why a claim on a slot lost.</summary>
internal enum SlotLoss
{
    /// <summary>Another appointment holds (or is settling) the staff member's time: slot_taken.</summary>
    Taken,
    /// <summary>The group appointment's seats are taken: seats_full.</summary>
    Full,
    /// <summary>A cap of the staff member is reached: the cap's code.</summary>
    Cap,
    /// <summary>Another appointment of the same group (service, start, end) stands there: join it instead.</summary>
    Join,
    /// <summary>Another request with the same Idempotency-Key got there first: answer its record.</summary>
    Replay,
    /// <summary>The seat was changed by someone else first (a cancellation or another move): read it again.</summary>
    Changed,
    /// <summary>The claim could not be settled in time (a slow or abandoned claim ahead of it): slot_taken, and nothing is stored.</summary>
    TimedOut,
}

/// <summary>
/// What a claim wants: its record, the caps, and which seat (if any) it replaces. <paramref name="SeatOnly"/>: a cancellation, which
/// competes only with the seat's other changes (it takes no time).
/// </summary>
internal sealed record SlotClaim(SeatRecord Mine, IReadOnlyList<CapWindow> Caps, bool JoinsBookedAppointment, string? ReplacesSeatKey, bool SeatOnly = false);

/// <summary>The verdict of one read, and on a loss why (and for a cap its code).</summary>
internal readonly record struct SlotVerdict(Verdict Verdict, SlotLoss Loss = SlotLoss.Taken, string? Code = null)
{
    public static readonly SlotVerdict Win = new(Verdict.Win);
    public static readonly SlotVerdict Wait = new(Verdict.Wait);
}

/// <summary>
/// Hold-and-verify for Exchange, which has no transactions (DESIGN.md, "Book atomically"), used alike by a booking, a group seat and a
/// reschedule: the claim is a seat record written as a hold; the records of the staff member around it are read back and every
/// constraint is settled by <see cref="ClaimRule"/> — the staff member's time (capacity 1 against every other appointment), the group's
/// seats (capacity N among the appointment's seats), each cap (capacity Max among the staff member's appointments starting in its
/// window), the Idempotency-Key and the seat itself (one change of a seat at a time). The order of claims is the claim's own
/// (<see cref="ClaimOrder"/>), never <c>createdDateTime</c>, which calendarView does not let one select and which could not be trusted to
/// follow visibility anyway.
/// </summary>
internal static class SlotRule
{
    public static SlotVerdict Decide(SlotClaim claim, IEnumerable<SeatRecord> seen, DateTimeOffset now)
    {
        var mine = claim.Mine;
        var data = mine.Data;
        var all = seen.Where(r => r.Order != mine.Order).ToList();
        var holds = all.Where(r => r.State is SeatState.Hold or SeatState.Pending && !ClaimRule.IsAbandoned(r.Order, now)).ToList();
        var current = Appointments.Current(all).ToList();
        var booked = current.Where(r => r.State == SeatState.Booked && r.SeatKey != mine.SeatKey && r.SeatKey != claim.ReplacesSeatKey).ToList();
        var slotHolds = holds.Where(r => r.State == SeatState.Hold && r.SeatKey != mine.SeatKey).ToList();

        var verdicts = new List<SlotVerdict>();

        // The seat itself: one change at a time (a cancellation or a move racing this one), among claims of the same next sequence.
        var seatRivals = holds.Where(r => r.SeatKey == mine.SeatKey && r.Data.Sequence == data.Sequence).ToList();
        var seatMoved = current.Any(r => r.SeatKey == mine.SeatKey && r.Data.Sequence >= data.Sequence);
        verdicts.Add(Of(ClaimRule.Decide(1, seatMoved ? 1 : 0, seatRivals.Count(r => r.Order < mine.Order), seatRivals.Count(r => r.Order > mine.Order)), SlotLoss.Changed));
        if (claim.SeatOnly) return verdicts[0].Verdict == Verdict.Win ? SlotVerdict.Win : verdicts[0];

        // The Idempotency-Key: the first request with it books; the others answer its record.
        if (data.Idempotency?.Key is { } key)
        {
            // A record whose key has expired holds it no more: the key may book again.
            var sameKey = all.Where(r => r.Data.Idempotency is { } i && i.Key == key && i.ExpiresAt > now
                && r.State is SeatState.Hold or SeatState.Booked or SeatState.Cancelled).ToList();
            var settled = sameKey.Count(r => r.IsDecided);
            var pending = sameKey.Where(r => r.State == SeatState.Hold && !ClaimRule.IsAbandoned(r.Order, now)).ToList();
            verdicts.Add(Of(ClaimRule.Decide(1, settled, pending.Count(r => r.Order < mine.Order), pending.Count(r => r.Order > mine.Order)), SlotLoss.Replay));
        }

        // The staff member's time: every other appointment whose blocked interval meets this one's.
        var blocking = booked.Where(r => Blocks(data, r.Data)).ToList();
        var blockingHolds = slotHolds.Where(r => Blocks(data, r.Data)).ToList();
        var time = ClaimRule.Decide(1, blocking.Count, blockingHolds.Count(r => r.Order < mine.Order), blockingHolds.Count(r => r.Order > mine.Order));
        var joinable = time == Verdict.Lose && blocking.Concat(blockingHolds.Where(r => r.Order < mine.Order)).All(r => SameGroup(data, r.Data));
        verdicts.Add(Of(time, joinable ? SlotLoss.Join : SlotLoss.Taken));

        // The group's seats.
        if (data.IsGroup)
        {
            var seats = booked.Count(r => r.Data.AppointmentId == data.AppointmentId);
            var seatHolds = slotHolds.Where(r => r.Data.AppointmentId == data.AppointmentId).ToList();
            verdicts.Add(Of(ClaimRule.Decide(data.Seats, seats, seatHolds.Count(r => r.Order < mine.Order), seatHolds.Count(r => r.Order > mine.Order)), SlotLoss.Full));
        }

        // Caps count appointments of the staff member starting in their window; a seat in an appointment already booked adds none.
        if (!claim.JoinsBookedAppointment)
        {
            foreach (var cap in claim.Caps)
            {
                bool InCap(SeatRecord r) => CountsAgainst(data, cap, r.Data);
                var bookedIds = booked.Where(InCap).Select(r => r.Data.AppointmentId).ToHashSet(StringComparer.Ordinal);
                var pendingIds = slotHolds.Where(r => InCap(r) && !bookedIds.Contains(r.Data.AppointmentId))
                    .GroupBy(r => r.Data.AppointmentId, StringComparer.Ordinal).Select(g => g.Min(r => r.Order)).ToList();
                var verdict = ClaimRule.Decide(cap.Max, bookedIds.Count, pendingIds.Count(o => o < mine.Order), pendingIds.Count(o => o > mine.Order));
                verdicts.Add(Of(verdict, SlotLoss.Cap, cap.Code));
            }
        }

        // A loss says its first reason in this order: the key, the seat, joining a group, the seats, a cap, the time.
        var losses = verdicts.Where(v => v.Verdict == Verdict.Lose).ToList();
        if (losses.Count > 0)
        {
            foreach (var reason in new[] { SlotLoss.Replay, SlotLoss.Changed, SlotLoss.Join, SlotLoss.Full, SlotLoss.Cap, SlotLoss.Taken })
                if (losses.FirstOrDefault(v => v.Loss == reason) is { Verdict: Verdict.Lose } first) return first;
        }
        return verdicts.Any(v => v.Verdict == Verdict.Wait) ? SlotVerdict.Wait : SlotVerdict.Win;
    }

    private static SlotVerdict Of(Verdict verdict, SlotLoss loss, string? code = null) => new(verdict, loss, code);

    // The constraints of a slot, defined here once: the claim's verify read above, and a booking's read before it writes
    // (AppointmentWrites: refuse at once, find the group to join, wait for one being opened) ask the same questions.

    /// <summary>Whether <paramref name="other"/> takes the time <paramref name="claim"/> wants: another appointment of the staff member whose blocked interval meets it.</summary>
    public static bool Blocks(SeatData claim, SeatData other) => other.StaffId == claim.StaffId && other.AppointmentId != claim.AppointmentId
        && other.BlockedStart < claim.BlockedEnd && other.BlockedEnd > claim.BlockedStart;

    /// <summary>Whether both are seats of one group offer: group appointments of the same staff member, service, start and end (a seat joins, not blocks).</summary>
    public static bool SameGroup(SeatData claim, SeatData other) => claim.IsGroup && other.IsGroup && other.StaffId == claim.StaffId
        && other.ServiceId == claim.ServiceId && other.Start == claim.Start && other.End == claim.End;

    /// <summary>Whether <paramref name="other"/> counts against <paramref name="cap"/> for the claim: another appointment of the staff member starting in the cap's window.</summary>
    public static bool CountsAgainst(SeatData claim, CapWindow cap, SeatData other) => other.StaffId == claim.StaffId && other.AppointmentId != claim.AppointmentId
        && other.Start >= cap.From && other.Start < cap.To;
}

/// <summary>The hold-and-verify loop against Graph: write the hold, read back until it is decided, withdraw it if it lost.</summary>
internal sealed class SlotClaims(GraphClient graph, SeatRecords records, RecordReader reader, TimeProvider time, TimeProvider timer)
{
    /// <summary>A held slot: the hold's event id and what the deciding read saw.</summary>
    public sealed record Held(SeatRecord Hold, IReadOnlyList<SeatRecord> Seen, long StartedAt);

    /// <summary>Writes <paramref name="mine"/>'s record as a hold (POST: our own claim order makes retried copies recognisable).</summary>
    public async Task<SeatRecord> WriteHoldAsync(string mailboxId, SeatData data, SeatState state, string subject, string? supersedes, CancellationToken ct)
    {
        var order = ClaimOrder.New(time.GetUtcNow());
        var created = await graph.SendAsync(HttpMethod.Post, $"{User(mailboxId)}/calendar/events", records.New(data, order, subject, state, supersedes: supersedes), ct);
        if (created.Status == HttpStatusCode.NotFound) throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");
        if (created.Status == HttpStatusCode.Conflict)
        {
            // transactionId answered 409 for a POST the transport replayed: the first one was stored; find it by our order.
            return await FindByOrderAsync(mailboxId, data, order, ct) ?? throw Failure("create the hold", created);
        }
        if (!created.Ok) throw Failure("create the hold", created);
        return new SeatRecord(created.Body!["id"]!.GetValue<string>(), state, order, data, [], new Dictionary<string, DispatchState>(), false, supersedes);
    }

    private async Task<SeatRecord?> FindByOrderAsync(string mailboxId, SeatData data, ClaimOrder order, CancellationToken ct) =>
        (await reader.SeatsByKeyAsync(mailboxId, SeatRecords.SeatKeyProperty, SeatRecords.SeatKeyOf(data.AppointmentId, data.Attendee.Id), ct))
            .FirstOrDefault(r => r.Order == order);

    /// <summary>
    /// Reads the window around the claim until <see cref="SlotRule"/> decides it. Win: the held record and what was seen (the caller
    /// settles it). Lose: the hold is deleted and the reason answered. A claim that cannot be decided within
    /// <see cref="ClaimRule.MaxWait"/> gives up (deleted, <see cref="SlotLoss.TimedOut"/>).
    /// </summary>
    public async Task<(Held? Held, SlotVerdict Verdict)> VerifyAsync(SlotClaim claim, string mailboxId, DateTimeOffset from, DateTimeOffset to,
        Func<CancellationToken, Task<IReadOnlyList<SeatRecord>>>? alsoRead, long startedAt, CancellationToken ct)
    {
        var mine = claim.Mine;
        var missing = 0;
        for (var round = 0; ; round++)
        {
            // A cancellation competes only with the seat's other changes: no window to read.
            var seen = claim.SeatOnly ? [] : (await reader.WindowAsync(mailboxId, from, to, lean: true, ct)).Seats.ToList();
            if (alsoRead is not null) seen.AddRange((await alsoRead(ct)).Where(r => seen.All(s => s.EventId != r.EventId)));
            // Copies of our own hold (a replayed POST) go; the first one by id stays ours.
            var copies = seen.Where(r => r.Order == mine.Order).ToList();
            if (copies.Count == 0)
            {
                // Our hold is not in the read yet: Exchange answered its POST, so read again; twice absent, give up (nothing is booked).
                if (++missing > 2) return await LoseAsync(mailboxId, mine, new SlotVerdict(Verdict.Lose, SlotLoss.TimedOut), ct);
                continue;
            }
            foreach (var copy in copies.Where(c => c.EventId != mine.EventId)) await TryDeleteAsync(mailboxId, copy.EventId);
            seen.RemoveAll(r => r.Order == mine.Order);

            var verdict = SlotRule.Decide(claim, seen, time.GetUtcNow());
            if (verdict.Verdict == Verdict.Win)
            {
                if (timer.GetElapsedTime(startedAt) > ClaimRule.OwnerDeadline)
                    return await LoseAsync(mailboxId, mine, new SlotVerdict(Verdict.Lose, SlotLoss.TimedOut), ct);
                return (new Held(mine, seen, startedAt), verdict);
            }
            if (verdict.Verdict == Verdict.Lose || timer.GetElapsedTime(startedAt) > ClaimRule.MaxWait)
                return await LoseAsync(mailboxId, mine, verdict.Verdict == Verdict.Lose ? verdict : new SlotVerdict(Verdict.Lose, SlotLoss.TimedOut), ct);
            await Task.Delay(ClaimRule.Backoff(round), timer, ct);
        }
    }

    private async Task<(Held?, SlotVerdict)> LoseAsync(string mailboxId, SeatRecord mine, SlotVerdict verdict, CancellationToken ct)
    {
        _ = ct;
        await TryDeleteAsync(mailboxId, mine.EventId);
        return (null, verdict);
    }

    /// <summary>
    /// Settles a won hold with one PATCH of our own record (retried on a 412 that Exchange gives by itself). The caller must settle
    /// before <see cref="ClaimRule.OwnerDeadline"/>: after it others may take the hold for abandoned, so a late settle is withdrawn.
    /// </summary>
    public async Task<bool> SettleAsync(string mailboxId, Held held, SeatState state, SeatData data, IReadOnlyList<OutboxMessage> outbox, CancellationToken ct)
    {
        if (timer.GetElapsedTime(held.StartedAt) > ClaimRule.OwnerDeadline)
        {
            await TryDeleteAsync(mailboxId, held.Hold.EventId);
            return false;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(ClaimRule.OwnerDeadline);
        var answer = await graph.PatchOwnAsync($"{User(mailboxId)}/events/{Q(held.Hold.EventId)}", records.Settle(state, data, outbox), deadline.Token);
        if (answer.Ok) return true;
        await TryDeleteAsync(mailboxId, held.Hold.EventId);
        if (answer.Status == HttpStatusCode.NotFound) return false;
        throw Failure("confirm the booking", answer);
    }

    /// <summary>Marks the record a settled change replaced (ours to write: the change's claim won); the dispatcher repeats it after a crash.</summary>
    public async Task SupersedeAsync(string mailboxId, string eventId, string reason, CancellationToken ct)
    {
        var answer = await graph.PatchOwnAsync($"{User(mailboxId)}/events/{Q(eventId)}", records.Superseded(reason, time.GetUtcNow()), ct);
        if (!answer.Ok && answer.Status != HttpStatusCode.NotFound) throw Failure("mark the replaced record", answer);
    }

    public async Task TryDeleteAsync(string mailboxId, string eventId)
    {
        try { await graph.DeleteAsync($"{User(mailboxId)}/events/{Q(eventId)}", CancellationToken.None); }
        catch (HttpRequestException) { } // a hold left behind is ignored once abandoned, and cleaned by the dispatcher
        catch (GraphStoreException) { }
    }
}
