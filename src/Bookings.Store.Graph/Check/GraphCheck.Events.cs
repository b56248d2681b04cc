using System.Text.Json.Nodes;
using Bookings.Core.Admin;
using Bookings.Core.Store;
using Bookings.Store.Graph.Claims;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Records;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Check;

public sealed partial class GraphCheck
{
    private sealed partial class Run
    {
        // ---- events ----

        private async Task<Tried> EventAsync()
        {
            var now = check._time.GetUtcNow();
            // A day far ahead, so the scratch event stands beside no appointment; a staff id no calendar has.
            _eventStart = new DateTimeOffset(now.AddDays(400).UtcDateTime.Date, TimeSpan.Zero).AddHours(12);
            var attendee = new Attendee("check", "check", _name, null, null, null, null, new Dictionary<string, string>(), null, false, Key,
                AttendeeStatus.Booked, now);
            var data = new SeatData($"check-{tag}", "check", "bookings-check", _eventStart, _eventStart.AddMinutes(30), TimeSpan.Zero, TimeSpan.Zero, 1,
                $"check-{tag}@bookings", 0, now, tag, attendee);
            // The store's own record body (SeatRecords.New), as Kind "check", which no reader of the store takes for a record.
            _eventBody = _records.New(data, ClaimOrder.New(now), _name);
            var props = _eventBody["singleValueExtendedProperties"]!.AsArray();
            foreach (var p in props.OfType<JsonObject>().Where(p => p["id"]!.GetValue<string>() == _properties.Id(SeatRecords.KindProperty)))
                p["value"] = "check";
            props.Add(new JsonObject { ["id"] = _properties.Id("Key"), ["value"] = Key });

            _madeAnything = true;
            var created = await PostAsync($"{User(mailbox)}/calendar/events", _eventBody);
            if (!created.Ok) return new Tried(CheckResult.Fail, Status(created));
            _eventId = created.Body!["id"]!.GetValue<string>();
            _events.Add(_eventId);
            return new Tried(CheckResult.Pass, Status(created));
        }

        private Task<List<JsonObject>> WindowAsync() =>
            _reader.CalendarViewAsync(mailbox, _eventStart - RecordReader.MaxBuffer, _eventStart + RecordReader.MaxBuffer, _records.ExpandLean, ct);

        private async Task<Tried> ReadYourWritesAsync()
        {
            const int reads = 5;
            var seenIn = 0;
            for (var i = 0; i < reads; i++)
                if ((await WindowAsync()).Any(e => e["id"]?.GetValue<string>() == _eventId && _properties.Read(e, SeatRecords.DataProperty) is { Length: > 0 }))
                    seenIn++;
            return new Tried(seenIn == reads ? CheckResult.Pass : CheckResult.Fail, $"in {seenIn} of {reads} reads");
        }

        private async Task<Tried> UtcAsync()
        {
            var e = (await WindowAsync()).FirstOrDefault(x => x["id"]?.GetValue<string>() == _eventId);
            if (e is null) return new Tried(CheckResult.Fail, "the event is not in the read");
            var zone = e["start"]?["timeZone"]?.GetValue<string>();
            var start = Instants.ReadDateTimeTimeZone(e["start"]);
            var end = Instants.ReadDateTimeTimeZone(e["end"]);
            var ok = start == _eventStart && end == _eventStart.AddMinutes(30) && string.Equals(zone, "UTC", StringComparison.OrdinalIgnoreCase);
            return ok ? new Tried(CheckResult.Pass, "as written, in UTC")
                : new Tried(CheckResult.Fail, $"start {e["start"]?["dateTime"]} ({zone}), written {Instants.Text(_eventStart)}");
        }

        private async Task<Tried> SelectCreatedAsync()
        {
            var view = await GetAsync($"{User(mailbox)}/calendar/calendarView?startDateTime={Q(Instants.Text(_eventStart))}" +
                $"&endDateTime={Q(Instants.Text(_eventStart.AddHours(1)))}&$select=id,createdDateTime");
            return new Tried(CheckResult.Note, view.Ok
                ? $"answered {view.Values.OfType<JsonObject>().Count(e => e["createdDateTime"] is not null)} with it: not relied on"
                : $"refused: {Status(view)}");
        }

        private async Task<Tried> FilterEventsAsync()
        {
            var found = await _reader.EventsAsync(mailbox, _properties.KeyFilter("Key", tag), _records.Expand, ct);
            var ours = found.Count(e => e["id"]?.GetValue<string>() == _eventId);
            return new Tried(ours == 1 ? CheckResult.Pass : CheckResult.Fail, $"{found.Count} found");
        }

