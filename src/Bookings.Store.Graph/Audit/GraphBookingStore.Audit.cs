using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Admin;

namespace Bookings.Store.Graph;

/// <summary>
/// The audit log: one draft message per entry in the hidden folder of the entry's mailbox (subject <see cref="AuditSubject"/>,
/// the <see cref="AuditEntry"/> as JSON in its body, and the single-value properties <c>Kind</c> = audit and <c>AuditAt</c>,
/// the instant as fixed-width UTC text, so a range is a server-side <c>$filter</c> (<c>ge</c>/<c>lt</c> compare it as text,
/// which orders like time). Entries are never changed. Graph cannot order by an extended property, so a listing reads the
/// range (paged) and sorts it newest first here, then keeps <c>max</c>. There are no local accounts on Microsoft 365: an entry
/// without a mailbox is refused.
/// </summary>
public sealed partial class GraphBookingStore
{
    /// <summary>The subject of the draft messages that hold one audit entry each.</summary>
    public const string AuditSubject = "Bookings audit entry";

    private const string AuditKind = "audit";
    private const string AuditAtProperty = "AuditAt";
    private const int AuditPageSize = 250;

    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.MailboxId is null)
            throw new ArgumentException("The Microsoft 365 store keeps audit entries in a calendar's mailbox; an entry needs one.", nameof(entry));
        var folderId = await KnownFolderAsync(entry.MailboxId, ct) ?? throw new KeyNotFoundException($"There is no mailbox '{entry.MailboxId}'.");
        await RequireAsync("store an audit entry", HttpMethod.Post, $"{User(entry.MailboxId)}/mailFolders/{Q(folderId)}/messages",
            new JsonObject
            {
                ["subject"] = AuditSubject,
                ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = JsonSerializer.Serialize(entry, DataJson) },
                ["singleValueExtendedProperties"] = Properties((Property(KindProperty), AuditKind), (Property(AuditAtProperty), Instant(entry.At))),
            }, ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? mailboxId, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default)
    {
        if (max <= 0 || from >= to) return [];
        var mailboxes = mailboxId is null ? await ListRegistryAsync(ct) : [mailboxId];
        var found = new List<(AuditEntry Entry, string Created)>();
        foreach (var mailbox in mailboxes)
            found.AddRange(await ReadAuditAsync(mailbox, from, to, ct));
        return [.. found.OrderByDescending(e => e.Entry.At).ThenByDescending(e => e.Created, StringComparer.Ordinal)
            .ThenByDescending(e => e.Entry.Id, StringComparer.Ordinal).Take(max).Select(e => e.Entry)];
    }

    private async Task<List<(AuditEntry Entry, string Created)>> ReadAuditAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (await KnownFolderAsync(mailboxId, ct) is not { } folderId) return [];
        var filter = $"{PropertyFilter(KindProperty, AuditKind)} and {PropertyCompare(AuditAtProperty, "ge", Instant(from))} and {PropertyCompare(AuditAtProperty, "lt", Instant(to))}";
        var uri = $"{User(mailboxId)}/mailFolders/{Q(folderId)}/messages?$filter={Q(filter)}&$select=id,createdDateTime,body&$top={AuditPageSize}";
        var entries = new List<(AuditEntry, string)>();
        foreach (var item in await ListAllAsync("read the audit log", uri, ct, textBody: true))
        {
            var json = item["body"]?["content"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(json)) continue;
            AuditEntry? entry;
            try { entry = JsonSerializer.Deserialize<AuditEntry>(json.Trim(), DataJson); }
            catch (JsonException) { continue; }
            if (entry is null || entry.At < from || entry.At >= to) continue;
            entries.Add((entry with { MailboxId = entry.MailboxId ?? mailboxId }, item["createdDateTime"]?.GetValue<string>() ?? ""));
        }
        return entries;
    }

    private string PropertyCompare(string name, string op, string value) =>
        $"singleValueExtendedProperties/any(ep: ep/id eq '{Property(name)}' and ep/value {op} '{value.Replace("'", "''", StringComparison.Ordinal)}')";
}
