using System.Globalization;
using System.Text.Json.Nodes;
using Bookings.GraphEmulation.OData;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation;

/// <summary>Events of a mailbox's primary calendar: users/{id}/events, users/{id}/calendar/events, calendarView.</summary>
public sealed partial class GraphEmulator
{
    private static readonly string[] FreeBusy = ["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"];

    /// <summary>A plain event as Outlook would make it (stored in UTC); returns its id.</summary>
    public string AddEvent(string mailbox, DateTimeOffset start, DateTimeOffset end, string showAs = "busy", string subject = "Meeting")
    {
        lock (_lock)
        {
            var m = Get(mailbox);
            var body = new JsonObject
            {
                ["subject"] = subject,
                ["start"] = new JsonObject { ["dateTime"] = start.UtcDateTime.ToString("o", CultureInfo.InvariantCulture), ["timeZone"] = "UTC" },
                ["end"] = new JsonObject { ["dateTime"] = end.UtcDateTime.ToString("o", CultureInfo.InvariantCulture), ["timeZone"] = "UTC" },
                ["showAs"] = showAs,
            };
            return NewEvent(m, body, _options).Id;
        }
    }

    /// <summary>Events of a mailbox as the emulator renders them (UTC, HTML bodies), with their extended properties expanded.</summary>
    public IReadOnlyList<JsonObject> EventsOf(string mailbox)
    {
        lock (_lock)
        {
            var m = Get(mailbox);
            return [.. m.Events.Values.OrderBy(e => e.Sequence).Select(e =>
            {
                var json = RenderEvent(m, e, wantedBody: "html", zone: TimeZoneInfo.Utc, zoneName: "UTC");
                if (e.Properties.Count > 0)
                    json["singleValueExtendedProperties"] = new JsonArray([.. e.Properties.Values.Select(p => (JsonNode)new JsonObject { ["id"] = p.Id, ["value"] = p.Value })]);
                return json;
            })];
        }
    }

    /// <summary>Changes an event as a person in Outlook would (its change key moves, delta sees it), without meeting mail.</summary>
    public void ModifyEventExternally(string mailbox, string eventId, Action<JsonObject>? change = null)
    {
        lock (_lock)
        {
            var m = Get(mailbox);
            var e = m.Events.GetValueOrDefault(eventId) ?? throw new InvalidOperationException($"No event {eventId} in {mailbox}.");
            change?.Invoke(e.Data);
            RecomputeTimes(e);
            Touch(e, Now());
            e.ChangeSequence = ++m.EventChangeSequence;
        }
    }

    private Answer Events(Call c, Mailbox m, GraphEmulatorOptions o)
    {
        switch (c.Method)
        {
            case "GET":
                // user-list-events.md: "Currently, this operation returns event bodies in only HTML format" — the list
                // follows ListBodyContentType like the other lists.
                return Page(c, $"users('{m.Address}')/events", m.Events.Values.Select(e => Row(c, m, e, isList: true, o)),
                    new FilterRules("event", Schemas.Event, StringExtendedProperties: true, o.MaxExtendedPropertyClauses),
                    defaultOrder: full => full["id"]!.GetValue<string>());
            case "POST":
                return CreateEvent(c, m, o);
        }
        throw MethodNotAllowed();
    }

    private (JsonObject Full, JsonObject Shaped, IReadOnlyDictionary<string, ExtendedProperty> Props) Row(Call c, Mailbox m, Item e, bool isList, GraphEmulatorOptions o)
    {
        var full = RenderEvent(c, m, e, isList, o);
        return (full, Shape(full, e.Properties, c, Schemas.Event, "event", o), e.Properties);
    }

    /// <summary>user-post-events.md / calendar-post-events.md: 201 with the new event.</summary>
    private Answer CreateEvent(Call c, Mailbox m, GraphEmulatorOptions o)
    {
        var body = c.BodyObject;
        CheckWritable(body, Schemas.Event, "event");
        if (ReadString(body, "transactionId") is { Length: > 0 } tx
            && m.Events.Values.Where(e => e.TransactionId == tx).OrderBy(e => e.Sequence).FirstOrDefault() is { } first)
        {
            // resources/event.md: transactionId is there "to avoid redundant POST operations in case of client retries";
            // what a replay answers is not documented (GraphEmulatorOptions.TransactionIdReplay).
            switch (o.TransactionIdReplay)
            {
                case TransactionIdReplay.SameEvent:
                    return new Answer(201, EntityOf(c, m, first, o));
                case TransactionIdReplay.Conflict:
                    throw new GraphError(409, "ErrorDuplicateTransactionId", $"An event with transactionId '{tx}' already exists.");
            }
        }
        var ev = NewEvent(m, body, o);
        SendMeetingMail(m, ev, before: null, patch: null, o);
        return new Answer(201, EntityOf(c, m, ev, o));
    }