        private async Task<Tried> PatchOwnAsync()
        {
            // As a hold is settled (SlotClaims.SettleAsync): some properties of the event, nothing else.
            var (patched, conflicts) = await PatchAsync($"{User(mailbox)}/events/{Q(_eventId!)}",
                new JsonObject { ["singleValueExtendedProperties"] = _properties.Write((SeatRecords.StateProperty, "settled"), ("Work", "0")) });
            if (!patched.Ok) return new Tried(CheckResult.Fail, Status(patched) + After(conflicts));
            var after = await GetAsync($"{User(mailbox)}/events/{Q(_eventId!)}?$select=id&{_properties.Expand(SeatRecords.StateProperty, "Key", SeatRecords.DataProperty)}");
            if (!after.Ok) return new Tried(CheckResult.Fail, Status(after));
            var written = _properties.Read(after.Body!, SeatRecords.StateProperty) == "settled";
            var kept = _properties.Read(after.Body!, "Key") == Key && _properties.Read(after.Body!, SeatRecords.DataProperty) is { Length: > 0 };
            return new Tried(written && kept ? CheckResult.Pass : CheckResult.Fail,
                $"{Status(patched)}{After(conflicts)}; written {(written ? "read back" : "missing")}, others {(kept ? "kept" : "lost")}");
        }

        private async Task<Tried> LargePropertyAsync()
        {
            var value = LargeValue(tag);
            var (patched, conflicts) = await PatchAsync($"{User(mailbox)}/events/{Q(_eventId!)}",
                new JsonObject { ["singleValueExtendedProperties"] = _properties.Write((SeatRecords.OutboxProperty, value)) });
            if (!patched.Ok) return new Tried(CheckResult.Fail, Status(patched) + After(conflicts));
            var after = await GetAsync($"{User(mailbox)}/events/{Q(_eventId!)}?$select=id&{_properties.Expand(SeatRecords.OutboxProperty)}");
            if (!after.Ok) return new Tried(CheckResult.Fail, Status(after));
            var read = _properties.Read(after.Body!, SeatRecords.OutboxProperty);
            return read == value ? new Tried(CheckResult.Pass, $"{LargeValueChars / 1024} KB read back")
                : new Tried(CheckResult.Fail, read is null ? "not in the answer" : $"{read.Length} of {value.Length} characters read back");
        }

        private async Task<Tried> TransactionIdAsync()
        {
            var replay = await PostAsync($"{User(mailbox)}/calendar/events", _eventBody!);
            if (replay.Ok && replay.Body?["id"]?.GetValue<string>() is { } id && id != _eventId) _events.Add(id);
            var seen = !replay.Ok ? $"a replay answered {Status(replay)}"
                : replay.Body?["id"]?.GetValue<string>() == _eventId ? "a replay answered the same event" : "a replay made a second event";
            return new Tried(CheckResult.Note, seen);
        }

        private async Task<Tried> DeleteEventAsync()
        {
            var deleted = await _graph.SendAsync(HttpMethod.Delete, $"{User(mailbox)}/events/{Q(_eventId!)}", null, ct);
            var still = (await WindowAsync()).Any(e => e["id"]?.GetValue<string>() == _eventId);
            if (deleted.Ok && !still) _events.Remove(_eventId!);
            var seen = $"{Status(deleted)}, then {(still ? "still read" : "not read")}";
            return deleted.Ok && !still ? new Tried(CheckResult.Pass, seen) : new Tried(CheckResult.Fail, seen);
        }

        // ---- Teams ----

        private async Task<Tried> TeamsAsync()
        {
            // As OutlookEvents.AllowsTeamsAsync asks.
            var calendar = await GetAsync($"{User(mailbox)}/calendar?$select=allowedOnlineMeetingProviders,defaultOnlineMeetingProvider");
            if (!calendar.Ok) return new Tried(CheckResult.Fail, Status(calendar));
            var providers = (calendar.Body?["allowedOnlineMeetingProviders"] as JsonArray ?? []).Select(p => p?.GetValue<string>()).OfType<string>().ToList();
            _teamsAllowed = providers.Contains("teamsForBusiness", StringComparer.OrdinalIgnoreCase);
            var seen = providers.Count == 0 ? "no provider allowed" : string.Join(", ", providers);
            return new Tried(_teamsAllowed ? CheckResult.Pass : CheckResult.Note, seen);
        }

        private async Task<Tried> TeamsLinkAsync()
        {
            var start = new DateTimeOffset(check._time.GetUtcNow().AddDays(401).UtcDateTime.Date, TimeSpan.Zero).AddHours(12);
            _madeAnything = true;
            var created = await PostAsync($"{User(mailbox)}/calendar/events", new JsonObject
            {
                ["subject"] = _name,
                ["start"] = Instants.DateTimeTimeZone(start),
                ["end"] = Instants.DateTimeTimeZone(start.AddMinutes(30)),
                ["showAs"] = "free",
                ["isReminderOn"] = false,
                ["attendees"] = new JsonArray(),
                ["isOnlineMeeting"] = true,
                ["onlineMeetingProvider"] = "teamsForBusiness",
                ["transactionId"] = Guid.NewGuid().ToString(),
                ["singleValueExtendedProperties"] = _properties.Write(("Kind", "check"), ("Key", Key)),
            });
            if (!created.Ok) return new Tried(CheckResult.Fail, Status(created));
            _events.Add(created.Body!["id"]!.GetValue<string>());
            var link = created.Body!["onlineMeeting"]?["joinUrl"]?.GetValue<string>();
            return link is { Length: > 0 } ? new Tried(CheckResult.Pass, "a join link") : new Tried(CheckResult.Fail, "no join link");
        }
    }
}
