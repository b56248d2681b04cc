using System.Net;
using System.Text.Json.Nodes;
using Bookings.Core.Store;

namespace Bookings.Store.Graph;

/// <summary>
/// Time off and closures are events in the mailbox calendar with the <c>Time off</c> category, shown as
/// out of office, carrying Kind=timeoff, TimeOffId, Staff (empty for a closure) and Reason as extended properties.
/// </summary>
public sealed partial class GraphBookingStore
{
    public const string TimeOffCategory = "Time off";
    private const string TimeOffKind = "timeoff";
    private const string TimeOffIdProperty = "TimeOffId";
    private const string ReasonProperty = "Reason";

    private string TimeOffQuery => $"$select=id,start,end,categories&{ExpandProperties(KindProperty, TimeOffIdProperty, StaffProperty, ReasonProperty)}";

    public async Task<IReadOnlyList<TimeOff>> ListTimeOffAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        TimeOffIn(mailboxId, await CalendarViewItemsAsync(mailboxId, from, to, TimeOffQuery, "read the time off", ct), from, to);

    private List<TimeOff> TimeOffIn(string mailboxId, IEnumerable<JsonObject> items, DateTimeOffset from, DateTimeOffset to) =>
        [.. items.Select(e => ReadTimeOff(mailboxId, e)).OfType<TimeOff>()
            .Where(t => t.End > from && t.Start < to).OrderBy(t => t.Start).ThenBy(t => t.Id, StringComparer.Ordinal)];

    public async Task<TimeOff> AddTimeOffAsync(TimeOff timeOff, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(timeOff);
        if (timeOff.End <= timeOff.Start) throw new ArgumentException("Time off must end after it starts.", nameof(timeOff));
        var mailbox = await GetMailboxAsync(timeOff.MailboxId, ct) ?? throw new KeyNotFoundException($"There is no mailbox '{timeOff.MailboxId}'.");
        var stored = timeOff with { MailboxId = mailbox.Id, Id = string.IsNullOrEmpty(timeOff.Id) ? "off-" + NewVersion()[..16] : timeOff.Id };
        await RequireAsync("store the time off", HttpMethod.Post, $"{User(mailbox.Id)}/calendar/events", new JsonObject
        {
            ["subject"] = stored.Reason is { Length: > 0 } reason ? reason : TimeOffCategory,
            ["start"] = DateTimeTimeZone(stored.Start),
            ["end"] = DateTimeTimeZone(stored.End),
            ["showAs"] = "oof",
            ["isReminderOn"] = false,
            ["categories"] = new JsonArray(TimeOffCategory),
            ["transactionId"] = stored.Id,
            ["singleValueExtendedProperties"] = Properties(
                (Property(KindProperty), TimeOffKind),
                (Property(TimeOffIdProperty), stored.Id),
                (Property(StaffProperty), stored.StaffId ?? ""),
                (Property(ReasonProperty), stored.Reason ?? "")),
        }, ct);
        return stored;
    }

    public async Task<bool> DeleteTimeOffAsync(string mailboxId, string timeOffId, CancellationToken ct = default)
    {
        var uri = $"{User(mailboxId)}/events?$filter={Q(PropertyFilter(TimeOffIdProperty, timeOffId))}&{TimeOffQuery}";
        var answer = await SendAsync(HttpMethod.Get, uri, null, ct);
        if (!answer.Ok) return false;
        var deleted = false;
        foreach (var e in answer.Body?["value"]?.AsArray().OfType<JsonObject>() ?? [])
            if (PropertyValue(e, KindProperty) == TimeOffKind)
                deleted |= await DeleteEventAsync(mailboxId, e["id"]!.GetValue<string>(), ct);
        return deleted;
    }

    private TimeOff? ReadTimeOff(string mailboxId, JsonObject e)
    {
        if (PropertyValue(e, KindProperty) != TimeOffKind || PropertyValue(e, TimeOffIdProperty) is not { } id) return null;
        var staff = PropertyValue(e, StaffProperty);
        var reason = PropertyValue(e, ReasonProperty);
        return new TimeOff(id, mailboxId, string.IsNullOrEmpty(staff) ? null : staff,
            ReadDateTimeTimeZone(e["start"]), ReadDateTimeTimeZone(e["end"]), string.IsNullOrEmpty(reason) ? null : reason);
    }

    // The store writes UTC and reads with the default (UTC) answer time zone.
    private static DateTimeOffset ReadDateTimeTimeZone(JsonNode? node) =>
        ParseInstant(node?["dateTime"]?.GetValue<string>()) ?? throw new InvalidDataException("An event without a start or end.");
}
