using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Bookings.Core.Availability;
using Bookings.Core.Store;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Records;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Outlook;

/// <summary>
/// The event staff (and, for one-seat services that invite customers, the customer) see in Outlook: one per appointment in the
/// mailbox calendar, with them as attendees. It is a picture of the seat records, brought in line by the dispatcher
/// (<see cref="ReconcileAsync"/>) and written only when what attendees see changes — time, staff, who is invited, cancelled — so
/// bookkeeping never sends a meeting update (updating an event with attendees may mail them: api-reference/v1.0/api/event-update.md,
/// microsoftgraph/microsoft-graph-docs#2309). A Teams link is asked for only where the mailbox's calendar allows Teams
/// (<c>allowedOnlineMeetingProviders</c>, api-reference/v1.0/resources/calendar.md; otherwise the event would be made without a link:
/// concepts/outlook-calendar-online-meetings.md, microsoft-graph-docs#9741).
/// </summary>
internal sealed class OutlookEvents(GraphClient graph, ItemProperties properties, TimeProvider time)
{
    public const string Kind = "outlook";
    private const string KindProperty = SeatRecords.KindProperty;
    private const string OutlookKeyProperty = "OutlookKey";
    private const string AppointmentIdProperty = "AppointmentId";
    private const string Teams = "teamsForBusiness";

    private sealed record Providers(IReadOnlyList<string> Allowed, DateTimeOffset ReadAt);

