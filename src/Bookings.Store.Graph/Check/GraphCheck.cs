using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bookings.Store.Graph.Client;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Check;

/// <summary>How one assumption of the store fared on a tenant.</summary>
public enum CheckResult { Pass, Fail, Note }

/// <summary>
/// One assumption the Microsoft 365 store makes, tried on a real mailbox: what was seen, the documentation it rests on, and what the store
/// does when it does not hold.
/// </summary>
public sealed record CheckOutcome(string Id, string Assumption, CheckResult Result, string Seen, string Documentation, string WhenItFails);

/// <summary>
/// <c>bookings graph check</c>: tries every assumption the store makes on a mailbox of the tenant with scratch items it creates and
/// removes (a hidden folder with draft messages, two events without attendees, a contact folder with one contact), and reports each.
/// Nothing is mailed: the items have no recipients and no attendees.
/// </summary>
public sealed class GraphCheck(HttpClient http, TimeProvider time, GraphStoreOptions options)
{
    private const string Docs = "https://learn.microsoft.com/graph/api/";
    private readonly GraphClient _graph = new(http);
    private readonly ItemProperties _properties = new(options.PropertySetId);

    private sealed class Scratch
    {
        public string? FolderId { get; set; }
        public List<string> Events { get; } = [];
        public string? ContactFolderId { get; set; }
    }

