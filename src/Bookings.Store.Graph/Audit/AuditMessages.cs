using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Admin;
using Bookings.Core.Store;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Mailboxes;

namespace Bookings.Store.Graph.Audit;

/// <summary>
/// The audit log of admin changes on Exchange: one draft message per entry in the calendar's hidden folder, the entry as JSON in the
/// body. Graph filters our string properties by equality only (no <c>ge</c>/<c>lt</c>: api-reference/v1.0/api/singlevaluelegacyextendedproperty-get.md),
/// so an entry carries the month it was made in (<c>AuditMonth = yyyy-MM</c>, digits: the case of the comparison is moot); a listing
/// asks for each month of its range (one filtered read each, paged) and keeps the exact range itself, newest first. Copies of one entry
/// (a replayed POST) are read as one (by the entry's id).
/// </summary>
internal sealed class AuditMessages(GraphClient graph, ItemProperties properties, HiddenFolders folders, MailboxCatalog catalog) : IAuditStore
{
    private const string KindProperty = "Kind";
    private const string Kind = "audit";
    private const string MonthProperty = "AuditMonth";
    private const string OrderProperty = "AuditOrder";

    // Entries of one instant keep the order they were written in: the instant, then this process's own count, then a nonce (two
    // processes writing in one tick are ordered arbitrarily but alike for every reader). Graph documents no order of a list.
    private static long s_written;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static IEnumerable<DateTimeOffset> Months(DateTimeOffset first, DateTimeOffset to)
    {
        for (var month = first; month < to; month = month.AddMonths(1)) yield return month;
    }

    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // There are no local accounts on Microsoft 365: every admin change belongs to a calendar.
        if (entry.MailboxId is null) throw new ArgumentException("On the Microsoft 365 store every audit entry belongs to a calendar.", nameof(entry));
        var folder = await folders.FindOrCreateAsync(entry.MailboxId, ct);
        await graph.RequireAsync("write the audit log", HttpMethod.Post, HiddenFolders.Messages(entry.MailboxId, folder), new JsonObject
        {
            ["subject"] = $"Bookings audit entry: {entry.Action}",
            ["body"] = Bodies.TextBody(JsonSerializer.Serialize(entry, Json)),
            ["singleValueExtendedProperties"] = properties.Write((KindProperty, Kind), (MonthProperty, Month(entry.At)),
                (OrderProperty, $"{entry.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{Interlocked.Increment(ref s_written).ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}")),
        }, ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? mailboxId, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default)
    {
        if (max <= 0 || to <= from) return [];
        var mailboxes = mailboxId is null ? await catalog.AddressesAsync(ct) : [mailboxId];
        var entries = new List<(AuditEntry Entry, string Order)>();
        foreach (var mailbox in mailboxes)
        {
            var folder = await folders.FindAsync(mailbox, ct);
            if (folder is null) continue;
            // A range of up to two years asks month by month; a longer one reads the whole log once.
            var first = new DateTimeOffset(Math.Max(1, from.UtcDateTime.Year), from.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var filters = (to - first).TotalDays > 731
                ? [properties.LiteralFilter(KindProperty, Kind)]
                : Months(first, to).Select(m => properties.LiteralFilter(MonthProperty, Month(m))).ToList();
            foreach (var filter in filters)
            {
                var items = await graph.ListAllAsync("read the audit log",
                    $"{HiddenFolders.Messages(mailbox, folder)}?{filter}&$select=id,body&$top=250&{properties.Expand(KindProperty, OrderProperty)}",
                    ct, textBody: true, notFoundIsEmpty: true);
                foreach (var item in items.Where(i => properties.Read(i, KindProperty) == Kind))
                {
                    AuditEntry? entry;
                    try { entry = Bodies.Text(item) is { Length: > 0 } text ? JsonSerializer.Deserialize<AuditEntry>(text, Json) : null; }
                    catch (JsonException) { entry = null; }
                    if (entry is not null && entry.At >= from && entry.At < to) entries.Add((entry, properties.Read(item, OrderProperty) ?? ""));
                }
            }
        }
        return [.. entries.DistinctBy(e => e.Entry.Id).OrderByDescending(e => e.Entry.At).ThenByDescending(e => e.Order, StringComparer.Ordinal)
            .Select(e => e.Entry).Take(max)];
    }
}