    private readonly ConcurrentDictionary<string, Providers> _providers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the mailbox's calendar allows Teams meetings (read once an hour).</summary>
    public async Task<bool> AllowsTeamsAsync(string mailboxId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!_providers.TryGetValue(mailboxId, out var known) || now - known.ReadAt > TimeSpan.FromHours(1))
        {
            var answer = await graph.SendAsync(HttpMethod.Get, $"{User(mailboxId)}/calendar?$select=allowedOnlineMeetingProviders,defaultOnlineMeetingProvider", null, ct);
            if (!answer.Ok) return false; // unknown: no Teams link, the service's other option is used
            known = new Providers([.. (answer.Body?["allowedOnlineMeetingProviders"] as JsonArray ?? []).Select(p => p?.GetValue<string>() ?? "")], now);
            _providers[mailboxId] = known;
        }
        return known.Allowed.Contains(Teams, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The Teams join link of a new online appointment, where the mailbox allows Teams: its Outlook event is made now, without attendees
    /// (nobody is invited before the booking is settled; the dispatcher adds them), so the confirmation can carry the link. Null when
    /// Teams is not allowed there: the messages then use the service's meeting link, or say that the business sends it.
    /// </summary>
    public async Task<string?> JoinUrlAsync(Mailbox mailbox, SeatData data, CancellationToken ct)
    {
        if (!await AllowsTeamsAsync(mailbox.Id, ct)) return null;
        if (data.IsGroup && (await FindAsync(mailbox.Id, data.AppointmentId, ct)).Select(JoinUrl).FirstOrDefault(u => u is not null) is { } existing)
            return existing;
        var created = await graph.SendAsync(HttpMethod.Post, $"{User(mailbox.Id)}/calendar/events",
            NewEvent(data.AppointmentId, Seen(mailbox, data.ServiceId, data.Start, data.End, attendees: []), online: true), ct);
        return created.Ok ? JoinUrl(created.Body!) : null;
    }

    /// <summary>
    /// Brings the appointment's Outlook event in line with its seat records: made when missing, changed only where attendees would see
    /// a difference, deleted (Exchange sends the cancellation) when every seat is cancelled. Copies left by a replayed POST are deleted.
    /// </summary>
    public async Task ReconcileAsync(Mailbox mailbox, Appointment appointment, CancellationToken ct)
    {
        var found = (await FindAsync(mailbox.Id, appointment.Id, ct)).OrderByDescending(e => Attendees(e).Count).ThenBy(e => e["id"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        foreach (var copy in found.Skip(1)) await graph.DeleteAsync($"{User(mailbox.Id)}/events/{Q(copy["id"]!.GetValue<string>())}", ct);
        var existing = found.FirstOrDefault();
        if (appointment.Status == AppointmentStatus.Cancelled)
        {
            if (existing is not null) await graph.DeleteAsync($"{User(mailbox.Id)}/events/{Q(existing["id"]!.GetValue<string>())}", ct);
            return;
        }
        var wanted = Seen(mailbox, appointment.ServiceId, appointment.Start, appointment.End, WantedAttendees(mailbox, appointment));
        if (existing is null)
        {
            var online = mailbox.Document.FindService(appointment.ServiceId) is { IsLocationOnline: true } && appointment.OnlineMeetingUrl is not null;
            // Not replayed by the transport after a lost answer (a copy would invite twice); a failure is tried again next round.
            await graph.RequireAsync("create the Outlook event", HttpMethod.Post, $"{User(mailbox.Id)}/calendar/events",
                NewEvent(appointment.Id, wanted, online), ct, notIdempotent: true);
            return;
        }
        // Only what differs from what attendees see now: an unchanged field is not written (a write may mail them).
        var patch = new JsonObject();
        if (Instants.ReadDateTimeTimeZone(existing["start"]) != appointment.Start || Instants.ReadDateTimeTimeZone(existing["end"]) != appointment.End)
        {
            patch["start"] = wanted["start"]!.DeepClone();
            patch["end"] = wanted["end"]!.DeepClone();
        }
        if (existing["subject"]?.GetValue<string>() != wanted["subject"]!.GetValue<string>()) patch["subject"] = wanted["subject"]!.DeepClone();
        if (!Addresses(existing).SequenceEqual(Addresses(wanted))) patch["attendees"] = wanted["attendees"]!.DeepClone();
        if (patch.Count == 0) return;
        var answer = await graph.PatchOwnAsync($"{User(mailbox.Id)}/events/{Q(existing["id"]!.GetValue<string>())}", patch, ct);
        if (!answer.Ok && answer.Status != HttpStatusCode.NotFound) throw Failure("update the Outlook event", answer);
    }

    private async Task<List<JsonObject>> FindAsync(string mailboxId, string appointmentId, CancellationToken ct)
    {
        var answer = await graph.SendAsync(HttpMethod.Get,
            $"{User(mailboxId)}/events?{properties.KeyFilter(OutlookKeyProperty, appointmentId)}&$select=id,subject,start,end,attendees,onlineMeeting&{properties.Expand(KindProperty)}",
            null, ct);
        if (!answer.Ok) throw Failure("find the Outlook event", answer);
        return [.. answer.Values.OfType<JsonObject>().Where(e => properties.Read(e, KindProperty) == Kind)];
    }

    /// <summary>
    /// The one mapping of an appointment to what its attendees see in Outlook: the subject (the service's name), the time, who is invited.
    /// A new event is made of it, and a reconcile writes the fields of it that differ.
    /// </summary>
    private static JsonObject Seen(Mailbox mailbox, string serviceId, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<(string Email, string Name)> attendees) => new()
    {
        ["subject"] = mailbox.Document.FindService(serviceId)?.DisplayName ?? serviceId,
        ["start"] = Instants.DateTimeTimeZone(start),
        ["end"] = Instants.DateTimeTimeZone(end),
        ["attendees"] = AttendeesJson(attendees),
    };

    /// <summary>A new event of <paramref name="seen"/>: busy, keyed by the appointment; a Teams meeting when <paramref name="online"/>.</summary>
    private JsonObject NewEvent(string appointmentId, JsonObject seen, bool online)
    {
        var body = new JsonObject
        {
            ["subject"] = seen["subject"]!.DeepClone(),
            ["start"] = seen["start"]!.DeepClone(),
            ["end"] = seen["end"]!.DeepClone(),
            ["showAs"] = "busy",
            ["attendees"] = seen["attendees"]!.DeepClone(),
            ["transactionId"] = Guid.NewGuid().ToString(),
            ["singleValueExtendedProperties"] = properties.Write((KindProperty, Kind), (OutlookKeyProperty, ItemProperties.Key(appointmentId)),
                (AppointmentIdProperty, appointmentId)),
        };
        if (online)
        {
            body["isOnlineMeeting"] = true;
            body["onlineMeetingProvider"] = Teams;
        }
        return body;
    }

    /// <summary>
    /// Who sees the appointment in Outlook: the staff member (required), and for a one-seat service the customer too when the calendar
    /// sends meeting invitations to customers (<c>isMeetingInviteToCustomersEnabled</c>). Group customers are never listed: they would see
    /// each other.
    /// </summary>
    private static List<(string Email, string Name)> WantedAttendees(Mailbox mailbox, Appointment appointment)
    {
        var list = new List<(string, string)>();
        if (mailbox.Document.FindStaff(appointment.StaffId) is { EmailAddress: { Length: > 0 } staffEmail } staff) list.Add((staffEmail, staff.DisplayName));
        var service = mailbox.Document.FindService(appointment.ServiceId);
        var policy = service is null ? mailbox.Document.SchedulingPolicy : AvailabilityEngine.PolicyFor(mailbox.Document, service);
        if (appointment.Seats == 1 && policy.IsMeetingInviteToCustomersEnabled && appointment.ActiveAttendees.FirstOrDefault() is { Email: { Length: > 0 } email } customer)
            list.Add((email, customer.Name));
        return list;
    }

    private static JsonArray AttendeesJson(IEnumerable<(string Email, string Name)> attendees) =>
        new([.. attendees.Select(a => (JsonNode)new JsonObject
        {
            ["type"] = "required",
            ["emailAddress"] = new JsonObject { ["address"] = a.Email, ["name"] = a.Name },
        })]);

    private static List<string> Attendees(JsonObject e) =>
        [.. (e["attendees"] as JsonArray ?? []).OfType<JsonObject>().Select(a => a["emailAddress"]?["address"]?.GetValue<string>()).OfType<string>()];

    // Who is invited, compared as Exchange may spell the addresses: without case, in any order.
    private static IEnumerable<string> Addresses(JsonObject e) => Attendees(e).Select(a => a.ToLowerInvariant()).Order(StringComparer.Ordinal);

    private static string? JoinUrl(JsonObject e) =>
        e["onlineMeeting"] is JsonObject meeting && meeting["joinUrl"]?.GetValue<string>() is { Length: > 0 } url ? url : null;
}
