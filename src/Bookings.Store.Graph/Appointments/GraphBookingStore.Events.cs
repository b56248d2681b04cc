using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Store;

namespace Bookings.Store.Graph;

/// <summary>
/// How an appointment lives in the mailbox: one event; our data in single-value extended properties
/// under <see cref="GraphStoreOptions.PropertySetId"/>:
/// <list type="bullet">
/// <item><c>Kind</c> (appointment), <c>State</c> (hold, booked, cancelled), <c>AppointmentId</c>, <c>Staff</c>: short, filterable;</item>
/// <item><c>Data</c>: the appointment as JSON (service, staff, times, buffers, seats, attendees with their token hashes, sequence, our version);</item>
/// <item><c>Seat0</c>…<c>SeatN</c>: the manage-token hash of seat n, so a token is found with an equality filter
/// (Graph cannot filter on a substring of a property value, and one property name per hash would exhaust
/// the mailbox's named-property quota);</item>
/// <item><c>IdempotencyKey</c> + <c>Idempotency</c>: the first answer to an Idempotency-Key;</item>
/// <item><c>Outbox</c>: the notifications written by the same request as the change; <c>Pending</c> (1/0): whether any is pending (neither sent nor dropped), for the dispatcher's filter.</item>
/// </list>
/// Appointment.Version is our own GUID in Data (new on every write), so the composer can be shown the
/// version that the write will store; the event's changeKey is what makes each write conditional (If-Match).
/// </summary>
public sealed partial class GraphBookingStore
{
    private const string KindProperty = "Kind";
    private const string StateProperty = "State";
    private const string AppointmentIdProperty = "AppointmentId";
    private const string StaffProperty = "Staff";
    private const string DataProperty = "Data";
    private const string OutboxProperty = "Outbox";
    private const string PendingProperty = "Pending";
    private const string IdempotencyKeyProperty = "IdempotencyKey";
    private const string IdempotencyProperty = "Idempotency";
    private const string AppointmentKind = "appointment";
    private const string Hold = "hold";
    private const string Booked = "booked";
    private const string Cancelled = "cancelled";

    /// <summary>The widest buffer a calendar allows (one day): reads around an interval widen by it, since events span the appointment without buffers.</summary>
    private static readonly TimeSpan MaxBuffer = TimeSpan.FromDays(1);

    /// <summary>A hold older than this is a leftover of a crash: ignored and cleaned.</summary>
    public static readonly TimeSpan HoldLifetime = TimeSpan.FromMinutes(1);

    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    internal sealed record EventData(
        string AppointmentId, string ServiceId, string StaffId, DateTimeOffset Start, DateTimeOffset End, TimeSpan PreBuffer, TimeSpan PostBuffer,
        int Seats, string IcsUid, int Sequence, string Version, DateTimeOffset CreatedAt, List<Attendee> Attendees)
    {
        public DateTimeOffset BlockedStart => Start - PreBuffer;
        public DateTimeOffset BlockedEnd => End + PostBuffer;
        public int SeatsTaken => Attendees.Count(a => a.Status == AttendeeStatus.Booked);
    }

    private sealed record StoredEvent(string EventId, string ChangeKey, DateTimeOffset GraphCreated, string State, EventData Data,
        List<OutboxMessage> Outbox, IdempotencyRecord? Idempotency, string? JoinUrl = null)
    {
        public bool IsHold => State == Hold;
        public bool IsBooked => State == Booked;
    }

    private string[] EventProperties => [KindProperty, StateProperty, DataProperty, OutboxProperty, IdempotencyProperty];

    private string EventQuery => $"$select=id,changeKey,createdDateTime,start,end,onlineMeeting&{ExpandProperties(EventProperties)}";

