using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Store.Graph.Claims;
using Bookings.Store.Graph.Client;

namespace Bookings.Store.Graph.Records;

/// <summary>
/// The state of a seat record: a claim on a slot not yet settled (hold), a claim to cancel a seat not yet settled (pending), a settled
/// seat (booked, cancelled), or a seat that a later record of it replaced (superseded).
/// </summary>
internal enum SeatState { Hold, Pending, Booked, Cancelled, Superseded }

/// <summary>What a seat record says of its seat and its appointment (the <c>Data</c> property, JSON).</summary>
internal sealed record SeatData(
    string AppointmentId, string ServiceId, string StaffId, DateTimeOffset Start, DateTimeOffset End, TimeSpan PreBuffer, TimeSpan PostBuffer,
    int Seats, string IcsUid, int Sequence, DateTimeOffset CreatedAt, string Version, Attendee Attendee, string? OnlineMeetingUrl = null,
    IdempotencyRecord? Idempotency = null, int SeatIndex = 0)
{
    public DateTimeOffset BlockedStart => Start - PreBuffer;
    public DateTimeOffset BlockedEnd => End + PostBuffer;
    public bool IsGroup => Seats > 1;
}

/// <summary>The dispatcher's state of one outbox message of a record (the <c>Dispatch</c> property; only the lease holder writes it).</summary>
internal sealed record DispatchState(DateTimeOffset? SentAt = null, int Attempts = 0, string? LastError = null, DateTimeOffset? DueAt = null,
    DateTimeOffset? DroppedAt = null, DateTimeOffset? LeaseUntil = null);

/// <summary>
/// One seat record as read: an event in the mailbox calendar with no attendees (so no write of it ever mails anyone), shown as free,
/// our data in single-value extended properties (Records/README in docs/graph-conformance.md).
/// </summary>
internal sealed record SeatRecord(
    string EventId, SeatState State, ClaimOrder Order, SeatData Data, IReadOnlyList<OutboxMessage> Outbox,
    IReadOnlyDictionary<string, DispatchState> Dispatch, bool HasWork, string? Supersedes, DateTimeOffset? SupersededAt = null, string? SupersedeReason = null,
    IReadOnlyList<string>? OutboxKeys = null)
{
    public bool IsDecided => State is SeatState.Booked or SeatState.Cancelled;
    public string SeatKey => SeatRecords.SeatKeyOf(Data.AppointmentId, Data.Attendee.Id);
}

/// <summary>Writing and reading seat records and time off, the items availability and bookings are decided on.</summary>
internal sealed class SeatRecords(ItemProperties properties)
{
    public const string KindProperty = "Kind";
    public const string SeatKind = "seat";
    public const string TimeOffKind = "timeoff";
    public const string StateProperty = "State";
    public const string OrderProperty = "Order";
    public const string DataProperty = "Data";
    public const string OutboxProperty = "Outbox";
    public const string DispatchProperty = "Dispatch";
    /// <summary>"1" while the dispatcher owes the record something (its Outlook event, a message); set by the record's writer, cleared by the dispatcher.</summary>
    public const string WorkProperty = "Work";
    /// <summary>The deduplication keys of the record's messages (JSON array): small, so the verify read can see them without the messages.</summary>
    public const string OutboxKeysProperty = "OutboxKeys";
    public const string SupersedesProperty = "Supersedes";
    public const string AppointmentKeyProperty = "AppointmentKey";
    public const string SeatKeyProperty = "SeatKey";
    public const string TokenKeyProperty = "TokenKey";
    public const string IdempotencyKeyProperty = "IdempotencyKey";
    public const string TimeOffIdProperty = "TimeOffId";
    public const string TimeOffKeyProperty = "TimeOffKey";
    public const string SupersededAtProperty = "SupersededAt";
    public const string SupersedeReasonProperty = "SupersedeReason";
    public const string StaffProperty = "Staff";
    public const string ReasonProperty = "Reason";
    public const string Category = "Bookings";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string SeatKeyOf(string appointmentId, string attendeeId) => $"{appointmentId}\n{attendeeId}";

    /// <summary>Everything a read of records expands.</summary>
    public string Expand => properties.Expand(KindProperty, StateProperty, OrderProperty, DataProperty, OutboxProperty, DispatchProperty, WorkProperty,
        SupersedesProperty, SupersededAtProperty, SupersedeReasonProperty, TimeOffIdProperty, StaffProperty, ReasonProperty);

    /// <summary>What a read for availability expands: no outbox, no dispatcher state.</summary>
    public string ExpandLean => properties.Expand(KindProperty, StateProperty, OrderProperty, DataProperty, SupersedesProperty, OutboxKeysProperty,
        TimeOffIdProperty, StaffProperty, ReasonProperty);

    public static string StateText(SeatState state) => state switch
    {
        SeatState.Hold => "hold",
        SeatState.Pending => "pending",
        SeatState.Booked => "booked",
        SeatState.Cancelled => "cancelled",
        _ => "superseded",
    };

