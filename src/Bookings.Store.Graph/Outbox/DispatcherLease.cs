using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Bookings.Store.Graph.Claims;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Mailboxes;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Outbox;

/// <summary>
/// One dispatcher per mailbox at a time: the instance holding the mailbox's lease is the only writer of the outbox state (what was
/// sent, leases of messages, attempts) and of the Outlook events, so none of those writes needs a conditional request. The lease is a
/// claim (<see cref="ClaimRule"/>) — a draft message in the hidden folder saying until when its holder dispatches — renewed by its
/// holder (a PATCH of its own item) while it works. Another instance takes over once the lease has run out by its own clock and a
/// margin for clocks that disagree; should both dispatch for a moment, a message may go twice (at least once, with the same
/// Message-ID: DESIGN.md), never not at all.
/// </summary>
internal sealed class DispatcherLease(GraphClient graph, ItemProperties properties, HiddenFolders folders, TimeProvider time, TimeProvider timer)
{
    public static readonly TimeSpan Length = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RenewWhenLeft = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UseWhileLeft = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ClockMargin = TimeSpan.FromSeconds(60);

    private const string KindProperty = "Kind";
    private const string Kind = "lease";
    private const string OrderProperty = "Order";
    private const string UntilProperty = "Until";

    private sealed record Held(string ItemId, DateTimeOffset Until);

    private sealed record LeaseItem(string ItemId, ClaimOrder Order, DateTimeOffset Until);

    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether this instance may dispatch the mailbox now (taking or renewing its lease when needed).</summary>
    public async Task<bool> HoldAsync(string mailbox, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_held.TryGetValue(mailbox, out var held))
        {
            if (held.Until - now > RenewWhenLeft) return true;
            if (held.Until - now > UseWhileLeft)
            {
                var until = now + Length;
                var renewed = await graph.PatchOwnAsync($"{User(mailbox)}/messages/{Q(held.ItemId)}",
                    new JsonObject { ["singleValueExtendedProperties"] = properties.Write((UntilProperty, Instants.Text(until))) }, ct);
                if (renewed.Ok)
                {
                    _held[mailbox] = held with { Until = until };
                    return true;
                }
            }
            _held.TryRemove(mailbox, out _); // lost (deleted as expired by another) or too late to renew: take it again
        }
        return await AcquireAsync(mailbox, ct);
    }

    private async Task<bool> AcquireAsync(string mailbox, CancellationToken ct)
    {
        var folder = await folders.FindAsync(mailbox, ct);
        if (folder is null) return false;
        var live = await ReadLiveAsync(mailbox, folder, ct);
        if (live.Count > 0) return false; // someone dispatches it
        var now = time.GetUtcNow();
        var order = ClaimOrder.New(now);
        var until = now + Length;
        var created = await graph.SendAsync(HttpMethod.Post, HiddenFolders.Messages(mailbox, folder), new JsonObject
        {
            ["subject"] = "Bookings dispatcher lease",
            ["body"] = Bodies.TextBody(Environment.MachineName),
            ["singleValueExtendedProperties"] = properties.Write((KindProperty, Kind), (OrderProperty, order.Value), (UntilProperty, Instants.Text(until))),
        }, ct);
        if (!created.Ok) return false;
        var mine = created.Body!["id"]!.GetValue<string>();
        var started = timer.GetTimestamp();
        for (var round = 0; timer.GetElapsedTime(started) < ClaimRule.MaxWait; round++)
        {
            var items = await ReadLiveAsync(mailbox, folder, ct);
            foreach (var copy in items.Where(i => i.Order == order && i.ItemId != mine)) await graph.DeleteAsync($"{User(mailbox)}/messages/{Q(copy.ItemId)}", ct);
            var others = items.Where(i => i.Order != order).ToList();
            var verdict = ClaimRule.Decide(1, 0, others.Count(o => o.Order < order), others.Count(o => o.Order > order));
            if (verdict == Verdict.Win)
            {
                _held[mailbox] = new Held(mine, until);
                return true;
            }
            if (verdict == Verdict.Lose) break;
            await Task.Delay(ClaimRule.Backoff(round), timer, ct);
        }
        await graph.DeleteAsync($"{User(mailbox)}/messages/{Q(mine)}", ct);
        return false;
    }

    /// <summary>The leases that have not run out (by this clock, with the margin); those that have are deleted on the way.</summary>
    private async Task<List<LeaseItem>> ReadLiveAsync(string mailbox, string folder, CancellationToken ct)
    {
        var items = await graph.ListAllAsync("read the dispatcher lease",
            $"{HiddenFolders.Messages(mailbox, folder)}?{properties.LiteralFilter(KindProperty, Kind)}&$select=id&$top=20&{properties.Expand(OrderProperty, UntilProperty)}",
            ct, notFoundIsEmpty: true);
        var now = time.GetUtcNow();
        var live = new List<LeaseItem>();
        foreach (var item in items)
        {
            var id = item["id"]!.GetValue<string>();
            var until = Instants.Parse(properties.Read(item, UntilProperty)) ?? DateTimeOffset.MinValue;
            if (until + ClockMargin < now)
            {
                await graph.DeleteAsync($"{User(mailbox)}/messages/{Q(id)}", ct);
                continue;
            }
            live.Add(new LeaseItem(id, new ClaimOrder(properties.Read(item, OrderProperty) ?? ""), until));
        }
        return live;
    }

    /// <summary>Gives the mailboxes' leases back (a graceful stop), so another instance can take over at once.</summary>
    public async Task ReleaseAllAsync(CancellationToken ct)
    {
        foreach (var (mailbox, held) in _held)
        {
            try { await graph.DeleteAsync($"{User(mailbox)}/messages/{Q(held.ItemId)}", ct); }
            catch (HttpRequestException) { }
            catch (GraphStoreException) { }
        }
        _held.Clear();
    }
}
