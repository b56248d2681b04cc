using System.Text;
using System.Text.Json.Nodes;
using Bookings.GraphEmulation.OData;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation;

/// <summary>One getSchedule request as received: the JSON body and the zone named by <c>Prefer: outlook.timezone</c> (null when absent).</summary>
public sealed record ScheduleRequest(string Mailbox, JsonObject Body, string? PreferredTimeZone)
{
    public IReadOnlyList<string> Schedules => [.. Body["schedules"]!.AsArray().Select(x => x!.GetValue<string>())];
}

/// <summary>users/{id}/calendar/getSchedule (calendar-getschedule.md).</summary>
public sealed partial class GraphEmulator
{
    private const int MaxSchedules = 20;
    private readonly Dictionary<string, string> _scheduleErrors = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ScheduleRequest> _scheduleRequests = [];

    /// <summary>Every getSchedule request received, in arrival order.</summary>
    public IReadOnlyList<ScheduleRequest> ScheduleRequests { get { lock (_lock) return [.. _scheduleRequests]; } }

    /// <summary>getSchedule answers this address with a per-schedule error inside the 200 (default: no free/busy access).</summary>
    public void FailSchedule(string address, string responseCode = "ErrorNoFreeBusyAccess")
    {
        lock (_lock) _scheduleErrors[address] = responseCode;
    }

    /// <summary>
    /// calendar-getschedule.md: schedules (at most 20), startTime and endTime (a window under 62 days),
    /// availabilityViewInterval (minutes, 5–1440, default 30); 200 with one scheduleInformation per schedule, an unknown or
    /// refused schedule as an error inside it; times in UTC unless Prefer: outlook.timezone.
    /// </summary>
    private Answer GetSchedule(Call c, Mailbox m)
    {
        if (c.Method != "POST") throw MethodNotAllowed();
        var body = c.BodyObject;
        var zoneName = c.Prefer("outlook.timezone") is { Length: > 0 } z ? z : null;
        _scheduleRequests.Add(new ScheduleRequest(m.Address, Clone(body), zoneName));
        var schedules = (body["schedules"] as JsonArray)?.Select(x => x?.GetValue<string>() ?? "").ToList()
            ?? throw new GraphError(400, "ErrorInvalidParameter", "The schedules parameter is required.");
        if (schedules.Count == 0 || schedules.Count > MaxSchedules)
            throw new GraphError(400, "ErrorInvalidParameter", $"Schedules must hold from 1 to {MaxSchedules} addresses.");
        var start = Formats.ParseDateTimeTimeZone(body["startTime"], "startTime");
        var end = Formats.ParseDateTimeTimeZone(body["endTime"], "endTime");
        if (end <= start) throw new GraphError(400, "ErrorInvalidParameter", "The end time must be after the start time.");
        if (end - start >= TimeSpan.FromDays(62)) throw new GraphError(400, "ErrorInvalidParameter", "The requested time window must be shorter than 62 days.");
        var interval = body["availabilityViewInterval"]?.GetValue<int>() ?? 30;
        if (interval is < 5 or > 1440) throw new GraphError(400, "ErrorInvalidParameter", "availabilityViewInterval must be from 5 to 1440 minutes.");
        var zone = TimeZoneInfo.Utc;
        if (zoneName is not null)
        {
            zone = Formats.FindZone(zoneName) ?? throw new GraphError(400, "TimeZoneNotSupportedException", $"A valid TimeZone value must be specified. The following TimeZone value is not supported: '{zoneName}'.");
            c.Applied($"outlook.timezone=\"{zoneName}\"");
        }
        var outName = zoneName ?? "UTC";

        var value = new JsonArray();
        foreach (var address in schedules)
        {
            if (_scheduleErrors.TryGetValue(address, out var code))
            {
                value.Add(new JsonObject { ["scheduleId"] = address, ["error"] = new JsonObject { ["message"] = "Free/busy information could not be retrieved.", ["responseCode"] = code } });
                continue;
            }
            if (Resolve(address) is not { } who)
            {
                value.Add(new JsonObject { ["scheduleId"] = address, ["error"] = new JsonObject { ["message"] = "The specified user could not be found.", ["responseCode"] = "ErrorMailRecipientNotFound" } });
                continue;
            }
            var events = who.Events.Values
                .Where(e => e.StartUtc < end && e.EndUtc > start && e.Data["isCancelled"]?.GetValue<bool>() != true)
                .OrderBy(e => e.StartUtc).ThenBy(e => e.Sequence).ToList();
            var items = new JsonArray();
            foreach (var e in events)
                items.Add(new JsonObject
                {
                    ["isPrivate"] = e.Data["sensitivity"]?.GetValue<string>() is "private",
                    ["status"] = e.Data["showAs"]?.GetValue<string>() ?? "busy",
                    ["subject"] = e.Data["subject"]?.DeepClone() ?? "",
                    ["location"] = e.Data["location"]?["displayName"]?.DeepClone() ?? "",
                    ["start"] = Formats.DateTimeTimeZone(e.StartUtc, zone, outName),
                    ["end"] = Formats.DateTimeTimeZone(e.EndUtc, zone, outName),
                });
            value.Add(new JsonObject
            {
                ["scheduleId"] = address,
                ["availabilityView"] = AvailabilityView(events, start, end, TimeSpan.FromMinutes(interval)),
                ["scheduleItems"] = items,
                ["workingHours"] = new JsonObject
                {
                    ["daysOfWeek"] = new JsonArray("monday", "tuesday", "wednesday", "thursday", "friday"),
                    ["startTime"] = "08:00:00.0000000",
                    ["endTime"] = "17:00:00.0000000",
                    ["timeZone"] = new JsonObject { ["name"] = "UTC" },
                },
            });
        }
        return new Answer(200, new JsonObject
        {
            ["@odata.context"] = $"{BaseAddress}$metadata#Collection(microsoft.graph.scheduleInformation)",
            ["value"] = value,
        });
    }

    // resources/scheduleinformation.md: one digit per interval, 0 free, 1 tentative, 2 busy, 3 oof, 4 working elsewhere.
    private static string AvailabilityView(List<Item> events, DateTimeOffset start, DateTimeOffset end, TimeSpan interval)
    {
        var view = new StringBuilder();
        for (var t = start; t < end; t += interval)
        {
            var slotEnd = t + interval;
            var digit = events.Where(e => e.StartUtc < slotEnd && e.EndUtc > t)
                .Select(e => (e.Data["showAs"]?.GetValue<string>() ?? "busy") switch { "tentative" => 1, "busy" => 2, "oof" => 3, "workingElsewhere" => 4, _ => 0 })
                .DefaultIfEmpty(0).Max();
            view.Append((char)('0' + digit));
        }
        return view.ToString();
    }
}
