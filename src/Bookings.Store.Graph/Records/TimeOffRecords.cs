using System.Net;
using Bookings.Core.Store;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Mailboxes;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Records;

/// <summary>Time off and closures: events shown as out of office (<c>Kind = timeoff</c>, <see cref="SeatRecords.NewTimeOff"/>), read with the calendar's window.</summary>
internal sealed class TimeOffRecords(GraphClient graph, SeatRecords records, RecordReader reader, MailboxCatalog catalog) : ITimeOffStore
{
    public async Task<IReadOnlyList<TimeOff>> ListTimeOffAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        In((await reader.WindowAsync(mailboxId, from, to, lean: true, ct)).TimeOff, from, to);

    /// <summary>The time off of a window that meets [from, to), once each, in order of start and id.</summary>
    public static List<TimeOff> In(IEnumerable<TimeOff> timeOff, DateTimeOffset from, DateTimeOffset to) =>
        [.. timeOff.Where(t => t.End > from && t.Start < to).DistinctBy(t => t.Id).OrderBy(t => t.Start).ThenBy(t => t.Id, StringComparer.Ordinal)];

    public async Task<TimeOff> AddTimeOffAsync(TimeOff timeOff, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(timeOff);
        if (timeOff.End <= timeOff.Start) throw new ArgumentException("Time off must end after it starts.", nameof(timeOff));
        var mailbox = await catalog.GetMailboxAsync(timeOff.MailboxId, ct) ?? throw new KeyNotFoundException($"There is no mailbox '{timeOff.MailboxId}'.");
        var stored = timeOff with { MailboxId = mailbox.Id, Id = string.IsNullOrEmpty(timeOff.Id) ? "off-" + Guid.NewGuid().ToString("N")[..16] : timeOff.Id };
        var created = await graph.SendAsync(HttpMethod.Post, $"{User(mailbox.Id)}/calendar/events", records.NewTimeOff(stored), ct);
        // 409: transactionId answered for a POST the transport replayed; the first one is stored.
        if (!created.Ok && created.Status != HttpStatusCode.Conflict) throw Failure("store the time off", created);
        return stored;
    }

    public async Task<bool> DeleteTimeOffAsync(string mailboxId, string timeOffId, CancellationToken ct = default)
    {
        var items = await reader.EventsAsync(mailboxId, records.TimeOffKeyFilter(timeOffId), records.ExpandLean, ct);
        var deleted = false;
        foreach (var e in items.Where(e => records.ReadTimeOff(mailboxId, e)?.Id == timeOffId))
            deleted |= await graph.DeleteAsync($"{User(mailboxId)}/events/{Q(e["id"]!.GetValue<string>())}", ct);
        return deleted;
    }
}