    private static SeatState? ParseState(string? text) => text switch
    {
        "hold" => SeatState.Hold,
        "pending" => SeatState.Pending,
        "booked" => SeatState.Booked,
        "cancelled" => SeatState.Cancelled,
        "superseded" => SeatState.Superseded,
        _ => null,
    };

    /// <summary>A new seat record (a claim: state hold unless told otherwise), as the POST body.</summary>
    public JsonObject New(SeatData data, ClaimOrder order, string subject, SeatState state = SeatState.Hold, IReadOnlyList<OutboxMessage>? outbox = null,
        string? supersedes = null)
    {
        var props = new List<(string, string)>
        {
            (KindProperty, SeatKind), (StateProperty, StateText(state)), (OrderProperty, order.Value), (DataProperty, JsonSerializer.Serialize(data, Json)),
            (AppointmentKeyProperty, ItemProperties.Key(data.AppointmentId)), (SeatKeyProperty, ItemProperties.Key(SeatKeyOf(data.AppointmentId, data.Attendee.Id))),
            (TokenKeyProperty, ItemProperties.Key(data.Attendee.ManageTokenHash)),
        };
        if (data.Idempotency is { } idempotency) props.Add((IdempotencyKeyProperty, ItemProperties.Key(idempotency.Key)));
        if (outbox is { Count: > 0 })
        {
            props.Add((OutboxProperty, JsonSerializer.Serialize(outbox, Json)));
            props.Add((OutboxKeysProperty, JsonSerializer.Serialize(outbox.Select(m => m.DeduplicationKey), Json)));
        }
        if (state is SeatState.Booked or SeatState.Cancelled) props.Add((WorkProperty, "1"));
        if (supersedes is not null) props.Add((SupersedesProperty, supersedes));
        return new JsonObject
        {
            ["subject"] = subject,
            ["start"] = Instants.DateTimeTimeZone(data.Start),
            ["end"] = Instants.DateTimeTimeZone(data.End),
            // Never busy: a record is our bookkeeping, not the mailbox's own time (the Outlook event is, Outlook/OutlookEvents.cs).
            ["showAs"] = "free",
            ["isReminderOn"] = false,
            ["sensitivity"] = "private",
            ["categories"] = new JsonArray(Category),
            // Exchange keeps a transactionId to answer a replayed POST (api-reference/v1.0/resources/event.md); what it answers is not
            // documented (the same event, 409, or a second one): the order tells our copies apart whatever it does.
            ["transactionId"] = Guid.NewGuid().ToString(),
            ["singleValueExtendedProperties"] = properties.Write([.. props]),
        };
    }

    /// <summary>
    /// The PATCH that settles a claim: its state, and the seat as stored with its outbox (written with it, in one request), and the
    /// dispatcher's cue (its Outlook event and its messages are owed).
    /// </summary>
    public JsonObject Settle(SeatState state, SeatData data, IReadOnlyList<OutboxMessage> outbox)
    {
        var props = new List<(string, string)> { (StateProperty, StateText(state)), (DataProperty, JsonSerializer.Serialize(data, Json)), (WorkProperty, "1") };
        if (outbox.Count > 0)
        {
            props.Add((OutboxProperty, JsonSerializer.Serialize(outbox, Json)));
            props.Add((OutboxKeysProperty, JsonSerializer.Serialize(outbox.Select(m => m.DeduplicationKey), Json)));
        }
        return new JsonObject { ["singleValueExtendedProperties"] = properties.Write([.. props]) };
    }

    /// <summary>The PATCH marking a record a settled change replaced: its state, when, and why (its scheduled messages are dropped with that reason).</summary>
    public JsonObject Superseded(string reason, DateTimeOffset at) => new()
    {
        ["singleValueExtendedProperties"] = properties.Write((StateProperty, StateText(SeatState.Superseded)), (SupersededAtProperty, Instants.Text(at)),
            (SupersedeReasonProperty, reason)),
    };

    public JsonObject DispatchWrite(IReadOnlyDictionary<string, DispatchState> dispatch, bool work) => new()
    {
        ["singleValueExtendedProperties"] = properties.Write((DispatchProperty, JsonSerializer.Serialize(dispatch, Json)), (WorkProperty, work ? "1" : "0")),
    };

