using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bookings.Store.Tests.Graph;

/// <summary>The getSchedule side of the fake: plain events with a showAs, per-schedule errors, and the requests as received.</summary>
public sealed partial class FakeGraph
{
    private readonly Dictionary<string, string> _scheduleErrors = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ScheduleRequest> _scheduleRequests = [];

    /// <summary>One getSchedule request as received: the JSON body and the zone named by <c>Prefer: outlook.timezone</c> (null when absent).</summary>
    public sealed record ScheduleRequest(string Mailbox, JsonObject Body, string? PreferredTimeZone)
    {
        public IReadOnlyList<string> Schedules => [.. Body["schedules"]!.AsArray().Select(x => x!.GetValue<string>())];
    }

    /// <summary>Every getSchedule request received, in arrival order.</summary>
    public IReadOnlyList<ScheduleRequest> ScheduleRequests { get { lock (_lock) return [.. _scheduleRequests]; } }

    /// <summary>A plain event in a mailbox's calendar (stored in UTC), as Outlook would make it.</summary>
    public void AddEvent(string mailbox, DateTimeOffset start, DateTimeOffset end, string showAs = "busy", string subject = "Meeting")
    {
        lock (_lock)
        {
            if (!_mailboxes.TryGetValue(mailbox, out var m)) throw new InvalidOperationException($"No mailbox {mailbox} in the fake.");
            var ev = NewItem(new JsonObject
            {
                ["subject"] = subject,
                ["start"] = UtcDateTimeTimeZone(start),
                ["end"] = UtcDateTimeTimeZone(end),
                ["showAs"] = showAs,
                ["isCancelled"] = false,
                ["attendees"] = new JsonArray(),
                ["categories"] = new JsonArray(),
            }, "AAMkE");
            m.Events[ev["id"]!.GetValue<string>()] = ev;
        }
    }

    /// <summary>getSchedule answers this address with a per-schedule error inside the 200 (default: no free/busy access).</summary>
    public void FailSchedule(string address, string responseCode = "ErrorNoFreeBusyAccess")
    {
        lock (_lock) _scheduleErrors[address] = responseCode;
    }

    // Called by GetSchedule under _lock.
    private JsonObject? ScheduleErrorFor(string address) =>
        _scheduleErrors.TryGetValue(address, out var code)
            ? new JsonObject { ["message"] = "Free/busy information could not be retrieved.", ["responseCode"] = code }
            : null;

    // Called by GetSchedule under _lock; returns the zone named by Prefer: outlook.timezone, if any.
    private string? RecordScheduleRequest(Call c)
    {
        string? zone = null;
        if (c.Headers.TryGetValue("Prefer", out var prefer) && PreferTimeZone().Match(prefer) is { Success: true } m)
            zone = m.Groups["zone"].Value;
        _scheduleRequests.Add(new ScheduleRequest(c.Segments[1], (JsonObject)(c.Body?.DeepClone() ?? new JsonObject()), zone));
        return zone;
    }

    private static JsonObject UtcDateTimeTimeZone(DateTimeOffset instant) => new()
    {
        ["dateTime"] = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = "UTC",
    };

    [GeneratedRegex("outlook\\.timezone\\s*=\\s*\"(?<zone>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex PreferTimeZone();
}