    private string PropertyFilter(string name, string value) =>
        $"singleValueExtendedProperties/any(ep: ep/id eq '{Property(name)}' and ep/value eq '{value.Replace("'", "''", StringComparison.Ordinal)}')";

    private StoredEvent? ReadEvent(JsonObject e)
    {
        if (PropertyValue(e, KindProperty) != AppointmentKind) return null;
        var data = PropertyValue(e, DataProperty) is { } json ? JsonSerializer.Deserialize<EventData>(json, DataJson) : null;
        if (data is null) return null;
        var outbox = PropertyValue(e, OutboxProperty) is { } o ? JsonSerializer.Deserialize<List<OutboxMessage>>(o, DataJson) ?? [] : [];
        var idempotency = PropertyValue(e, IdempotencyProperty) is { } i ? JsonSerializer.Deserialize<IdempotencyRecord>(i, DataJson) : null;
        return new StoredEvent(e["id"]!.GetValue<string>(), e["changeKey"]!.GetValue<string>(),
            ParseInstant(e["createdDateTime"]?.GetValue<string>()) ?? default, PropertyValue(e, StateProperty) ?? Hold, data, outbox, idempotency,
            JoinUrlOf(e));
    }

    private static Appointment ToAppointment(string mailboxId, StoredEvent e) => new(
        e.Data.AppointmentId, mailboxId, e.Data.ServiceId, e.Data.StaffId, e.Data.Start, e.Data.End, e.Data.PreBuffer, e.Data.PostBuffer,
        e.Data.Seats, e.State == Cancelled ? AppointmentStatus.Cancelled : AppointmentStatus.Booked, [.. e.Data.Attendees],
        e.Data.IcsUid, e.Data.Sequence, e.Data.Version, e.Data.CreatedAt, e.JoinUrl);

    /// <summary>The Teams join link Exchange made for an online event (isOnlineMeeting + teamsForBusiness), if any.</summary>
    private static string? JoinUrlOf(JsonObject e) =>
        e["onlineMeeting"] is JsonObject meeting && meeting["joinUrl"]?.GetValue<string>() is { Length: > 0 } url ? url : null;

    /// <summary>Our events (holds included) whose event interval meets [from, to), through calendarView with paging.</summary>
    private async Task<List<StoredEvent>> CalendarViewAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        [.. (await CalendarViewItemsAsync(mailboxId, from, to, EventQuery, "read the calendar", ct)).Select(ReadEvent).OfType<StoredEvent>()];

    /// <summary>Every item of the calendar whose interval meets [from, to), as Graph wrote it (calendarView with paging).</summary>
    private async Task<List<JsonObject>> CalendarViewItemsAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, string query, string what, CancellationToken ct)
    {
        var uri = $"{User(mailboxId)}/calendar/calendarView?startDateTime={Q(Instant(from))}&endDateTime={Q(Instant(to))}&$top=100&{query}";
        var answer = await SendAsync(HttpMethod.Get, uri, null, ct);
        if (answer.Status == HttpStatusCode.NotFound) throw new KeyNotFoundException($"There is no mailbox '{mailboxId}'.");
        if (!answer.Ok) throw Failure(what, answer);
        var items = answer.Body?["value"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        if (answer.Body?["@odata.nextLink"]?.GetValue<string>() is { } next)
            items.AddRange(await ListAllAsync(what, next, ct));
        return items;
    }

    /// <summary>Our events carrying a property value (an equality filter on /events, no window).</summary>
    private async Task<List<StoredEvent>> FindEventsAsync(string mailboxId, string property, string value, CancellationToken ct)
    {
        var uri = $"{User(mailboxId)}/events?$filter={Q(PropertyFilter(property, value))}&{EventQuery}";
        var answer = await SendAsync(HttpMethod.Get, uri, null, ct);
        if (answer.Status == HttpStatusCode.NotFound) return [];
        if (!answer.Ok) throw Failure("find events", answer);
        var items = answer.Body?["value"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        if (answer.Body?["@odata.nextLink"]?.GetValue<string>() is { } next)
            items.AddRange(await ListAllAsync("find events", next, ct));
        return [.. items.Select(ReadEvent).OfType<StoredEvent>()];
    }

    private async Task<StoredEvent?> FindAppointmentEventAsync(string mailboxId, string appointmentId, CancellationToken ct) =>
        (await FindEventsAsync(mailboxId, AppointmentIdProperty, appointmentId, ct)).FirstOrDefault(e => !e.IsHold);

    private async Task<StoredEvent?> GetEventAsync(string mailboxId, string eventId, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Get, $"{User(mailboxId)}/events/{Q(eventId)}?{EventQuery}", null, ct);
        if (answer.Status == HttpStatusCode.NotFound) return null;
        if (!answer.Ok) throw Failure("read the event", answer);
        return ReadEvent(answer.Body!);
    }

    private static JsonObject DateTimeTimeZone(DateTimeOffset instant) => new()
    {
        ["dateTime"] = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = "UTC",
    };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, DataJson);

    // The properties one write sets; the seat properties carry the manage-token hashes.
    private JsonArray EventPropertiesFor(string state, EventData data, IReadOnlyList<OutboxMessage> outbox, IdempotencyRecord? idempotency)
    {
        var properties = new List<(string, string)>
        {
            (Property(KindProperty), AppointmentKind),
            (Property(StateProperty), state),
            (Property(AppointmentIdProperty), data.AppointmentId),
            (Property(StaffProperty), data.StaffId),
            (Property(DataProperty), Json(data)),
            (Property(OutboxProperty), Json(outbox)),
            (Property(PendingProperty), Pending(outbox) ? "1" : "0"),
        };
        for (var i = 0; i < data.Attendees.Count; i++)
            properties.Add((Property($"Seat{i}"), data.Attendees[i].ManageTokenHash));
        if (idempotency is not null)
        {
            properties.Add((Property(IdempotencyKeyProperty), idempotency.Key));
            properties.Add((Property(IdempotencyProperty), Json(idempotency)));
        }
        return Properties([.. properties]);
    }

    private async Task<bool> DeleteEventAsync(string mailboxId, string eventId, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Delete, $"{User(mailboxId)}/events/{Q(eventId)}", null, ct);
        return answer.Ok;
    }
}
