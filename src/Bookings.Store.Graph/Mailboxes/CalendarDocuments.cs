using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Store.Graph.Claims;
using Bookings.Store.Graph.Client;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Mailboxes;

/// <summary>The calendar document of a mailbox as last read: its version (the port's opaque version), JSON and times.</summary>
internal sealed record StoredDocument(string Version, string ItemId, string Json, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// A calendar's document lives in its mailbox's hidden folder as numbered versions, one draft message each (the JSON as the body).
/// The current document is the highest settled version. An update is a claim on the next number (<see cref="ClaimRule"/>): of two
/// administrators saving from the same version, one wins and the other gets a Conflict — without <c>If-Match</c>, which the update
/// pages of messages do not document (api-reference/v1.0/api/message-update.md). Older versions are deleted by the winner.
/// The document versions and the staff sync message carry <c>Head = 1</c>, so one filtered read revalidates both.
/// </summary>
internal sealed class CalendarDocuments(GraphClient graph, ItemProperties properties, HiddenFolders folders, TimeProvider time, TimeProvider timer)
{
    public const string HeadProperty = "Head";
    public const string KindProperty = "Kind";
    private const string Kind = "document";
    private const string NumberProperty = "Number";
    private const string OrderProperty = "Order";
    private const string StateProperty = "State";
    private const string CreatedAtProperty = "CreatedAt";
    private const string UpdatedAtProperty = "UpdatedAt";
    private const string Won = "won";

    private sealed record Head(string ItemId, string Kind, long Number, ClaimOrder Order, bool Won, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? ChangeKey);

    private readonly ConcurrentDictionary<string, StoredDocument> _cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Told the changeKey of the staff sync message at every revalidation ("" when there is none).</summary>
    public event Action<string, string>? SyncStamp;

    private static string VersionOf(Head h) => $"{h.Number.ToString(CultureInfo.InvariantCulture)}.{h.Order.Value[^32..]}";

    /// <summary>The document as this instance last read it, without asking Graph (null when it has not read it).</summary>
    public StoredDocument? Cached(string mailbox) => _cache.TryGetValue(mailbox, out var d) ? d : null;

    public void Forget(string mailbox) => _cache.TryRemove(mailbox, out _);

    /// <summary>
    /// The current document: one read of the heads (revalidation), and the body only when the current version is not the cached one.
    /// Null when the mailbox holds no document.
    /// </summary>
    public async Task<StoredDocument?> ReadAsync(string mailbox, CancellationToken ct)
    {
        var folder = await folders.FindAsync(mailbox, ct);
        if (folder is null) return null;
        var heads = await HeadsAsync(mailbox, folder, ct);
        if (heads is null) return null;
        // Of two settled versions with one number (a first document written by two instances at once), the earlier claim is current.
        var current = heads.Where(h => h.Kind == Kind && h.Won).OrderByDescending(h => h.Number).ThenBy(h => h.Order).FirstOrDefault();
        if (current is null)
        {
            Forget(mailbox);
            return null;
        }
        var version = VersionOf(current);
        if (_cache.TryGetValue(mailbox, out var cached) && cached.Version == version) return cached;
        var message = await graph.SendAsync(HttpMethod.Get, $"{User(mailbox)}/messages/{Q(current.ItemId)}?$select=id,body", null, ct, textBody: true);
        if (message.Status == HttpStatusCode.NotFound) return null; // replaced meanwhile: the caller reads again or answers not found
        if (!message.Ok) throw Failure("read the calendar document", message);
        var json = Bodies.Text(message.Body!) ?? throw new InvalidDataException($"The calendar document of '{mailbox}' has no body.");
        var document = new StoredDocument(version, current.ItemId, json, current.CreatedAt, current.UpdatedAt);
        _cache[mailbox] = document;
        return document;
    }

    /// <summary>Heads of the folder; null when the folder is gone.</summary>
    private async Task<List<Head>?> HeadsAsync(string mailbox, string folder, CancellationToken ct)
    {
        var answer = await graph.SendAsync(HttpMethod.Get, $"{HiddenFolders.Messages(mailbox, folder)}?{properties.LiteralFilter(HeadProperty, "1")}" +
            $"&$select=id,changeKey&$top=50&{properties.Expand(KindProperty, NumberProperty, OrderProperty, StateProperty, CreatedAtProperty, UpdatedAtProperty)}", null, ct);
        if (answer.Status == HttpStatusCode.NotFound)
        {
            folders.Forget(mailbox);
            Forget(mailbox);
            return null;
        }
        MailboxUnreachableException.ThrowIfRefused(mailbox, answer);
        if (!answer.Ok) throw Failure("read the calendar document", answer);
        var items = answer.Values.OfType<JsonObject>().ToList();
        if (answer.NextLink is { } next) items.AddRange(await graph.ListAllAsync("read the calendar document", next, ct));
        var heads = items.Select(ReadHead).OfType<Head>().ToList();
        SyncStamp?.Invoke(mailbox, heads.FirstOrDefault(h => h.Kind == StaffSyncKind)?.ChangeKey ?? "");
        return heads;
    }

    public const string StaffSyncKind = "sync";

    private Head? ReadHead(JsonObject item)
    {
        var kind = properties.Read(item, KindProperty);
        if (kind is null) return null;
        var created = Instants.Parse(properties.Read(item, CreatedAtProperty)) ?? default;
        return new Head(item["id"]!.GetValue<string>(), kind,
            long.TryParse(properties.Read(item, NumberProperty), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0,
            new ClaimOrder(properties.Read(item, OrderProperty) ?? ""), properties.Read(item, StateProperty) == Won,
            created, Instants.Parse(properties.Read(item, UpdatedAtProperty)) ?? created, item["changeKey"]?.GetValue<string>());
    }

    /// <summary>
    /// Writes the first document of a calendar (or, when a failed creation left versions behind, the next one), settled at once: the
    /// caller holds the calendar's directory claim, so nobody else writes its document meanwhile.
    /// </summary>
    public async Task<StoredDocument> CreateAsync(string mailbox, string json, CancellationToken ct)
    {
        var folder = await folders.FindOrCreateAsync(mailbox, ct);
        var heads = await HeadsAsync(mailbox, folder, ct) ?? [];
        var now = time.GetUtcNow();
        var number = heads.Where(h => h.Kind == Kind).Select(h => h.Number).DefaultIfEmpty(0).Max() + 1;
        var written = await WriteAsync(mailbox, folder, json, number, ClaimOrder.New(now), Won, now, now, ct);
        foreach (var old in heads.Where(h => h.Kind == Kind)) await graph.DeleteAsync($"{User(mailbox)}/messages/{Q(old.ItemId)}", ct);
        return written;
    }

    /// <summary>
    /// Replaces the document if <paramref name="expectedVersion"/> is current: a claim on the next number, settled among the heads read
    /// back. <see cref="StoreConflictException"/> when another version was or is being written from the same one.
    /// </summary>
    public async Task<StoredDocument> UpdateAsync(string mailbox, StoredDocument current, string json, CancellationToken ct)
    {
        var folder = await folders.FindAsync(mailbox, ct) ?? throw new StoreConflictException($"There is no mailbox '{mailbox}' to update.");
        var number = long.Parse(current.Version[..current.Version.IndexOf('.', StringComparison.Ordinal)], CultureInfo.InvariantCulture) + 1;
        var now = time.GetUtcNow();
        var order = ClaimOrder.New(now);
        var started = timer.GetTimestamp();
        var mine = await WriteAsync(mailbox, folder, json, number, order, "pending", current.CreatedAt, now, ct);
        var settled = false;
        try
        {
            for (var round = 0; ; round++)
            {
                var heads = (await HeadsAsync(mailbox, folder, ct) ?? []).Where(h => h.Kind == Kind).ToList();
                foreach (var copy in heads.Where(h => h.Order == order && h.ItemId != mine.ItemId))
                    await graph.DeleteAsync($"{User(mailbox)}/messages/{Q(copy.ItemId)}", ct);
                var others = heads.Where(h => h.Order != order && !(h.Won == false && ClaimRule.IsAbandoned(h.Order, now))).ToList();
                var rivals = others.Where(h => h.Number == number).ToList();
                var verdict = others.Any(h => h.Won && h.Number > number) ? Verdict.Lose
                    : ClaimRule.Decide(1, rivals.Count(h => h.Won), rivals.Count(h => !h.Won && h.Order < order), rivals.Count(h => !h.Won && h.Order > order));
                if (verdict == Verdict.Win) break;
                if (verdict == Verdict.Lose || timer.GetElapsedTime(started) > ClaimRule.MaxWait)
                    throw new StoreConflictException($"The mailbox '{mailbox}' has changed since version '{current.Version}'; read it again and retry.");
                await Task.Delay(ClaimRule.Backoff(round), timer, ct);
            }
            var answer = await graph.PatchOwnAsync($"{User(mailbox)}/messages/{Q(mine.ItemId)}",
                new JsonObject { ["singleValueExtendedProperties"] = properties.Write((StateProperty, Won)) }, ct);
            if (!answer.Ok) throw Failure("update the calendar document", answer);
            settled = true;
        }
        finally
        {
            if (!settled) await TryDeleteAsync(mailbox, mine.ItemId);
        }
        // The versions before are history now; a crash here leaves them, and the highest settled one still wins.
        foreach (var old in (await HeadsAsync(mailbox, folder, ct) ?? []).Where(h => h.Kind == Kind && h.Number < number))
            await TryDeleteAsync(mailbox, old.ItemId);
        var stored = mine;
        _cache[mailbox] = stored;
        return stored;
    }

    private async Task<StoredDocument> WriteAsync(string mailbox, string folder, string json, long number, ClaimOrder order, string state,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, CancellationToken ct)
    {
        var created = await graph.SendAsync(HttpMethod.Post, HiddenFolders.Messages(mailbox, folder), new JsonObject
        {
            ["subject"] = $"Bookings calendar document (version {number.ToString(CultureInfo.InvariantCulture)})",
            ["body"] = Bodies.TextBody(json),
            ["singleValueExtendedProperties"] = properties.Write((HeadProperty, "1"), (KindProperty, Kind),
                (NumberProperty, number.ToString("D10", CultureInfo.InvariantCulture)), (OrderProperty, order.Value), (StateProperty, state),
                (CreatedAtProperty, Instants.Text(createdAt)), (UpdatedAtProperty, Instants.Text(updatedAt))),
        }, ct);
        if (created.Status == HttpStatusCode.NotFound)
        {
            folders.Forget(mailbox);
            throw new StoreConflictException($"There is no mailbox '{mailbox}' to write.");
        }
        MailboxUnreachableException.ThrowIfRefused(mailbox, created);
        if (!created.Ok) throw Failure("store the calendar document", created);
        var itemId = created.Body!["id"]!.GetValue<string>();
        var stored = new StoredDocument($"{number.ToString(CultureInfo.InvariantCulture)}.{order.Value[^32..]}", itemId, json, createdAt, updatedAt);
        if (state == Won) _cache[mailbox] = stored;
        return stored;
    }

    private async Task TryDeleteAsync(string mailbox, string itemId)
    {
        try { await graph.DeleteAsync($"{User(mailbox)}/messages/{Q(itemId)}", CancellationToken.None); }
        catch (HttpRequestException) { }
        catch (GraphStoreException) { }
    }
}