    public SeatRecord? Read(JsonObject item)
    {
        if (properties.Read(item, KindProperty) != SeatKind) return null;
        if (ParseState(properties.Read(item, StateProperty)) is not { } state) return null;
        if (properties.Read(item, DataProperty) is not { Length: > 0 } json) return null;
        SeatData? data;
        try { data = JsonSerializer.Deserialize<SeatData>(json, Json); }
        catch (JsonException) { return null; }
        if (data is null) return null;
        IReadOnlyList<OutboxMessage> outbox = properties.Read(item, OutboxProperty) is { Length: > 0 } o
            ? JsonSerializer.Deserialize<List<OutboxMessage>>(o, Json) ?? [] : [];
        IReadOnlyDictionary<string, DispatchState> dispatch = properties.Read(item, DispatchProperty) is { Length: > 0 } d
            ? JsonSerializer.Deserialize<Dictionary<string, DispatchState>>(d, Json) ?? [] : new Dictionary<string, DispatchState>();
        return new SeatRecord(item["id"]!.GetValue<string>(), state, new ClaimOrder(properties.Read(item, OrderProperty) ?? ""), data, outbox, dispatch,
            properties.Read(item, WorkProperty) == "1", properties.Read(item, SupersedesProperty),
            Instants.Parse(properties.Read(item, SupersededAtProperty)), properties.Read(item, SupersedeReasonProperty),
            properties.Read(item, OutboxKeysProperty) is { Length: > 0 } keys ? JsonSerializer.Deserialize<List<string>>(keys, Json) : outbox.Select(m => m.DeduplicationKey).ToList());
    }

    public TimeOff? ReadTimeOff(string mailboxId, JsonObject item)
    {
        if (properties.Read(item, KindProperty) != TimeOffKind || properties.Read(item, TimeOffIdProperty) is not { } id) return null;
        var staff = properties.Read(item, StaffProperty);
        var reason = properties.Read(item, ReasonProperty);
        return new TimeOff(id, mailboxId, string.IsNullOrEmpty(staff) ? null : staff,
            Instants.ReadDateTimeTimeZone(item["start"]), Instants.ReadDateTimeTimeZone(item["end"]), string.IsNullOrEmpty(reason) ? null : reason);
    }

    public string TimeOffKeyFilter(string timeOffId) => properties.KeyFilter(TimeOffKeyProperty, timeOffId);

    public JsonObject NewTimeOff(TimeOff timeOff) => new()
    {
        ["subject"] = timeOff.Reason is { Length: > 0 } reason ? reason : "Time off",
        ["start"] = Instants.DateTimeTimeZone(timeOff.Start),
        ["end"] = Instants.DateTimeTimeZone(timeOff.End),
        ["showAs"] = "oof",
        ["isReminderOn"] = false,
        ["categories"] = new JsonArray("Time off", Category),
        ["transactionId"] = Guid.NewGuid().ToString(),
        ["singleValueExtendedProperties"] = properties.Write((KindProperty, TimeOffKind), (TimeOffIdProperty, timeOff.Id),
            (TimeOffKeyProperty, ItemProperties.Key(timeOff.Id)), (StaffProperty, timeOff.StaffId ?? ""), (ReasonProperty, timeOff.Reason ?? "")),
    };
}

/// <summary>Seats put together into appointments: per seat the latest settled record that nothing replaced.</summary>
internal static class Appointments
{
    /// <summary>Per seat of every appointment, the record that says how the seat is now (settled, not replaced; the highest sequence).</summary>
    public static IEnumerable<SeatRecord> Current(IEnumerable<SeatRecord> records) =>
        records.Where(r => r.IsDecided).GroupBy(r => r.SeatKey, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(r => r.Data.Sequence).ThenByDescending(r => r.Order).First());

    /// <summary>The appointments of these records (current seats only), booked or cancelled.</summary>
    public static IEnumerable<Appointment> AssembleAll(string mailboxId, IEnumerable<SeatRecord> records) =>
        Current(records).GroupBy(r => r.Data.AppointmentId, StringComparer.Ordinal).Select(g => Assemble(mailboxId, g.ToList()));

    /// <summary>One appointment of its current seats (<see cref="Current"/>).</summary>
    public static Appointment Assemble(string mailboxId, IReadOnlyList<SeatRecord> seats)
    {
        var ordered = seats.OrderBy(s => s.Data.SeatIndex).ThenBy(s => s.Data.Attendee.CreatedAt).ThenBy(s => s.Order).ToList();
        var lead = seats.OrderByDescending(s => s.Data.Sequence).ThenByDescending(s => s.Order).First().Data;
        var booked = ordered.Any(s => s.State == SeatState.Booked);
        return new Appointment(lead.AppointmentId, mailboxId, lead.ServiceId, lead.StaffId, lead.Start, lead.End, lead.PreBuffer, lead.PostBuffer, lead.Seats,
            booked ? AppointmentStatus.Booked : AppointmentStatus.Cancelled,
            [.. ordered.Select(s => s.Data.Attendee with { Status = s.State == SeatState.Booked ? AttendeeStatus.Booked : AttendeeStatus.Cancelled })],
            lead.IcsUid, seats.Max(s => s.Data.Sequence), VersionOf(ordered.Select(s => s.Data.Version)), seats.Min(s => s.Data.CreatedAt),
            seats.Select(s => s.Data.OnlineMeetingUrl).FirstOrDefault(u => u is not null));
    }

    /// <summary>An appointment's version: its one seat's, or for a group one made of every seat's (any seat's change moves it).</summary>
    public static string VersionOf(IEnumerable<string> seatVersions)
    {
        var list = seatVersions.ToList();
        return list.Count == 1 ? list[0] : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", list))))[..32];
    }
}
