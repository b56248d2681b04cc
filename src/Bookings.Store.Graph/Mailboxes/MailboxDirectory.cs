using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Store.Graph.Claims;
using Bookings.Store.Graph.Client;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Mailboxes;

/// <summary>
/// One calendar of the directory: its mailbox and slug, whether the claim that made the entry is settled, and whether the entry still
/// holds the calendar's first document because the mailbox refused it (<see cref="MailboxDirectory.KeepAwaitingDocumentAsync"/>).
/// </summary>
internal sealed record DirectoryEntry(string ItemId, string Mailbox, string Slug, ClaimOrder Order, bool Won, bool AwaitsDocument = false);

/// <summary>A calendar adopted while the app could not open its mailbox: its directory entry and the document to write there.</summary>
internal sealed record AwaitingDocument(DirectoryEntry Entry, string Json);

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
    // Not "Pending": draft messages with Pending = 1 in a hidden folder are the outbox's (Outbox/), and the directory mailbox may be a calendar.
    private const string AwaitsDocumentProperty = "AwaitsDocument";
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
            $"{HiddenFolders.Messages(DirectoryMailbox, folder)}?{properties.LiteralFilter(KindProperty, Kind)}&$select=id&$top=100&{properties.Expand(KindProperty, MailboxProperty, SlugProperty, OrderProperty, StateProperty, AwaitsDocumentProperty)}", ct, notFoundIsEmpty: true);
        var now = time.GetUtcNow();
        var entries = new List<DirectoryEntry>();
        foreach (var item in items)
        {
            if (properties.Read(item, MailboxProperty) is not { Length: > 0 } mailbox || properties.Read(item, SlugProperty) is not { } slug
                || properties.Read(item, OrderProperty) is not { Length: > 0 } order) continue;
            var won = properties.Read(item, StateProperty) == Won;
            var claim = new ClaimOrder(order);
            if (!won && ClaimRule.IsAbandoned(claim, now)) continue;
            entries.Add(new DirectoryEntry(item["id"]!.GetValue<string>(), mailbox, slug, claim, won, properties.Read(item, AwaitsDocumentProperty) == "1"));
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

    /// <summary>
    /// Settles <paramref name="entry"/> with the calendar's first document in its body, for a mailbox that exists but refuses the app
    /// (outside its Exchange scope): the calendar keeps its slug and address, and <see cref="AwaitingDocumentAsync"/> hands the document
    /// to whoever first reads the mailbox once the app may (MailboxCatalog writes it there then).
    /// </summary>
    public async Task KeepAwaitingDocumentAsync(DirectoryEntry entry, string documentJson, CancellationToken ct)
    {
        var answer = await graph.PatchOwnAsync($"{User(DirectoryMailbox)}/messages/{Q(entry.ItemId)}", new JsonObject
        {
            ["body"] = Bodies.TextBody(new JsonObject { ["mailbox"] = entry.Mailbox, ["slug"] = entry.Slug, ["document"] = documentJson }.ToJsonString()),
            ["singleValueExtendedProperties"] = properties.Write((StateProperty, Won), (AwaitsDocumentProperty, "1")),
        }, ct);
        if (!answer.Ok) throw Failure("keep the calendar in the directory", answer);
    }

    /// <summary>The document a settled entry of <paramref name="mailbox"/> holds for it (<see cref="KeepAwaitingDocumentAsync"/>), or null.</summary>
    public async Task<AwaitingDocument?> AwaitingDocumentAsync(string mailbox, CancellationToken ct)
    {
        var entry = (await ReadAsync(ct)).FirstOrDefault(e => e.Won && e.AwaitsDocument && SameMailbox(e, mailbox));
        if (entry is null) return null;
        var message = await graph.SendAsync(HttpMethod.Get, $"{User(DirectoryMailbox)}/messages/{Q(entry.ItemId)}?$select=id,body", null, ct, textBody: true);
        if (message.Status == System.Net.HttpStatusCode.NotFound) return null; // written meanwhile, or the calendar deleted
        if (!message.Ok) throw Failure("read the calendar directory", message);
        string? json;
        try { json = Bodies.Text(message.Body!) is { } body ? JsonNode.Parse(body)?["document"]?.GetValue<string>() : null; }
        catch (System.Text.Json.JsonException) { json = null; }
        return json is null ? null : new AwaitingDocument(entry, json);
    }

    /// <summary>The awaited document is in the mailbox now: the entry becomes an ordinary one (mailbox and slug).</summary>
    public async Task DocumentWrittenAsync(DirectoryEntry entry, CancellationToken ct)
    {
        var answer = await graph.PatchOwnAsync($"{User(DirectoryMailbox)}/messages/{Q(entry.ItemId)}", new JsonObject
        {
            ["body"] = Bodies.TextBody(new JsonObject { ["mailbox"] = entry.Mailbox, ["slug"] = entry.Slug }.ToJsonString()),
            ["singleValueExtendedProperties"] = properties.Write((AwaitsDocumentProperty, "0")),
        }, ct);
        if (!answer.Ok && answer.Status != System.Net.HttpStatusCode.NotFound) throw Failure("update the calendar directory", answer);
    }

    /// <summary>Whether a settled entry names <paramref name="mailbox"/> (a calendar, readable or not).</summary>
    public async Task<bool> ListsAsync(string mailbox, CancellationToken ct) =>
        (await ReadAsync(ct)).Any(e => e.Won && SameMailbox(e, mailbox));

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
