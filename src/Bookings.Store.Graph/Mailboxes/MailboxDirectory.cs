using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Store.Graph.Claims;
using Bookings.Store.Graph.Client;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Mailboxes;

/// <summary>One calendar of the directory: its mailbox and slug, and whether the claim that made the entry is settled.</summary>
internal sealed record DirectoryEntry(string ItemId, string Mailbox, string Slug, ClaimOrder Order, bool Won);

/// <summary>
/// Which mailboxes are calendars, and under which slug: one draft message per calendar in the hidden folder of the directory mailbox
/// (<see cref="GraphStoreOptions.DirectoryMailbox"/>), plus <see cref="GraphStoreOptions.AdoptedMailboxes"/>. It replaces the
/// listing of <c>bookingBusinesses</c>, which application tokens may not call ("Not supported":
/// api-reference/v1.0/includes/permissions/bookingbusiness-get-permissions.md) and which lists every business of the tenant.
/// An address and a slug are each held by one calendar: a new entry is a claim (<see cref="ClaimRule"/>) on both, settled among the
/// entries read back after it was written.
/// </summary>
internal sealed class MailboxDirectory(GraphClient graph, ItemProperties properties, HiddenFolders folders, GraphStoreOptions options, TimeProvider time, TimeProvider timer)
{
    private const string Kind = "directory";
    private const string KindProperty = "Kind";
    private const string MailboxProperty = "Mailbox";
    private const string SlugProperty = "Slug";
    private const string OrderProperty = "Order";
    private const string StateProperty = "State";
    private const string Won = "won";
    private const string Pending = "pending";

    private string DirectoryMailbox => options.DirectoryMailbox;

