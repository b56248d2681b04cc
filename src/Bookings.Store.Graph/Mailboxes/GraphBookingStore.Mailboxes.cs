using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bookings.Core.Calendars;
using Bookings.Core.Store;

namespace Bookings.Store.Graph;

/// <summary>
/// Mailboxes: the registry is <c>GET /solutions/bookingBusinesses</c> ∪ the adopted mailboxes of
/// <see cref="GraphStoreOptions"/>; each holds its calendar document as the body of one draft message
/// in a hidden mail folder, and the message's changeKey is the document version. Documents are cached
/// per mailbox by changeKey: a read of a known mailbox is one small request (<c>$select=changeKey</c>)
/// and downloads the body only when it changed.
/// </summary>
public sealed partial class GraphBookingStore
{
    public const string SharedMailbox = "SharedMailbox";

    private const string CreatedAtProperty = "CreatedAt";
    private const string UpdatedAtProperty = "UpdatedAt";

    private sealed record DocumentLocation(string FolderId, string MessageId);

    private sealed record CachedDocument(string ChangeKey, string Json, string Slug, string DisplayName, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private readonly ConcurrentDictionary<string, DocumentLocation> _locations = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, CachedDocument> _documents = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken ct = default)
    {
        var ids = await ListRegistryAsync(ct);
        // One mailbox per request in flight, a few mailboxes at once (the transport caps each mailbox at 4).
        var mailboxes = new ConcurrentBag<Mailbox>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, token) =>
        {
            if (await ReadMailboxAsync(id, verified: true, token) is { } mailbox) mailboxes.Add(mailbox);
        });
        return [.. mailboxes.OrderBy(m => m.Slug, StringComparer.Ordinal)];
    }

    public Task<Mailbox?> GetMailboxAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ReadMailboxAsync(id, verified: false, ct);
    }

    public async Task<Mailbox?> GetMailboxBySlugAsync(string slug, CancellationToken ct = default)
    {
        // A slug names a mailbox through its document; a cached guess is revalidated with one small read.
        foreach (var (id, cached) in _documents)
            if (cached.Slug == slug && await ReadMailboxAsync(id, verified: false, ct) is { } hit && hit.Slug == slug)
                return hit;
        return (await ListMailboxesAsync(ct)).FirstOrDefault(m => m.Slug == slug);
    }

    public async Task<MailboxStamp?> GetMailboxStampAsync(string slug, CancellationToken ct = default) =>
        await GetMailboxBySlugAsync(slug, ct) is { } m ? new MailboxStamp(m.Id, m.Version) : null;

    public async Task<Mailbox> CreateMailboxAsync(CalendarDocument document, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        CalendarValidator.ThrowIfInvalid(document);
        var doc = CalendarJson.Clone(document);
        doc.Id ??= MailboxAddress.ForSlug(doc.Slug);

        var existing = await ListMailboxesAsync(ct);
        if (existing.Any(m => string.Equals(m.Id, doc.Id, StringComparison.OrdinalIgnoreCase)))
            throw new StoreConflictException($"The mailbox address '{doc.Id}' is taken.");
        ThrowIfSlugTaken(existing, doc.Slug, exceptId: null);

        var adopted = IsAdopted(doc.Id);
        if (!adopted)
        {
            // POST /solutions/bookingBusinesses makes a real scheduling mailbox; its id is the SMTP address.
            var created = await SendAsync(HttpMethod.Post, "solutions/bookingBusinesses",
                new JsonObject { ["displayName"] = doc.DisplayName, ["email"] = doc.Id }, ct);
            // 409 right after the registry said the address was free: our own POST whose answer was lost and
            // that the transport retried, or a racing creator; the document check below tells them apart.
            if (!created.Ok && created.Status != HttpStatusCode.Conflict) throw Failure("create the scheduling mailbox", created);
            doc.Id = created.Body?["id"]?.GetValue<string>() ?? doc.Id;
        }

        var folderId = await FindFolderAsync(doc.Id, ct) ?? await CreateFolderAsync(doc.Id, ct);
        var present = await RequireAsync("read the calendar document", HttpMethod.Get, $"{User(doc.Id)}/mailFolders/{Q(folderId)}/messages?{DocumentFilter}&$top=1&$select=id", null, ct);
        if (present.Body?["value"]?.AsArray().Count > 0)
            throw new StoreConflictException($"The mailbox address '{doc.Id}' is taken.");
        var now = _time.GetUtcNow();
        var json = CalendarJson.Serialize(doc, indented: false);
        var message = await RequireAsync("store the calendar document", HttpMethod.Post, $"{User(doc.Id)}/mailFolders/{Q(folderId)}/messages",
            new JsonObject
            {
                ["subject"] = _options.DocumentSubject,
                ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = json },
                ["singleValueExtendedProperties"] = Properties((Property(CreatedAtProperty), Instant(now)), (Property(UpdatedAtProperty), Instant(now))),
            }, ct);
        var messageId = message.Body!["id"]!.GetValue<string>();
        var changeKey = message.Body!["changeKey"]!.GetValue<string>();
        _locations[doc.Id] = new DocumentLocation(folderId, messageId);
        return Remember(doc.Id, new CachedDocument(changeKey, json, doc.Slug, doc.DisplayName, now, now));
    }

    public async Task<Mailbox> UpdateMailboxAsync(string id, CalendarDocument document, string expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        CalendarValidator.ThrowIfInvalid(document);
        var doc = CalendarJson.Clone(document);

        var current = MailboxUpdates.Check(await ReadMailboxAsync(id, verified: false, ct), id, doc, expectedVersion);
        if (doc.Slug != current.Slug)
            ThrowIfSlugTaken(await ListMailboxesAsync(ct), doc.Slug, exceptId: current.Id);

        var location = _locations[current.Id];
        var now = _time.GetUtcNow();
        var json = CalendarJson.Serialize(doc, indented: false);
        // The changeKey is the version: If-Match makes the write conditional, a stale one answers 412.
        var patched = await SendAsync(HttpMethod.Patch, $"{User(current.Id)}/messages/{Q(location.MessageId)}",
            new JsonObject
            {
                ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = json },
                ["singleValueExtendedProperties"] = Properties((Property(UpdatedAtProperty), Instant(now))),
            }, ct, ifMatch: expectedVersion);
        if (patched.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            throw new StoreConflictException($"The mailbox '{current.Id}' has changed since version '{expectedVersion}'; read it again and retry.");
        if (patched.Status == HttpStatusCode.NotFound)
        {
            Forget(current.Id);
            throw new StoreConflictException($"There is no mailbox '{id}' to update.");
        }
        if (!patched.Ok) throw Failure("update the calendar document", patched);
        var changeKey = patched.Body!["changeKey"]!.GetValue<string>();
        return Remember(current.Id, new CachedDocument(changeKey, json, doc.Slug, doc.DisplayName, current.CreatedAt, now));
    }

    public async Task<bool> DeleteMailboxAsync(string id, CancellationToken ct = default)
    {
        var current = await ReadMailboxAsync(id, verified: false, ct);
        if (current is null) return false;
        GraphAnswer answer;
        if (IsAdopted(current.Id))
        {
            // An adopted mailbox is not ours to delete: its hidden folder (and the document) goes.
            answer = await SendAsync(HttpMethod.Delete, $"{User(current.Id)}/mailFolders/{Q(_locations[current.Id].FolderId)}", null, ct);
        }
        else
        {
            answer = await SendAsync(HttpMethod.Delete, $"solutions/bookingBusinesses/{Q(current.Id)}", null, ct);
        }
        Forget(current.Id);
        if (answer.Status == HttpStatusCode.NotFound) return false;
        if (!answer.Ok) throw Failure("delete the mailbox", answer);
        return true;
    }

    // ---- registry and documents -------------------------------------------------------------------

    private bool IsAdopted(string id) => _options.AdoptedMailboxes.Contains(id, StringComparer.OrdinalIgnoreCase);

    private async Task<IReadOnlyList<string>> ListRegistryAsync(CancellationToken ct)
    {
        var businesses = await ListAllAsync("list the booking businesses", "solutions/bookingBusinesses?$select=id,displayName", ct);
        return [.. businesses.Select(b => b["id"]!.GetValue<string>()).Concat(_options.AdoptedMailboxes).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Whether the address is in the registry, asked only when the mailbox is not cached yet.</summary>
    private async Task<bool> IsRegisteredAsync(string id, CancellationToken ct)
    {
        if (IsAdopted(id)) return true;
        var answer = await SendAsync(HttpMethod.Get, $"solutions/bookingBusinesses/{Q(id)}?$select=id", null, ct);
        if (answer.Status == HttpStatusCode.NotFound) return false;
        if (!answer.Ok) throw Failure("read the booking business", answer);
        return true;
    }

    private async Task<Mailbox?> ReadMailboxAsync(string id, bool verified, CancellationToken ct)
    {
        // Known mailbox: one small read of the changeKeys of the document and the staff sync message (so availability knows
        // whether its copy of the sync states is current), found by subject; the body only when it moved.
        if (_locations.TryGetValue(id, out var location) && _documents.TryGetValue(id, out var cached))
        {
            var listing = await SendAsync(HttpMethod.Get, $"{User(id)}/mailFolders/{Q(location.FolderId)}/messages?{RevalidationFilter}&$select=id,changeKey,subject&$top=10", null, ct);
            if (!listing.Ok && listing.Status != HttpStatusCode.NotFound) throw Failure("read the calendar document", listing);
            var inFolder = listing.Ok ? listing.Body?["value"]?.AsArray().OfType<JsonObject>().ToList() ?? [] : [];
            NoteSyncMessage(id, inFolder.FirstOrDefault(m => m["subject"]?.GetValue<string>() == SyncSubject));
            var stamp = inFolder.FirstOrDefault(m => m["id"]?.GetValue<string>() == location.MessageId);
            if (stamp?["changeKey"]?.GetValue<string>() == cached.ChangeKey)
                return ToMailbox(id, cached);
            Forget(id);
            if (stamp is not null)
            {
                var message = await SendAsync(HttpMethod.Get, $"{User(id)}/messages/{Q(location.MessageId)}?$select=id,changeKey,body&{ExpandProperties(CreatedAtProperty, UpdatedAtProperty)}", null, ct, textBody: true);
                if (message.Ok)
                {
                    _locations[id] = location;
                    return Remember(id, ReadDocument(message.Body!));
                }
                if (message.Status != HttpStatusCode.NotFound) throw Failure("read the calendar document", message);
            }
        }

        if (!verified && !await IsRegisteredAsync(id, ct)) return null;
        var folderId = await FindFolderAsync(id, ct);
        if (folderId is null) return null;
        var messages = await SendAsync(HttpMethod.Get,
            $"{User(id)}/mailFolders/{Q(folderId)}/messages?{DocumentFilter}&$top=1&$select=id,changeKey,body&{ExpandProperties(CreatedAtProperty, UpdatedAtProperty)}", null, ct, textBody: true);
        if (messages.Status == HttpStatusCode.NotFound) return null;
        if (!messages.Ok) throw Failure("read the calendar document", messages);
        var first = messages.Body?["value"]?.AsArray().OfType<JsonObject>().FirstOrDefault();
        if (first is null) return null;
        _locations[id] = new DocumentLocation(folderId, first["id"]!.GetValue<string>());
        return Remember(id, ReadDocument(first));
    }

    private CachedDocument ReadDocument(JsonObject message)
    {
        var json = message["body"]?["content"]?.GetValue<string>() ?? throw new InvalidDataException("The calendar document message has no body.");
        var doc = CalendarJson.Parse(json);
        var created = ParseInstant(PropertyValue(message, CreatedAtProperty)) ?? ParseInstant(message["createdDateTime"]?.GetValue<string>()) ?? default;
        var updated = ParseInstant(PropertyValue(message, UpdatedAtProperty)) ?? created;
        return new CachedDocument(message["changeKey"]!.GetValue<string>(), json, doc.Slug, doc.DisplayName, created, updated);
    }

    /// <summary>
    /// The mailbox as this instance last read it, without a revalidation request: for a booking, whose caller has just
    /// read (and so revalidated) it, and which takes from it only the event's subject and the staff attendee.
    /// </summary>
    private async Task<Mailbox?> KnownMailboxAsync(string id, CancellationToken ct) =>
        _documents.TryGetValue(id, out var cached) ? ToMailbox(id, cached) : await ReadMailboxAsync(id, verified: false, ct);

    private Mailbox Remember(string id, CachedDocument cached)
    {
        _documents[id] = cached;
        return ToMailbox(id, cached);
    }

    private string DocumentFilter => "$filter=" + Q($"subject eq '{_options.DocumentSubject.Replace("'", "''", StringComparison.Ordinal)}'");

    // The document and the staff sync message by subject: the folder also holds outbox messages (any number of them), so
    // the revalidation must not rely on the two being among the first few.
    private string RevalidationFilter =>
        "$filter=" + Q($"subject eq '{_options.DocumentSubject.Replace("'", "''", StringComparison.Ordinal)}' or subject eq '{SyncSubject}'");

    private void Forget(string id)
    {
        _syncStates.TryRemove(id, out _);
        _syncStamps.TryRemove(id, out _);
        _documents.TryRemove(id, out _);
        _locations.TryRemove(id, out _);
    }

    // Every caller gets its own parsed copy; the cache keeps the JSON the changeKey names.
    private Mailbox ToMailbox(string id, CachedDocument cached)
    {
        var doc = CalendarJson.Parse(cached.Json);
        doc.Id ??= id;
        return new Mailbox(doc.Id, doc.Slug, doc.DisplayName, IsAdopted(id) ? SharedMailbox : Mailbox.SchedulingMailbox,
            cached.ChangeKey, doc, cached.CreatedAt, cached.UpdatedAt);
    }

    private async Task<string?> FindFolderAsync(string mailbox, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Get, $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100", null, ct);
        if (answer.Status == HttpStatusCode.NotFound) return null;
        if (!answer.Ok) throw Failure("list the mail folders", answer);
        var folders = answer.Body?["value"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var next = answer.Body?["@odata.nextLink"]?.GetValue<string>();
        if (next is not null) folders.AddRange(await ListAllAsync("list the mail folders", next, ct));
        return folders.FirstOrDefault(f => string.Equals(f["displayName"]?.GetValue<string>(), _options.FolderName, StringComparison.OrdinalIgnoreCase))?["id"]?.GetValue<string>();
    }

    private async Task<string> CreateFolderAsync(string mailbox, CancellationToken ct)
    {
        var created = await SendAsync(HttpMethod.Post, $"{User(mailbox)}/mailFolders",
            new JsonObject { ["displayName"] = _options.FolderName, ["isHidden"] = true }, ct);
        if (created.Status == HttpStatusCode.Conflict && await FindFolderAsync(mailbox, ct) is { } raced) return raced;
        if (!created.Ok) throw Failure("create the hidden folder", created);
        return created.Body!["id"]!.GetValue<string>();
    }

    private static void ThrowIfSlugTaken(IEnumerable<Mailbox> mailboxes, string slug, string? exceptId)
    {
        var holder = mailboxes.FirstOrDefault(m => m.Slug == slug && !string.Equals(m.Id, exceptId, StringComparison.OrdinalIgnoreCase));
        if (holder is not null) throw new StoreConflictException($"The slug '{slug}' is taken by the mailbox '{holder.Id}'.");
    }

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseInstant(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant) ? instant : null;
}