    public async Task<IReadOnlyList<CheckOutcome>> RunAsync(string mailbox, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mailbox);
        var results = new List<CheckOutcome>();
        var scratch = new Scratch();
        var tag = Guid.NewGuid().ToString("N")[..12];
        try
        {
            if (!await OpenAsync(mailbox, results, ct)) return results;
            await ClockAsync(mailbox, results, ct);
            await FoldersAndMessagesAsync(mailbox, tag, scratch, results, ct);
            await EventsAsync(mailbox, tag, scratch, results, ct);
            await OnlineMeetingsAsync(mailbox, results, ct);
            await ContactsAsync(mailbox, tag, scratch, results, ct);
            await DeltaAsync(mailbox, results, ct);
            await ScheduleAsync(mailbox, results, ct);
            if (options.DirectoryMailbox.Length > 0 && !string.Equals(options.DirectoryMailbox, mailbox, StringComparison.OrdinalIgnoreCase))
            {
                var directory = await _graph.SendAsync(HttpMethod.Get, $"{User(options.DirectoryMailbox)}/mailFolders?includeHiddenFolders=true&$top=1", null, ct);
                results.Add(new("directory", $"The directory mailbox {options.DirectoryMailbox} can be opened", directory.Ok ? CheckResult.Pass : CheckResult.Fail,
                    Status(directory), Docs + "user-list-mailfolders",
                    "No calendar can be listed or created: Graph:DirectoryMailbox must be a mailbox in the app's scope."));
            }
        }
        finally
        {
            await CleanAsync(mailbox, scratch);
        }
        return results;
    }

    private static string Status(GraphAnswer a) => a.Ok ? $"{(int)a.Status}" : $"{(int)a.Status} {a.ErrorCode}";

    private async Task<bool> OpenAsync(string mailbox, List<CheckOutcome> results, CancellationToken ct)
    {
        var answer = await _graph.SendAsync(HttpMethod.Get, $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$top=1", null, ct);
        results.Add(new("open", "The app can open the mailbox", answer.Ok ? CheckResult.Pass : CheckResult.Fail, Status(answer), Docs + "user-list-mailfolders",
            answer.Status == HttpStatusCode.Forbidden
                ? "The mailbox is outside the app's scope: the store lists it as unreachable and skips it (add it with infra/exchange-scope.ps1)."
                : "The store cannot use this mailbox as a calendar."));
        return answer.Ok;
    }

    private async Task ClockAsync(string mailbox, List<CheckOutcome> results, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{User(mailbox)}/mailFolders?$top=1");
        using var response = await http.SendAsync(request, ct);
        var skew = response.Headers.Date is { } date ? (time.GetUtcNow() - date).Duration() : (TimeSpan?)null;
        results.Add(new("clock", "This machine's clock is within a minute of Exchange's",
            skew is null ? CheckResult.Note : skew < TimeSpan.FromSeconds(60) ? CheckResult.Pass : CheckResult.Fail,
            skew is null ? "no Date header" : $"{skew.Value.TotalSeconds:0} s apart", "https://www.rfc-editor.org/rfc/rfc9110#field.date",
            "Claims left by a crashed instance are ignored after 3 minutes by the reader's clock, and an instance gives up its own after 20 s: clocks " +
            "more than two minutes apart could let a slow claim be ignored while it settles. Keep the hosts on NTP."));
    }

    private async Task FoldersAndMessagesAsync(string mailbox, string tag, Scratch scratch, List<CheckOutcome> results, CancellationToken ct)
    {
        var name = $"Bookings check {tag}";
        var folder = await _graph.SendAsync(HttpMethod.Post, $"{User(mailbox)}/mailFolders", new JsonObject { ["displayName"] = name, ["isHidden"] = true }, ct);
        if (!folder.Ok)
        {
            results.Add(new("hidden-folder", "A hidden mail folder can be created", CheckResult.Fail, Status(folder), Docs + "user-post-mailfolders",
                "The store keeps documents, the outbox and the audit log in a hidden folder: it cannot work in this mailbox."));
            return;
        }
        scratch.FolderId = folder.Body!["id"]!.GetValue<string>();
        var plain = await _graph.ListAllAsync("list folders", $"{User(mailbox)}/mailFolders?$select=id,displayName&$top=250", ct);
        var hidden = await _graph.ListAllAsync("list folders", $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName&$top=250", ct);
        var listedHidden = hidden.Any(f => f["id"]?.GetValue<string>() == scratch.FolderId);
        var listedPlain = plain.Any(f => f["id"]?.GetValue<string>() == scratch.FolderId);
        results.Add(new("hidden-folder", "A hidden folder is listed only with includeHiddenFolders=true",
            listedHidden && !listedPlain ? CheckResult.Pass : listedHidden ? CheckResult.Note : CheckResult.Fail,
            $"with: {(listedHidden ? "listed" : "not listed")}; without: {(listedPlain ? "listed" : "not listed")}", Docs + "user-list-mailfolders",
            listedHidden ? "The folder shows in Outlook; nothing else changes." : "The store would not find its folder again and would make another."));

        var json = new JsonObject { ["check"] = tag, ["text"] = "Zażółć gęślą jaźń — 予約 <&> \u2603" }.ToJsonString();
        var props = _properties.Write(("Kind", "check"), ("Key", ItemProperties.Key(tag)), ("Other", "kept"));
        var message = await _graph.SendAsync(HttpMethod.Post, HiddenMessages(mailbox, scratch.FolderId),
            new JsonObject { ["subject"] = name, ["body"] = Bodies.TextBody(json), ["singleValueExtendedProperties"] = props }, ct);
        if (!message.Ok)
        {
            results.Add(new("message", "A draft message can be written in the folder", CheckResult.Fail, Status(message), Docs + "mailfolder-post-messages",
                "The store cannot keep a calendar document in this mailbox."));
            return;
        }
        var messageId = message.Body!["id"]!.GetValue<string>();
        var one = await _graph.SendAsync(HttpMethod.Get, $"{User(mailbox)}/messages/{Q(messageId)}?$select=id,body&{_properties.Expand("Kind", "Key", "Other")}", null, ct, textBody: true);
        results.Add(new("message-body", "A message's text body reads back exactly (Prefer: outlook.body-content-type=\"text\")",
            one.Ok && Bodies.Text(one.Body!) == json ? CheckResult.Pass : CheckResult.Fail, one.Ok ? Truncate(Bodies.Text(one.Body!)) : Status(one),
            Docs + "message-get", "Documents and messages could not be read back: the store cannot work here."));
        results.Add(new("expand", "Extended properties are written with the item and read with $expand",
            one.Ok && _properties.Read(one.Body!, "Key") == ItemProperties.Key(tag) ? CheckResult.Pass : CheckResult.Fail, one.Ok ? "read back" : Status(one),
            Docs + "singlevaluelegacyextendedproperty-get", "The store keeps its ids and states in extended properties: it cannot work here."));

        var listed = await _graph.SendAsync(HttpMethod.Get,
            $"{HiddenMessages(mailbox, scratch.FolderId)}?{_properties.KeyFilter("Key", tag)}&$select=id,body", null, ct, textBody: true);
        var found = listed.Values.OfType<JsonObject>().ToList();
        results.Add(new("filter-messages", "An equality $filter on a string extended property finds messages",
            found.Count == 1 ? CheckResult.Pass : CheckResult.Fail, listed.Ok ? $"{found.Count} found" : Status(listed), Docs + "singlevaluelegacyextendedproperty-get",
            "Outbox messages, directory entries and the audit log are found that way: the store cannot work here."));
        results.Add(new("list-body", "A listed message's body reads back as the same text (HTML or not)",
            found.Count == 1 && Bodies.Text(found[0]) == json ? CheckResult.Pass : CheckResult.Fail,
            found.Count == 1 ? $"{found[0]["body"]?["contentType"]} body" : "not found", "https://github.com/microsoftgraph/microsoft-graph-docs/issues/4156",
            "Listed bodies would be misread; the store reads bodies one by one instead (a request each)."));

        var upper = await _graph.SendAsync(HttpMethod.Get,
            $"{HiddenMessages(mailbox, scratch.FolderId)}?$filter={Q($"singleValueExtendedProperties/any(ep: ep/id eq '{_properties.Id("Key")}' and ep/value eq '{ItemProperties.Key(tag).ToUpperInvariant()}')")}&$select=id", null, ct);
        results.Add(new("case", "Extended-property values compare ignoring case (the store filters on lower-case hex keys only)", CheckResult.Note,
            upper.Ok ? $"an upper-case value found {upper.Values.Count}" : Status(upper), Docs + "singlevaluelegacyextendedproperty-get",
            "Nothing: every value the store filters on is a key whose equality ignoring case is exact."));
        var range = await _graph.SendAsync(HttpMethod.Get,
            $"{HiddenMessages(mailbox, scratch.FolderId)}?$filter={Q($"singleValueExtendedProperties/any(ep: ep/id eq '{_properties.Id("Key")}' and ep/value ge '0')")}&$select=id", null, ct);
        results.Add(new("range", "Range operators (ge, lt) on string extended properties are not used", CheckResult.Note,
            range.Ok ? "accepted here, not relied on" : $"refused: {Status(range)}", Docs + "singlevaluelegacyextendedproperty-get",
            "Nothing: the audit log is found by month (equality), not by a range."));

        var patched = await _graph.PatchOwnAsync($"{User(mailbox)}/messages/{Q(messageId)}",
            new JsonObject { ["singleValueExtendedProperties"] = _properties.Write(("Kind", "check-changed")) }, ct);
        var after = await _graph.SendAsync(HttpMethod.Get, $"{User(mailbox)}/messages/{Q(messageId)}?$select=id&{_properties.Expand("Kind", "Other")}", null, ct);
        results.Add(new("patch-some", "A PATCH of some extended properties, without If-Match, leaves the others as they were",
            patched.Ok && after.Ok && _properties.Read(after.Body!, "Kind") == "check-changed" && _properties.Read(after.Body!, "Other") == "kept" ? CheckResult.Pass : CheckResult.Fail,
            patched.Ok ? $"Kind={_properties.Read(after.Body ?? [], "Kind")}, Other={_properties.Read(after.Body ?? [], "Other")}" : Status(patched),
            Docs + "message-update", "The dispatcher and the writers of a record share it property by property: messages could be lost."));
    }

    private async Task EventsAsync(string mailbox, string tag, Scratch scratch, List<CheckOutcome> results, CancellationToken ct)
    {
        var start = time.GetUtcNow().AddDays(400).Date;
        var transaction = Guid.NewGuid().ToString();
        JsonObject Event() => new()
        {
            ["subject"] = $"Bookings check {tag}",
            ["start"] = Instants.DateTimeTimeZone(start),
            ["end"] = Instants.DateTimeTimeZone(start.AddMinutes(30)),
            ["showAs"] = "free",
            ["isReminderOn"] = false,
            ["transactionId"] = transaction,
            ["singleValueExtendedProperties"] = _properties.Write(("Kind", "check"), ("Key", ItemProperties.Key(tag))),
        };
        var first = await _graph.SendAsync(HttpMethod.Post, $"{User(mailbox)}/calendar/events", Event(), ct);
        if (!first.Ok)
        {
            results.Add(new("event", "An event without attendees can be written", CheckResult.Fail, Status(first), Docs + "user-post-events",
                "Seat records and holds are such events: the store cannot book in this mailbox."));
            return;
        }
        var firstId = first.Body!["id"]!.GetValue<string>();
        scratch.Events.Add(firstId);

        // Read-your-writes: the claims need an event, once its POST is answered, in every read that follows.
        var seenAtOnce = 0;
        const int tries = 5;
        for (var i = 0; i < tries; i++)
        {
            var view = await _graph.SendAsync(HttpMethod.Get,
                $"{User(mailbox)}/calendar/calendarView?startDateTime={Q(Instants.Text(start))}&endDateTime={Q(Instants.Text(start.AddHours(1)))}&$select=id,start,end&{_properties.Expand("Kind", "Key")}",
                null, ct);
            if (view.Values.OfType<JsonObject>().Any(e => e["id"]?.GetValue<string>() == firstId && _properties.Read(e, "Key") == ItemProperties.Key(tag))) seenAtOnce++;
        }
        results.Add(new("read-your-writes", "A new event is in every calendarView read after its POST was answered (with $select=id,start,end and $expand)",
            seenAtOnce == tries ? CheckResult.Pass : CheckResult.Fail, $"seen in {seenAtOnce} of {tries} reads", Docs + "user-list-calendarview",
            "Hold-and-verify rests on it: a hold missing from a read could let two bookings of one slot both win. Do not use this tenant until this passes."));

        var selectCreated = await _graph.SendAsync(HttpMethod.Get,
            $"{User(mailbox)}/calendar/calendarView?startDateTime={Q(Instants.Text(start))}&endDateTime={Q(Instants.Text(start.AddHours(1)))}&$select=id,createdDateTime", null, ct);
        results.Add(new("select-created", "calendarView is not asked to $select createdDateTime (documented as unsupported)", CheckResult.Note,
            selectCreated.Ok ? $"answered {selectCreated.Values.OfType<JsonObject>().Count(e => e["createdDateTime"] is not null)} with it: not relied on" : $"refused: {Status(selectCreated)}",
            Docs + "user-list-calendarview", "Nothing: claims are ordered by their own Order property."));

        var byKey = await _graph.SendAsync(HttpMethod.Get, $"{User(mailbox)}/events?{_properties.KeyFilter("Key", tag)}&$select=id", null, ct);
        results.Add(new("filter-events", "An equality $filter on a string extended property finds events",
            byKey.Ok && byKey.Values.OfType<JsonObject>().Any(e => e["id"]?.GetValue<string>() == firstId) ? CheckResult.Pass : CheckResult.Fail,
            byKey.Ok ? $"{byKey.Values.Count} found" : Status(byKey), Docs + "singlevaluelegacyextendedproperty-get",
            "Manage links, idempotency keys and appointments are found that way: the store cannot work here."));

        var stopwatch = Stopwatch.StartNew();
        var spurious = 0;
        GraphAnswer patch = null!;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            patch = await _graph.SendAsync(HttpMethod.Patch, $"{User(mailbox)}/events/{Q(firstId)}",
                new JsonObject { ["singleValueExtendedProperties"] = _properties.Write(("Kind", "check-patched")) }, ct);
            if (patch.Status != HttpStatusCode.PreconditionFailed) break;
            spurious++;
        }
        results.Add(new("patch-own", "A PATCH of an event just created succeeds without If-Match (a 412 from Exchange alone is retried)",
            patch.Ok ? CheckResult.Pass : CheckResult.Fail, $"{Status(patch)} after {spurious} × 412 in {stopwatch.ElapsedMilliseconds} ms",
            "https://github.com/mguessan/davmail/issues/491", "Settling a hold would fail and the booking be refused (slot_taken): nothing is double-booked."));

        var replay = await _graph.SendAsync(HttpMethod.Post, $"{User(mailbox)}/calendar/events", Event(), ct);
        if (replay.Ok && replay.Body?["id"]?.GetValue<string>() is { } replayId && replayId != firstId) scratch.Events.Add(replayId);
        var reading = !replay.Ok ? $"a replay answered {Status(replay)}"
            : replay.Body?["id"]?.GetValue<string>() == firstId ? "a replay answered the same event" : "a replay made a second event";
        results.Add(new("transaction-id", "A replayed event POST (same transactionId) is recognised, whatever Exchange answers", CheckResult.Note, reading,
            Docs + "resources/event", "Nothing: a hold carries its claim order, so copies are recognised and deleted."));
    }

    private async Task OnlineMeetingsAsync(string mailbox, List<CheckOutcome> results, CancellationToken ct)
    {
        var calendar = await _graph.SendAsync(HttpMethod.Get, $"{User(mailbox)}/calendar?$select=allowedOnlineMeetingProviders,defaultOnlineMeetingProvider", null, ct);
        var providers = (calendar.Body?["allowedOnlineMeetingProviders"] as JsonArray ?? []).Select(p => p?.GetValue<string>()).OfType<string>().ToList();
        var teams = providers.Contains("teamsForBusiness", StringComparer.OrdinalIgnoreCase);
        results.Add(new("teams", "The mailbox's calendar allows Teams meetings", !calendar.Ok ? CheckResult.Fail : teams ? CheckResult.Pass : CheckResult.Note,
            calendar.Ok ? (providers.Count == 0 ? "no provider allowed" : string.Join(", ", providers)) : Status(calendar),
            "https://learn.microsoft.com/graph/outlook-calendar-online-meetings",
            "Online services get no Teams link here: messages carry the service's meeting link, or say that the business sends it."));
    }

    private async Task ContactsAsync(string mailbox, string tag, Scratch scratch, List<CheckOutcome> results, CancellationToken ct)
    {
        var folder = await _graph.SendAsync(HttpMethod.Post, $"{User(mailbox)}/contactFolders", new JsonObject { ["displayName"] = $"Bookings check {tag}" }, ct);
        if (!folder.Ok)
        {
            results.Add(new("contacts", "A contact folder can be created", CheckResult.Fail, Status(folder), Docs + "user-post-contactfolders",
                "Customers cannot be kept: bookings still work, the customer list stays empty."));
            return;
        }
        scratch.ContactFolderId = folder.Body!["id"]!.GetValue<string>();
        var email = $"check-{tag}@example.com";
        await _graph.SendAsync(HttpMethod.Post, $"{User(mailbox)}/contactFolders/{Q(scratch.ContactFolderId)}/contacts", new JsonObject
        {
            ["displayName"] = "Bookings check",
            ["emailAddresses"] = new JsonArray(new JsonObject { ["address"] = email, ["name"] = "Bookings check" }),
        }, ct);
        var found = await _graph.SendAsync(HttpMethod.Get,
            $"{User(mailbox)}/contactFolders/{Q(scratch.ContactFolderId)}/contacts?$filter={Q($"emailAddresses/any(a:a/address eq '{email}')")}", null, ct);
        results.Add(new("contacts", "A contact is found by its address (emailAddresses/any)", found.Ok && found.Values.Count == 1 ? CheckResult.Pass : CheckResult.Fail,
            found.Ok ? $"{found.Values.Count} found" : Status(found), Docs + "user-list-contacts",
            "A returning customer would get a second contact; bookings are not affected."));
    }

    private async Task DeltaAsync(string mailbox, List<CheckOutcome> results, CancellationToken ct)
    {
        var start = time.GetUtcNow().AddDays(399);
        string? next = $"{User(mailbox)}/calendarView/delta?startDateTime={Q(Instants.Text(start))}&endDateTime={Q(Instants.Text(start.AddDays(2)))}";
        GraphAnswer page = null!;
        for (var pages = 0; next is not null && pages < 20; pages++)
        {
            page = await _graph.SendAsync(HttpMethod.Get, next, null, ct);
            if (!page.Ok || page.Body?["@odata.deltaLink"] is not null) break;
            next = page.NextLink;
        }
        results.Add(new("delta", "calendarView/delta answers with a deltaLink (change tracking)", page.Ok && page.Body?["@odata.deltaLink"] is not null ? CheckResult.Pass : CheckResult.Note,
            Status(page), Docs + "event-delta", "Availability is read from Graph on each request instead of a change-tracked cache."));
    }

    private async Task ScheduleAsync(string mailbox, List<CheckOutcome> results, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var answer = await _graph.SendAsync(HttpMethod.Post, $"{User(mailbox)}/calendar/getSchedule", new JsonObject
        {
            ["schedules"] = new JsonArray(mailbox),
            ["startTime"] = Instants.DateTimeTimeZone(now),
            ["endTime"] = Instants.DateTimeTimeZone(now.AddDays(1)),
            ["availabilityViewInterval"] = 60,
        }, ct);
        results.Add(new("free-busy", "getSchedule answers on the mailbox (staff free/busy)", answer.Ok ? CheckResult.Pass : CheckResult.Fail, Status(answer),
            Docs + "calendar-getschedule", "Staff without an ICS feed cannot be synced: their own calendars do not block their slots."));
    }

    private async Task CleanAsync(string mailbox, Scratch scratch)
    {
        foreach (var id in scratch.Events) await TryAsync($"{User(mailbox)}/events/{Q(id)}");
        if (scratch.FolderId is not null) await TryAsync($"{User(mailbox)}/mailFolders/{Q(scratch.FolderId)}");
        if (scratch.ContactFolderId is not null) await TryAsync($"{User(mailbox)}/contactFolders/{Q(scratch.ContactFolderId)}");
    }

    private async Task TryAsync(string uri)
    {
        try { await _graph.SendAsync(HttpMethod.Delete, uri, null, CancellationToken.None); }
        catch (HttpRequestException) { }
    }

    private static string HiddenMessages(string mailbox, string folderId) => $"{User(mailbox)}/mailFolders/{Q(folderId)}/messages";

    private static string Truncate(string? text) => text is null ? "(none)" : text.Length <= 80 ? text : text[..79] + "…";
}