    public bool IsAdopted(string mailbox) => options.AdoptedMailboxes.Contains(mailbox, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> AdoptedMailboxes => options.AdoptedMailboxes;

    /// <summary>Every entry of the directory (settled or not, abandoned claims left out).</summary>
    public async Task<List<DirectoryEntry>> ReadAsync(CancellationToken ct)
    {
        var folder = await folders.FindAsync(DirectoryMailbox, ct);
        if (folder is null) return [];
        var items = await graph.ListAllAsync("read the calendar directory",
            $"{HiddenFolders.Messages(DirectoryMailbox, folder)}?{properties.LiteralFilter(KindProperty, Kind)}&$select=id&$top=100&{properties.Expand(KindProperty, MailboxProperty, SlugProperty, OrderProperty, StateProperty)}", ct, notFoundIsEmpty: true);
        var now = time.GetUtcNow();
        var entries = new List<DirectoryEntry>();
        foreach (var item in items)
        {
            if (properties.Read(item, MailboxProperty) is not { Length: > 0 } mailbox || properties.Read(item, SlugProperty) is not { } slug
                || properties.Read(item, OrderProperty) is not { Length: > 0 } order) continue;
            var won = properties.Read(item, StateProperty) == Won;
            var claim = new ClaimOrder(order);
            if (!won && ClaimRule.IsAbandoned(claim, now)) continue;
            entries.Add(new DirectoryEntry(item["id"]!.GetValue<string>(), mailbox, slug, claim, won));
        }
        return entries;
    }

    /// <summary>The calendars' mailboxes: settled entries and the adopted mailboxes of the configuration.</summary>
    public async Task<IReadOnlyList<string>> MailboxesAsync(CancellationToken ct) =>
        [.. (await ReadAsync(ct)).Where(e => e.Won).Select(e => e.Mailbox).Concat(options.AdoptedMailboxes).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The mailboxes whose settled entry names this slug (the document, read by the caller, has the last word).</summary>
    public async Task<IReadOnlyList<string>> MailboxesForSlugAsync(string slug, CancellationToken ct) =>
        [.. (await ReadAsync(ct)).Where(e => e.Won && e.Slug == slug).Select(e => e.Mailbox).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// Claims <paramref name="slug"/> (and, for a new calendar, <paramref name="mailbox"/>) with a new entry, settled by
    /// <see cref="ClaimRule"/> among the entries read back: a settled entry of another calendar holding the slug or the address loses
    /// the claim (<see cref="StoreConflictException"/>), unless <paramref name="isCurrent"/> says that calendar no longer uses it (a
    /// slug changed away from, whose old entry a crash left behind; it is deleted). Answers the pending entry: the caller settles it with
    /// <see cref="SettleAsync"/> once the calendar is written, or withdraws it with <see cref="WithdrawAsync"/>.
    /// </summary>
    public async Task<DirectoryEntry> ClaimAsync(string mailbox, string slug, bool newCalendar, Func<DirectoryEntry, CancellationToken, Task<bool>> isCurrent,
        CancellationToken ct)
    {
        var folder = await folders.FindOrCreateAsync(DirectoryMailbox, ct);
        var order = ClaimOrder.New(time.GetUtcNow());
        var started = timer.GetTimestamp();
        var created = await graph.RequireAsync("write the calendar directory", HttpMethod.Post, HiddenFolders.Messages(DirectoryMailbox, folder), new JsonObject
        {
            ["subject"] = $"Bookings calendar {slug}",
            ["body"] = Bodies.TextBody(new JsonObject { ["mailbox"] = mailbox, ["slug"] = slug }.ToJsonString()),
            ["singleValueExtendedProperties"] = properties.Write((KindProperty, Kind), (MailboxProperty, mailbox.ToLowerInvariant()), (SlugProperty, slug),
                (OrderProperty, order.Value), (StateProperty, Pending)),
        }, ct);
        var mine = new DirectoryEntry(created.Body!["id"]!.GetValue<string>(), mailbox.ToLowerInvariant(), slug, order, Won: false);
        try
        {
            for (var round = 0; ; round++)
            {
                var entries = await ReadAsync(ct);
                foreach (var copy in entries.Where(e => e.Order == order && e.ItemId != mine.ItemId))
                    await graph.DeleteAsync($"{User(DirectoryMailbox)}/messages/{Q(copy.ItemId)}", ct); // our POST, written twice
                var others = entries.Where(e => e.Order != order).ToList();
                var slugHolders = others.Where(e => e.Slug == slug && !SameMailbox(e, mailbox)).ToList();
                var addressHolders = newCalendar ? others.Where(e => SameMailbox(e, mailbox)).ToList() : [];
                // A settled entry that its calendar no longer uses (its document says another slug) holds nothing.
                foreach (var stale in slugHolders.Where(e => e.Won).ToList())
                {
                    if (await isCurrent(stale, ct)) continue;
                    await graph.DeleteAsync($"{User(DirectoryMailbox)}/messages/{Q(stale.ItemId)}", ct);
                    slugHolders.Remove(stale);
                }
                var verdict = ClaimRule.All([Decide(slugHolders, order), Decide(addressHolders, order)]);
                if (verdict == Verdict.Win) return mine;
                if (verdict == Verdict.Lose || timer.GetElapsedTime(started) > ClaimRule.MaxWait)
                {
                    var what = Decide(addressHolders, order) == Verdict.Lose ? $"The mailbox address '{mailbox}' is taken." : $"The slug '{slug}' is taken.";
                    throw new StoreConflictException(what);
                }
                await Task.Delay(ClaimRule.Backoff(round), timer, ct);
            }
        }
        catch
        {
            await WithdrawAsync(mine, CancellationToken.None);
            throw;
        }
    }

    private static bool SameMailbox(DirectoryEntry e, string mailbox) => string.Equals(e.Mailbox, mailbox, StringComparison.OrdinalIgnoreCase);

    private static Verdict Decide(IReadOnlyCollection<DirectoryEntry> holders, ClaimOrder mine) =>
        ClaimRule.Decide(1, holders.Count(e => e.Won), holders.Count(e => !e.Won && e.Order < mine), holders.Count(e => !e.Won && e.Order > mine));

    public async Task SettleAsync(DirectoryEntry entry, CancellationToken ct)
    {
        var answer = await graph.PatchOwnAsync($"{User(DirectoryMailbox)}/messages/{Q(entry.ItemId)}",
            new JsonObject { ["singleValueExtendedProperties"] = properties.Write((StateProperty, Won)) }, ct);
        if (!answer.Ok) throw Failure("settle the calendar directory entry", answer);
    }

    public async Task WithdrawAsync(DirectoryEntry entry, CancellationToken ct)
    {
        try { await graph.DeleteAsync($"{User(DirectoryMailbox)}/messages/{Q(entry.ItemId)}", ct); }
        catch (HttpRequestException) { } // abandoned claims are ignored after ClaimRule.AbandonedAfter
        catch (GraphStoreException) { }
    }

    /// <summary>Removes every entry of a mailbox but <paramref name="keep"/> (a slug changed; the calendar deleted).</summary>
    public async Task RemoveAsync(string mailbox, string? keep, CancellationToken ct)
    {
        foreach (var e in (await ReadAsync(ct)).Where(e => SameMailbox(e, mailbox) && e.ItemId != keep))
            await graph.DeleteAsync($"{User(DirectoryMailbox)}/messages/{Q(e.ItemId)}", ct);
    }
}