    private JsonObject EntityOf(Call c, Mailbox m, Item e, GraphEmulatorOptions o)
    {
        var json = RenderEvent(c, m, e, isList: false, o);
        json.Insert(0, "@odata.context", $"{BaseAddress}$metadata#users('{m.Address}')/events/$entity");
        return json;
    }

    private Item NewEvent(Mailbox m, JsonObject body, GraphEmulatorOptions o)
    {
        if (body["start"] is null || body["end"] is null)
            throw new GraphError(400, "ErrorInvalidRequest", "An event needs a start and an end.");
        CheckEventEnums(body);
        var data = new JsonObject();
        Merge(data, body);
        NormalizeAttendees(data);
        var now = Now();
        var ev = new Item(ItemKind.Event, Ids.New("AAMkADEv"), data, now, NextSequence())
        {
            TransactionId = ReadString(body, "transactionId"),
            ICalUId = "040000008200E00074C5B7101A82E00800000000" + Guid.NewGuid().ToString("N").ToUpperInvariant() + "0000000010000000",
        };
        data["originalStartTimeZone"] = body["start"]?["timeZone"]?.DeepClone() ?? "UTC";
        data["originalEndTimeZone"] = body["end"]?["timeZone"]?.DeepClone() ?? "UTC";
        RecomputeTimes(ev);
        WriteProperties(ev.Properties, body["singleValueExtendedProperties"]);
        if (body["isOnlineMeeting"]?.GetValue<bool>() == true) EnableOnlineMeeting(m, ev, ReadString(body, "onlineMeetingProvider"));
        ev.ChangeSequence = ++m.EventChangeSequence;
        ScheduleRotation(ev, o);
        m.Events[ev.Id] = ev;
        return ev;
    }

    private static void CheckEventEnums(JsonObject body)
    {
        CheckEnum(body, "showAs", "freeBusyStatus", FreeBusy);
        CheckEnum(body, "sensitivity", "sensitivity", "normal", "personal", "private", "confidential");
        CheckEnum(body, "importance", "importance", "low", "normal", "high");
        CheckEnum(body, "onlineMeetingProvider", "onlineMeetingProviderType", "unknown", "teamsForBusiness", "skypeForBusiness", "skypeForConsumer");
    }

    /// <summary>resources/attendee.md: type (required, optional, resource) and status (response, time).</summary>
    private static void NormalizeAttendees(JsonObject data)
    {
        if (data["attendees"] is null) return;
        if (data["attendees"] is not JsonArray attendees) throw new GraphError(400, "BadRequest", "attendees must be a collection.");
        var normalized = new JsonArray();
        foreach (var a in attendees)
        {
            if (a is not JsonObject o || o["emailAddress"]?["address"]?.GetValue<string>() is not { Length: > 0 } address)
                throw new GraphError(400, "ErrorInvalidRecipients", "At least one recipient isn't valid.");
            CheckEnum(o, "type", "attendeeType", "required", "optional", "resource");
            normalized.Add(new JsonObject
            {
                ["type"] = (o["type"]?.GetValue<string>() ?? "required").ToLowerInvariant(),
                ["status"] = o["status"]?.DeepClone() ?? new JsonObject { ["response"] = "none", ["time"] = "0001-01-01T00:00:00Z" },
                ["emailAddress"] = new JsonObject { ["name"] = o["emailAddress"]!["name"]?.DeepClone() ?? address, ["address"] = address },
            });
        }
        data["attendees"] = normalized;
    }

