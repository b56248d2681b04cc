using System.Net;
using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Mailboxes;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Records;

/// <summary>What one read of the mailbox calendar found: our seat records and time off (other events of the mailbox are left out).</summary>
internal sealed record CalendarRead(IReadOnlyList<SeatRecord> Seats, IReadOnlyList<TimeOff> TimeOff);

/// <summary>
/// Reads of the mailbox calendar. A window is one <c>calendarView</c> (startDateTime and endDateTime are required; <c>$top</c> up to
/// 1000; paging through <c>@odata.nextLink</c>: api-reference/v1.0/api/user-list-calendarview.md) selecting only
/// <c>id,start,end</c> and our properties — never <c>createdDateTime</c> or <c>lastModifiedDateTime</c>, which calendarView does not
/// let one <c>$select</c>. A lookup by one of our keys is one filtered <c>/events</c> list (api-reference/v1.0/api/user-list-events.md).
/// </summary>
internal sealed class RecordReader(GraphClient graph, ItemProperties properties, SeatRecords records)
{
    /// <summary>The widest buffer a calendar allows: records span the appointment without its buffers, so windows widen by it.</summary>
    public static readonly TimeSpan MaxBuffer = TimeSpan.FromDays(1);

    public async Task<CalendarRead> WindowAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, bool lean, CancellationToken ct)
    {
        var items = await CalendarViewAsync(mailboxId, from, to, lean ? records.ExpandLean : records.Expand, ct);
        return new CalendarRead([.. items.Select(records.Read).OfType<SeatRecord>()], [.. items.Select(i => records.ReadTimeOff(mailboxId, i)).OfType<TimeOff>()]);
    }

    public async Task<List<JsonObject>> CalendarViewAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, string expand, CancellationToken ct)
    {
        var uri = $"{User(mailboxId)}/calendar/calendarView?startDateTime={Q(Instants.Text(from))}&endDateTime={Q(Instants.Text(to))}&$top=250&$select=id,start,end&{expand}";
        var answer = await graph.SendAsync(HttpMethod.Get, uri, null, ct);
        if (answer.Status == HttpStatusCode.NotFound) throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");
        MailboxUnreachableException.ThrowIfRefused(mailboxId, answer);
        if (!answer.Ok) throw Failure("read the calendar", answer);
        var items = answer.Values.OfType<JsonObject>().ToList();
        if (answer.NextLink is { } next) items.AddRange(await graph.ListAllAsync("read the calendar", next, ct));
        return items;
    }

    /// <summary>The seat records whose <paramref name="property"/> holds the key of <paramref name="value"/>.</summary>
    public async Task<List<SeatRecord>> SeatsByKeyAsync(string mailboxId, string property, string value, CancellationToken ct) =>
        [.. (await EventsAsync(mailboxId, properties.KeyFilter(property, value), records.Expand, ct)).Select(records.Read).OfType<SeatRecord>()];

    /// <summary>The seat records carrying a literal (<c>Pending = 1</c>).</summary>
    public async Task<List<SeatRecord>> SeatsByLiteralAsync(string mailboxId, string property, string literal, CancellationToken ct) =>
        [.. (await EventsAsync(mailboxId, properties.LiteralFilter(property, literal), records.Expand, ct)).Select(records.Read).OfType<SeatRecord>()];

    public async Task<List<JsonObject>> EventsAsync(string mailboxId, string filter, string expand, CancellationToken ct)
    {
        var answer = await graph.SendAsync(HttpMethod.Get, $"{User(mailboxId)}/events?{filter}&$select=id,start,end&$top=100&{expand}", null, ct);
        if (answer.Status == HttpStatusCode.NotFound) return [];
        MailboxUnreachableException.ThrowIfRefused(mailboxId, answer);
        if (!answer.Ok) throw Failure("find events", answer);
        var items = answer.Values.OfType<JsonObject>().ToList();
        if (answer.NextLink is { } next) items.AddRange(await graph.ListAllAsync("find events", next, ct));
        return items;
    }
}