    private static void RecomputeTimes(Item e)
    {
        e.StartUtc = Formats.ParseDateTimeTimeZone(e.Data["start"], "start");
        e.EndUtc = Formats.ParseDateTimeTimeZone(e.Data["end"], "end");
        if (e.EndUtc < e.StartUtc)
            throw new GraphError(400, "ErrorCalendarEndDateIsEarlierThanStartDate", "The end date occurs before the start date.");
    }

    /// <summary>
    /// concepts/outlook-calendar-online-meetings.md: isOnlineMeeting with a provider the calendar's
    /// allowedOnlineMeetingProviders lists gets onlineMeeting.joinUrl (and the meeting blob in the body); with one it does
    /// not, the event is created without a link: isOnlineMeeting false, onlineMeetingProvider unknown
    /// (microsoftgraph/microsoft-graph-docs#9741).
    /// </summary>
    private static void EnableOnlineMeeting(Mailbox m, Item e, string? provider)
    {
        if (e.Data["onlineMeeting"] is JsonObject) return; // "you cannot change the onlineMeetingProvider property"
        provider ??= m.DefaultOnlineMeetingProvider;
        if (!m.AllowedOnlineMeetingProviders.Contains(provider, StringComparer.OrdinalIgnoreCase))
        {
            e.Data["isOnlineMeeting"] = false;
            e.Data["onlineMeetingProvider"] = "unknown";
            return;
        }
        var thread = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', 'A').Replace('/', 'B');
        var joinUrl = $"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{thread}%40thread.v2/0?context=%7b%22Tid%22%3a%22emulator%22%7d";
        e.Data["isOnlineMeeting"] = true;
        e.Data["onlineMeetingProvider"] = provider;
        e.Data["onlineMeeting"] = new JsonObject
        {
            ["joinUrl"] = joinUrl,
            ["conferenceId"] = Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture),
            ["tollNumber"] = "+1 323-555-0166",
        };
        // The response example of that page: the join blob is written into the (HTML) body.
        var stored = e.Data["body"] as JsonObject ?? new JsonObject { ["contentType"] = "html", ["content"] = "" };
        var html = Formats.Body(stored, "html")["content"]!.GetValue<string>();
        e.Data["body"] = new JsonObject
        {
            ["contentType"] = "html",
            ["content"] = html + $"<div class=\"me-email-text\"><a class=\"me-email-headline\" href=\"{joinUrl}\">Join Microsoft Teams Meeting</a></div>",
        };
    }

    private Answer EventItem(Call c, Mailbox m, string id, GraphEmulatorOptions o)
    {
        if (!m.Events.TryGetValue(id, out var e)) throw NotFound();
        switch (c.Method)
        {
            case "GET":
                {
                    var json = Shape(RenderEvent(c, m, e, isList: false, o), e.Properties, c, Schemas.Event, "event", o);
                    json.Insert(0, "@odata.context", $"{BaseAddress}$metadata#users('{m.Address}')/events/$entity");
                    return new Answer(200, json);
                }
            case "PATCH":
                return PatchEvent(c, m, e, o);
            case "DELETE":
                m.Events.Remove(id);
                m.DeletedEvents.Add(new Tombstone(id, ++m.EventChangeSequence, e.StartUtc, e.EndUtc));
                SendCancellations(m, e);
                return new Answer(204);
        }
        throw MethodNotAllowed();
    }

    /// <summary>event-update.md: 200 with the updated event; properties not in the body keep their values.</summary>
    private Answer PatchEvent(Call c, Mailbox m, Item e, GraphEmulatorOptions o)
    {
        var body = c.BodyObject;
        CheckWritable(body, Schemas.Event, "event");
        CheckEventEnums(body);
        // resources/event.md: "After you set transactionId when creating an event, you cannot change transactionId".
        if (ReadString(body, "transactionId") is { } tx && tx != e.TransactionId)
            throw new GraphError(400, "ErrorInvalidPropertyUpdate", "The transactionId of an event cannot be changed.");
        CheckPatch(c, e, o);

        var before = Clone(e.Data);
        var data = Clone(e.Data);
        Merge(data, body);
        NormalizeAttendees(data);
        var candidate = new Item(ItemKind.Event, e.Id, data, e.Created, e.Sequence);
        RecomputeTimes(candidate);
        var properties = new Dictionary<string, ExtendedProperty>(e.Properties);
        WriteProperties(properties, body["singleValueExtendedProperties"]);

        e.Data = data;
        e.StartUtc = candidate.StartUtc;
        e.EndUtc = candidate.EndUtc;
        e.Properties.Clear();
        foreach (var (k, v) in properties) e.Properties[k] = v;
        if (before["onlineMeeting"] is JsonObject meeting)
        {
            // "you cannot change the onlineMeetingProvider property, nor set isOnlineMeeting to false" — kept as they were;
            // event-update.md: a body without the meeting blob "would disable meeting online".
            e.Data["onlineMeeting"] = meeting.DeepClone();
            e.Data["isOnlineMeeting"] = true;
            e.Data["onlineMeetingProvider"] = before["onlineMeetingProvider"]?.DeepClone();
            if (body["body"] is JsonObject newBody && newBody["content"]?.GetValue<string>() is { } content
                && !content.Contains(meeting["joinUrl"]!.GetValue<string>(), StringComparison.Ordinal))
            {
                e.Data["onlineMeeting"] = null;
                e.Data["isOnlineMeeting"] = false;
            }
        }
        else if (body["isOnlineMeeting"]?.GetValue<bool>() == true)
        {
            EnableOnlineMeeting(m, e, ReadString(body, "onlineMeetingProvider"));
        }
        Touch(e, Now());
        e.ChangeSequence = ++m.EventChangeSequence;
        SendMeetingMail(m, e, before, body, o);
        var json = RenderEvent(c, m, e, isList: false, o);
        json.Insert(0, "@odata.context", $"{BaseAddress}$metadata#users('{m.Address}')/events/$entity");
        return new Answer(200, json);
    }

    /// <summary>
    /// calendar-list-calendarview.md: startDateTime and endDateTime are required (ISO 8601, their own offset, UTC without
    /// one, not affected by Prefer: outlook.timezone); $top from 1 to 1000; times in UTC unless Prefer: outlook.timezone.
    /// </summary>
    private Answer CalendarView(Call c, Mailbox m, GraphEmulatorOptions o)
    {
        if (c.Method != "GET") throw MethodNotAllowed();
        var (start, end) = Window(c);
        if (c.Options.Filter is not null && o.CalendarViewFilter == UndocumentedFilter.Refused)
            throw new GraphError(400, "ErrorInvalidUrlQueryFilter", "$filter is not supported on calendarView.");
        var rows = m.Events.Values.Where(e => Overlaps(e, start, end)).Select(e => Row(c, m, e, isList: true, o));
        return Page(c, $"users('{m.Address}')/calendarView", rows,
            new FilterRules("event", Schemas.Event, StringExtendedProperties: true, o.MaxExtendedPropertyClauses),
            defaultOrder: full => full["start"]!["dateTime"]!.GetValue<string>() + "|" + full["id"]!.GetValue<string>());
    }

    private static (DateTimeOffset Start, DateTimeOffset End) Window(Call c)
    {
        var start = Formats.ParseQueryInstant(c.Query.GetValueOrDefault("startDateTime"));
        var end = Formats.ParseQueryInstant(c.Query.GetValueOrDefault("endDateTime"));
        if (!c.Query.ContainsKey("startDateTime") || !c.Query.ContainsKey("endDateTime"))
            throw new GraphError(400, "ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");
        if (start is null || end is null)
            throw new GraphError(400, "ErrorInvalidParameter", "The value of the parameter 'StartDateTime' or 'EndDateTime' is not a valid date-time.");
        return (start.Value, end.Value);
    }

    private static bool Overlaps(Item e, DateTimeOffset start, DateTimeOffset end) =>
        e.StartUtc < end && (e.EndUtc > start || (e.EndUtc == e.StartUtc && e.StartUtc >= start));

    private JsonObject RenderEvent(Call c, Mailbox m, Item e, bool isList, GraphEmulatorOptions o)
    {
        // user-list-events.md "Support various time zones": Prefer: outlook.timezone sets the zone of start and end, UTC
        // without it; Preference-Applied confirms it.
        var zoneName = "UTC";
        var zone = TimeZoneInfo.Utc;
        if (c.Prefer("outlook.timezone") is { Length: > 0 } wanted && Formats.FindZone(wanted) is { } found)
        {
            zone = found;
            zoneName = wanted;
            c.Applied($"outlook.timezone=\"{wanted}\"");
        }
        return RenderEvent(m, e, WantedBodyType(c, isList, o), zone, zoneName);
    }

    /// <summary>The full representation of resources/event.md (the properties a GET without $select returns).</summary>
    private JsonObject RenderEvent(Mailbox m, Item e, string wantedBody, TimeZoneInfo zone, string zoneName)
    {
        var d = e.Data;
        var storedBody = d["body"] as JsonObject ?? new JsonObject { ["contentType"] = "html", ["content"] = "" };
        var json = new JsonObject
        {
            ["@odata.etag"] = $"W/\"{e.ChangeKey}\"",
            ["id"] = e.Id,
            ["createdDateTime"] = Formats.Timestamp(e.Created),
            ["lastModifiedDateTime"] = Formats.Timestamp(e.LastModified),
            ["changeKey"] = e.ChangeKey,
            ["categories"] = d["categories"]?.DeepClone() ?? new JsonArray(),
        };
        // resources/event.md: transactionId "is only returned in a response payload if an app has set it".
        if (e.TransactionId is not null) json["transactionId"] = e.TransactionId;
        json["originalStartTimeZone"] = d["originalStartTimeZone"]?.DeepClone() ?? "UTC";
        json["originalEndTimeZone"] = d["originalEndTimeZone"]?.DeepClone() ?? "UTC";
        json["iCalUId"] = e.ICalUId;
        json["reminderMinutesBeforeStart"] = d["reminderMinutesBeforeStart"]?.DeepClone() ?? 15;
        json["isReminderOn"] = d["isReminderOn"]?.DeepClone() ?? true;
        json["hasAttachments"] = false;
        json["subject"] = d["subject"]?.DeepClone() ?? "";
        json["bodyPreview"] = Formats.Preview(storedBody);
        json["importance"] = d["importance"]?.DeepClone() ?? "normal";
        json["sensitivity"] = d["sensitivity"]?.DeepClone() ?? "normal";
        json["isAllDay"] = d["isAllDay"]?.DeepClone() ?? false;
        json["isCancelled"] = d["isCancelled"]?.DeepClone() ?? false;
        json["isOrganizer"] = e.CopyOf is null;
        json["responseRequested"] = d["responseRequested"]?.DeepClone() ?? true;
        json["seriesMasterId"] = null;
        json["showAs"] = d["showAs"]?.DeepClone() ?? "busy";
        json["type"] = "singleInstance";
        json["webLink"] = $"https://outlook.office365.com/owa/?itemid={Uri.EscapeDataString(e.Id)}&exvsurl=1&path=/calendar/item";
        json["onlineMeetingUrl"] = null;
        json["isOnlineMeeting"] = d["isOnlineMeeting"]?.DeepClone() ?? false;
        json["onlineMeetingProvider"] = d["onlineMeetingProvider"]?.DeepClone() ?? "unknown";
        json["allowNewTimeProposals"] = d["allowNewTimeProposals"]?.DeepClone() ?? true;
        json["isDraft"] = false;
        json["hideAttendees"] = d["hideAttendees"]?.DeepClone() ?? false;
        json["recurrence"] = null;
        json["responseStatus"] = e.CopyOf is null
            ? new JsonObject { ["response"] = "organizer", ["time"] = "0001-01-01T00:00:00Z" }
            : new JsonObject { ["response"] = "notResponded", ["time"] = "0001-01-01T00:00:00Z" };
        json["body"] = Formats.Body(storedBody, wantedBody);
        json["start"] = Formats.DateTimeTimeZone(e.StartUtc, zone, zoneName);
        json["end"] = Formats.DateTimeTimeZone(e.EndUtc, zone, zoneName);
        json["location"] = d["location"]?.DeepClone() ?? new JsonObject { ["displayName"] = "", ["locationType"] = "default", ["uniqueIdType"] = "unknown" };
        json["locations"] = d["locations"]?.DeepClone() ?? new JsonArray();
        json["attendees"] = d["attendees"]?.DeepClone() ?? new JsonArray();
        json["organizer"] = d["organizer"]?.DeepClone() ?? new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = m.DisplayName, ["address"] = m.Address } };
        json["onlineMeeting"] = d["onlineMeeting"]?.DeepClone();
        return json;
    }
}
