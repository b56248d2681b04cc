using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Store.Graph.Claims;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Records;
using static Bookings.Store.Graph.Check.CheckAssumptions;
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
/// <c>bookings graph check</c>: tries, on one mailbox of the tenant, every request shape the store relies on, with scratch items it creates
/// and removes (a hidden mail folder with draft messages, events without attendees, a contact folder with one contact), and reports each
/// assumption: passed, failed (with what the store does then), or a note (a reading the store does not rely on). The requests are the
/// store's own where the store has them as code (its calendar reads, event filters, record shape, getSchedule reader), so the check
/// tries what the store sends. Nothing is mailed: no item has recipients or attendees, and sendMail is not called. A failed first check
/// (the app cannot open the mailbox) ends the run; a check that needs an item an earlier one could not make is left out. Every scratch
/// item carries the run's tag and is removed at the end even when a step throws or the run is cancelled: the ones the run knows, then
/// whatever a search by the tag still finds (a create whose answer was lost).
/// </summary>
public sealed class GraphCheck(HttpClient http, TimeProvider time, GraphStoreOptions options)
{
    /// <summary>The tries of a PATCH that Exchange may answer with 412 by itself (GraphClient.PatchOwnAsync tries as often).</summary>
    private const int PatchAttempts = 4;

    /// <summary>The size of the large property: an appointment's outbox (whole composed messages) is one property of its record.</summary>
    private const int LargeValueChars = 64 * 1024;

    /// <summary>What every scratch item's name starts with (Outlook shows it, and the clean-up searches for it with the run's tag).</summary>
    public const string ScratchName = "Bookings check";

    private static readonly TimeSpan CleanUpTime = TimeSpan.FromMinutes(2);

    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly GraphStoreOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly GraphClient _graph = new(http);
    private readonly ItemProperties _properties = new(options.PropertySetId);
    private readonly SeatRecords _records = new(new ItemProperties(options.PropertySetId));

    private sealed record Tried(CheckResult Result, string Seen, string? WhenItFails = null);

    /// <summary>Every assumption in the order a run reports them (a run leaves out the ones it could not try).</summary>
    public static IReadOnlyList<string> Ids => CheckAssumptions.Ids;

    /// <summary>Runs every check on <paramref name="mailbox"/> and answers the outcomes in order. Throws only when cancelled.</summary>
    public async Task<IReadOnlyList<CheckOutcome>> RunAsync(string mailbox, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mailbox);
        var run = new Run(this, mailbox.Trim(), Guid.NewGuid().ToString("N")[..12], ct);
        try
        {
            await run.AllAsync();
        }
        finally
        {
            await run.CleanUpAsync();
        }
        return run.Results;
    }

    /// <summary>One run: its mailbox, tag, results and the scratch items it made.</summary>
    private sealed class Run(GraphCheck check, string mailbox, string tag, CancellationToken ct)
    {
        private readonly GraphClient _graph = check._graph;
        private readonly ItemProperties _properties = check._properties;
        private readonly SeatRecords _records = check._records;
        private readonly RecordReader _reader = new(check._graph, check._properties, check._records);
        private readonly string _name = $"{ScratchName} {tag}";

        // Scratch items, recorded as soon as they exist.
        private readonly List<string> _folders = [];
        private readonly List<string> _events = [];
        private readonly List<string> _contactFolders = [];
        private bool _madeAnything;

        // What later checks need from earlier ones.
        private string? _folder;
        private string? _messageId;
        private string? _messageJson;
        private string? _eventId;
        private DateTimeOffset _eventStart;
        private JsonObject? _eventBody;
        private string? _contactFolder;
        private string? _contactId;
        private bool _teamsAllowed;

        public List<CheckOutcome> Results { get; } = [];

        private string Key => ItemProperties.Key(tag);
        private string Messages(string folder) => $"{User(mailbox)}/mailFolders/{Q(folder)}/messages";

        public async Task AllAsync()
        {
            if (!await TryAsync(Open, OpenAsync)) return;
            await TryAsync(Clock, ClockAsync);

            if (await TryAsync(HiddenFolder, HiddenFolderAsync))
            {
                await TryAsync(HiddenListing, HiddenListingAsync);
                await TryAsync(FolderExists, FolderExistsAsync);
                if (await TryAsync(Message, MessageAsync))
                {
                    await TryAsync(MessageBody, MessageBodyAsync);
                    await TryAsync(Expand, ExpandAsync);
                    await TryAsync(FilterMessages, FilterMessagesAsync);
                    await TryAsync(ListBody, ListBodyAsync);
                    await TryAsync(Case, CaseAsync);
                    await TryAsync(RangeFilter, RangeAsync);
                    await TryAsync(PatchSome, PatchSomeAsync);
                    await TryAsync(PatchBody, PatchBodyAsync);
                    await TryAsync(Paging, PagingAsync);
                    await TryAsync(DeleteMessage, DeleteMessageAsync);
                }
            }

            if (await TryAsync(Event, EventAsync))
            {
                await TryAsync(NoMail, () => Task.FromResult(new Tried(CheckResult.Note,
                    "not observable: Graph does not say what mail a write caused; no event of this run has attendees")));
                await TryAsync(ReadYourWrites, ReadYourWritesAsync);
                await TryAsync(Utc, UtcAsync);
                await TryAsync(SelectCreated, SelectCreatedAsync);
                await TryAsync(FilterEvents, FilterEventsAsync);
                await TryAsync(PatchOwn, PatchOwnAsync);
                await TryAsync(LargeProperty, LargePropertyAsync);
                await TryAsync(TransactionId, TransactionIdAsync);
                await TryAsync(DeleteEvent, DeleteEventAsync);
            }

            await TryAsync(Teams, TeamsAsync);
            if (_teamsAllowed) await TryAsync(TeamsLink, TeamsLinkAsync);

            if (await TryAsync(ContactFolder, ContactFolderAsync))
            {
                if (await TryAsync(Contacts, ContactsAsync)) await TryAsync(ContactUpdate, ContactUpdateAsync);
            }
            await TryAsync(Top, TopAsync);
            await TryAsync(FreeBusy, FreeBusyAsync);
            await TryAsync(SendMail, () => Task.FromResult(new Tried(CheckResult.Note, "not tried: it would send a message")));
            if (_folder is not null) await TryAsync(DeleteFolder, DeleteFolderAsync);

            if (Options.DirectoryMailbox.Length > 0 && !string.Equals(Options.DirectoryMailbox, mailbox, StringComparison.OrdinalIgnoreCase))
                await TryAsync(DirectoryMailbox, DirectoryAsync);
        }

        private GraphStoreOptions Options => check._options;

        /// <summary>
        /// Tries one assumption and records its outcome; a request that got no answer (or an answer the check could not read) fails it.
        /// True when it passed (or is a note): the checks that need it go on.
        /// </summary>
        private async Task<bool> TryAsync(Assumption assumption, Func<Task<Tried>> body)
        {
            Tried tried;
            try
            {
                tried = await body();
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Whatever a step meets (no answer, a timeout, an answer without the expected shape) fails that step, not the run.
                tried = new Tried(CheckResult.Fail, $"no usable answer: {e.GetType().Name}: {OneLine(e.Message)}");
            }
            Results.Add(new CheckOutcome(assumption.Id, assumption.Text, tried.Result, tried.Seen, assumption.Documentation,
                tried.WhenItFails ?? assumption.WhenItFails));
            return tried.Result != CheckResult.Fail;
        }

        private Task<GraphAnswer> GetAsync(string uri, bool textBody = false) => _graph.SendAsync(HttpMethod.Get, uri, null, ct, textBody);

        private Task<GraphAnswer> PostAsync(string uri, JsonObject body) => _graph.SendAsync(HttpMethod.Post, uri, body, ct);

        /// <summary>A PATCH as the store sends its own (GraphClient.PatchOwnAsync): a 412 or 409 Exchange gives by itself is tried again.</summary>
        private async Task<(GraphAnswer Answer, int Conflicts)> PatchAsync(string uri, JsonObject body)
        {
            GraphAnswer answer = null!;
            var conflicts = 0;
            for (var attempt = 0; attempt < PatchAttempts; attempt++)
            {
                answer = await _graph.SendAsync(HttpMethod.Patch, uri, body.DeepClone(), ct);
                if (answer.Status is not (HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)) break;
                conflicts++;
                await Task.Delay(TimeSpan.FromMilliseconds(20 << attempt), ct);
            }
            return (answer, conflicts);
        }

        private static string After(int conflicts) => conflicts == 0 ? "" : $" (after {conflicts} × 412)";

        // ---- the mailbox ----

        private async Task<Tried> OpenAsync()
        {
            // The store's first request to a mailbox (HiddenFolders.FindAsync).
            var answer = await GetAsync($"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100");
            return answer.Status switch
            {
                _ when answer.Ok => new Tried(CheckResult.Pass, Status(answer)),
                HttpStatusCode.Forbidden => new Tried(CheckResult.Fail, Status(answer),
                    "The mailbox is outside the app's scope (RBAC for Applications or an application access policy): the store lists it as unreachable " +
                    "and skips it (admin app, CLI, /health). Add it to the scope with infra/exchange-scope.ps1."),
                HttpStatusCode.NotFound => new Tried(CheckResult.Fail, Status(answer),
                    "There is no such mailbox in the tenant: create it (Microsoft Bookings, or New-Mailbox -Shared) or correct the address."),
                HttpStatusCode.Unauthorized => new Tried(CheckResult.Fail, Status(answer),
                    "Microsoft Graph refused the app's token: check Graph:TenantId, Graph:ClientId and the credential."),
                _ => new Tried(CheckResult.Fail, Status(answer)),
            };
        }

        private async Task<Tried> ClockAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{User(mailbox)}/mailFolders?$select=id&$top=1", UriKind.Relative));
            using var response = await check._http.SendAsync(request, ct);
            if (response.Headers.Date is not { } date) return new Tried(CheckResult.Note, "no Date header");
            var skew = check._time.GetUtcNow() - date;
            // The Date header has whole seconds.
            if (skew.Duration() <= TimeSpan.FromSeconds(2)) return new Tried(CheckResult.Pass, "within 2 s");
            var seen = $"{skew.Duration().TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s apart (this machine {(skew > TimeSpan.Zero ? "ahead" : "behind")})";
            return new Tried(skew.Duration() < TimeSpan.FromMinutes(1) ? CheckResult.Pass : CheckResult.Fail, seen);
        }

        // ---- the hidden folder and its messages ----

        private async Task<Tried> HiddenFolderAsync()
        {
            _madeAnything = true; // from here on the clean-up runs, also when this POST's answer is lost
            var folder = await PostAsync($"{User(mailbox)}/mailFolders", new JsonObject { ["displayName"] = _name, ["isHidden"] = true });
            if (!folder.Ok) return new Tried(CheckResult.Fail, Status(folder));
            _folder = folder.Body!["id"]!.GetValue<string>();
            _folders.Add(_folder);
            return new Tried(CheckResult.Pass, Status(folder));
        }

        private async Task<Tried> HiddenListingAsync()
        {
            var plain = await _graph.ListAllAsync("list the mail folders", $"{User(mailbox)}/mailFolders?$select=id,displayName,isHidden&$top=100", ct);
            var hidden = await _graph.ListAllAsync("list the mail folders",
                $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100", ct);
            var listedHidden = hidden.Any(f => f["id"]?.GetValue<string>() == _folder);
            var listedPlain = plain.Any(f => f["id"]?.GetValue<string>() == _folder);
            var seen = $"with it: {(listedHidden ? "listed" : "not listed")}; without: {(listedPlain ? "listed" : "not listed")}";
            return listedHidden && !listedPlain ? new Tried(CheckResult.Pass, seen)
                : listedHidden ? new Tried(CheckResult.Note, seen, "The folder shows in Outlook; nothing else changes.")
                : new Tried(CheckResult.Fail, seen);
        }

        private async Task<Tried> FolderExistsAsync()
        {
            var second = await PostAsync($"{User(mailbox)}/mailFolders", new JsonObject { ["displayName"] = _name, ["isHidden"] = true });
            if (second.Ok && second.Body?["id"]?.GetValue<string>() is { } id)
            {
                if (id == _folder) return new Tried(CheckResult.Pass, $"{Status(second)} with the same folder");
                _folders.Add(id);
                return new Tried(CheckResult.Fail, $"{Status(second)}: a second folder of that name was made");
            }
            return second.Status == HttpStatusCode.Conflict ? new Tried(CheckResult.Pass, Status(second)) : new Tried(CheckResult.Fail, Status(second));
        }

        private async Task<Tried> MessageAsync()
        {
            // Text that a careless round trip would spoil: non-ASCII, markup characters, a line break.
            _messageJson = new JsonObject { ["check"] = tag, ["text"] = "Zażółć gęślą jaźń — 予約 <b>&amp;</b> \u2603\nnext line" }.ToJsonString();
            var message = await PostAsync(Messages(_folder!), new JsonObject
            {
                ["subject"] = _name,
                ["body"] = Bodies.TextBody(_messageJson),
                ["singleValueExtendedProperties"] = _properties.Write(("Kind", "check"), ("Key", Key), ("Other", "kept")),
            });
            if (!message.Ok) return new Tried(CheckResult.Fail, Status(message));
            _messageId = message.Body!["id"]!.GetValue<string>();
            return new Tried(CheckResult.Pass, Status(message));
        }

        private async Task<Tried> MessageBodyAsync()
        {
            var one = await GetAsync($"{User(mailbox)}/messages/{Q(_messageId!)}?$select=id,body", textBody: true);
            if (!one.Ok) return new Tried(CheckResult.Fail, Status(one));
            var text = Bodies.Text(one.Body!);
            return text == _messageJson ? new Tried(CheckResult.Pass, "read back exactly") : new Tried(CheckResult.Fail, "differs: " + Truncate(text));
        }

        private async Task<Tried> ExpandAsync()
        {
            var one = await GetAsync($"{User(mailbox)}/messages/{Q(_messageId!)}?$select=id&{_properties.Expand("Kind", "Key", "Other")}");
            if (!one.Ok) return new Tried(CheckResult.Fail, Status(one));
            return _properties.Read(one.Body!, "Key") == Key && _properties.Read(one.Body!, "Other") == "kept"
                ? new Tried(CheckResult.Pass, "read back")
                : new Tried(CheckResult.Fail, "not in the answer");
        }

        private async Task<Tried> FilterMessagesAsync()
        {
            var byKey = await GetAsync($"{Messages(_folder!)}?{_properties.KeyFilter("Key", tag)}&$select=id&$top=100");
            var byLiteral = await GetAsync($"{Messages(_folder!)}?{_properties.LiteralFilter("Kind", "check")}&$select=id&$top=100");
            if (!byKey.Ok) return new Tried(CheckResult.Fail, Status(byKey));
            if (!byLiteral.Ok) return new Tried(CheckResult.Fail, Status(byLiteral));
            var seen = $"by key {byKey.Values.Count} found, by literal {byLiteral.Values.Count} found";
            return byKey.Values.Count == 1 && byLiteral.Values.Count == 1 ? new Tried(CheckResult.Pass, seen) : new Tried(CheckResult.Fail, seen);
        }

        private async Task<Tried> ListBodyAsync()
        {
            // As the store lists bodies (outbox, audit): Prefer text, which lists may ignore (microsoft-graph-docs#4156).
            var listed = await _graph.ListAllAsync("list the messages", $"{Messages(_folder!)}?{_properties.KeyFilter("Key", tag)}&$select=id,body&$top=100",
                ct, textBody: true);
            if (listed.Count != 1) return new Tried(CheckResult.Fail, $"{listed.Count} found");
            var kind = listed[0]["body"]?["contentType"]?.GetValue<string>() ?? "no";
            return Bodies.Text(listed[0]) == _messageJson
                ? new Tried(CheckResult.Pass, $"{kind.ToLowerInvariant()} body, the same text")
                : new Tried(CheckResult.Fail, $"{kind.ToLowerInvariant()} body, differs: {Truncate(Bodies.Text(listed[0]))}");
        }

        private async Task<Tried> CaseAsync()
        {
            var upper = await GetAsync($"{Messages(_folder!)}?$filter=" +
                Q($"singleValueExtendedProperties/any(ep: ep/id eq '{_properties.Id("Key")}' and ep/value eq '{Key.ToUpperInvariant()}')") + "&$select=id");
            return new Tried(CheckResult.Note, upper.Ok ? $"the upper-case key found {upper.Values.Count}" : $"refused: {Status(upper)}");
        }

        private async Task<Tried> RangeAsync()
        {
            var range = await GetAsync($"{Messages(_folder!)}?$filter=" +
                Q($"singleValueExtendedProperties/any(ep: ep/id eq '{_properties.Id("Key")}' and ep/value ge '0')") + "&$select=id");
            return new Tried(CheckResult.Note, range.Ok ? "accepted here, not relied on" : $"refused: {Status(range)}");
        }

        private async Task<Tried> PatchSomeAsync()
        {
            var (patched, conflicts) = await PatchAsync($"{User(mailbox)}/messages/{Q(_messageId!)}",
                new JsonObject { ["singleValueExtendedProperties"] = _properties.Write(("Kind", "check-changed")) });
            if (!patched.Ok) return new Tried(CheckResult.Fail, Status(patched) + After(conflicts));
            var after = await GetAsync($"{User(mailbox)}/messages/{Q(_messageId!)}?$select=id&{_properties.Expand("Kind", "Key", "Other")}");
            if (!after.Ok) return new Tried(CheckResult.Fail, Status(after));
            var changed = _properties.Read(after.Body!, "Kind") == "check-changed";
            var kept = _properties.Read(after.Body!, "Other") == "kept" && _properties.Read(after.Body!, "Key") == Key;
            var seen = $"the one written {(changed ? "changed" : "unchanged")}, the others {(kept ? "kept" : "lost")}{After(conflicts)}";
            return new Tried(changed && kept ? CheckResult.Pass : CheckResult.Fail, seen);
        }

        private async Task<Tried> PatchBodyAsync()
        {
            // As StaffSyncStates.ReplaceAsync writes, and CalendarDocuments' heads read ($select=id,changeKey).
            var before = await ChangeKeyAsync();
            var text = new JsonObject { ["check"] = tag, ["replaced"] = true }.ToJsonString();
            var (patched, conflicts) = await PatchAsync($"{User(mailbox)}/messages/{Q(_messageId!)}", new JsonObject { ["body"] = Bodies.TextBody(text) });
            if (!patched.Ok) return new Tried(CheckResult.Fail, Status(patched) + After(conflicts));
            var one = await GetAsync($"{User(mailbox)}/messages/{Q(_messageId!)}?$select=id,body", textBody: true);
            var after = await ChangeKeyAsync();
            var replaced = one.Ok && Bodies.Text(one.Body!) == text;
            var moved = before is not null && after is not null && before != after;
            _messageJson = replaced ? text : _messageJson;
            return new Tried(replaced && moved ? CheckResult.Pass : CheckResult.Fail,
                $"body {(replaced ? "replaced" : "not replaced")}, changeKey {(moved ? "moved" : after is null ? "not given" : "unchanged")}{After(conflicts)}");
        }

        private async Task<string?> ChangeKeyAsync()
        {
            var listed = await GetAsync($"{Messages(_folder!)}?{_properties.KeyFilter("Key", tag)}&$select=id,changeKey&$top=50");
            return listed.Values.OfType<JsonObject>().FirstOrDefault(m => m["id"]?.GetValue<string>() == _messageId)?["changeKey"]?.GetValue<string>();
        }

        private async Task<Tried> PagingAsync()
        {
            // Two more messages (they go with the folder), then the folder read a page of one at a time, as far as the links lead.
            var ids = new HashSet<string>(StringComparer.Ordinal) { _messageId! };
            for (var i = 1; i <= 2; i++)
            {
                var extra = await PostAsync(Messages(_folder!), new JsonObject
                {
                    ["subject"] = $"{_name} ({i})",
                    ["body"] = Bodies.TextBody(""),
                    ["singleValueExtendedProperties"] = _properties.Write(("Kind", "check"), ("Key", ItemProperties.Key($"{tag}-{i}"))),
                });
                if (!extra.Ok) return new Tried(CheckResult.Fail, "writing a message: " + Status(extra));
                ids.Add(extra.Body!["id"]!.GetValue<string>());
            }
            var read = new List<string>();
            var pages = 0;
            for (string? next = $"{Messages(_folder!)}?$select=id&$top=1"; next is not null && pages < 20; pages++)
            {
                var page = await GetAsync(next);
                if (!page.Ok) return new Tried(CheckResult.Fail, $"page {pages + 1}: {Status(page)}");
                read.AddRange(page.Values.OfType<JsonObject>().Select(m => m["id"]!.GetValue<string>()));
                next = page.NextLink;
            }
            var seen = $"{read.Count} of {ids.Count} items in {pages} pages";
            return read.Count == ids.Count && read.ToHashSet(StringComparer.Ordinal).SetEquals(ids)
                ? new Tried(CheckResult.Pass, seen) : new Tried(CheckResult.Fail, seen);
        }

        private async Task<Tried> DeleteMessageAsync()
        {
            var listed = await GetAsync($"{Messages(_folder!)}?{_properties.KeyFilter("Key", $"{tag}-1")}&$select=id");
            if (listed.Values.OfType<JsonObject>().FirstOrDefault()?["id"]?.GetValue<string>() is not { } id)
                return new Tried(CheckResult.Fail, listed.Ok ? "the message to delete was not found" : Status(listed));
            var deleted = await _graph.SendAsync(HttpMethod.Delete, $"{User(mailbox)}/messages/{Q(id)}", null, ct);
            var gone = await GetAsync($"{User(mailbox)}/messages/{Q(id)}?$select=id");
            var again = await GetAsync($"{Messages(_folder!)}?{_properties.KeyFilter("Key", $"{tag}-1")}&$select=id");
            var seen = $"{Status(deleted)}, then {Status(gone)}, {again.Values.Count} found";
            return deleted.Ok && again.Ok && again.Values.Count == 0
                ? new Tried(CheckResult.Pass, seen) : new Tried(CheckResult.Fail, seen);
        }

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

        // ---- contacts ----

        private async Task<Tried> ContactFolderAsync()
        {
            _madeAnything = true;
            var created = await PostAsync($"{User(mailbox)}/contactFolders", new JsonObject { ["displayName"] = _name });
            if (!created.Ok) return new Tried(CheckResult.Fail, Status(created));
            _contactFolder = created.Body!["id"]!.GetValue<string>();
            _contactFolders.Add(_contactFolder);
            // As CustomerContacts finds its folder: listed and matched by name.
            var folders = await _graph.ListAllAsync("list the contact folders", $"{User(mailbox)}/contactFolders?$select=id,displayName&$top=100", ct);
            var found = folders.Any(f => f["id"]?.GetValue<string>() == _contactFolder && f["displayName"]?.GetValue<string>() == _name);
            return new Tried(found ? CheckResult.Pass : CheckResult.Fail, $"{Status(created)}, {(found ? "listed" : "not listed")} by name");
        }

        private string ContactEmail => $"check-{tag}@example.com";

        private async Task<Tried> ContactsAsync()
        {
            var created = await PostAsync($"{User(mailbox)}/contactFolders/{Q(_contactFolder!)}/contacts", new JsonObject
            {
                ["displayName"] = _name,
                ["mobilePhone"] = "+48 600 000 000",
                ["emailAddresses"] = new JsonArray(new JsonObject { ["address"] = ContactEmail, ["name"] = _name }),
                ["singleValueExtendedProperties"] = _properties.Write(("CustomerId", $"check-{tag}")),
            });
            if (!created.Ok) return new Tried(CheckResult.Fail, "writing the contact: " + Status(created));
            _contactId = created.Body!["id"]!.GetValue<string>();
            // CustomerContacts.FindAsync's read.
            var filter = Q($"emailAddresses/any(a:a/address eq '{ContactEmail}')");
            var found = await GetAsync($"{User(mailbox)}/contactFolders/{Q(_contactFolder!)}/contacts?$filter={filter}&$top=10&{_properties.Expand("CustomerId")}");
            if (!found.Ok) return new Tried(CheckResult.Fail, Status(found));
            var hit = found.Values.OfType<JsonObject>().FirstOrDefault(c => c["id"]?.GetValue<string>() == _contactId);
            var property = hit is not null && _properties.Read(hit, "CustomerId") == $"check-{tag}";
            var seen = $"{found.Values.Count} found, its property {(property ? "read back" : "missing")}";
            return new Tried(found.Values.Count == 1 && property ? CheckResult.Pass : CheckResult.Fail, seen);
        }

        private async Task<Tried> ContactUpdateAsync()
        {
            var (patched, conflicts) = await PatchAsync($"{User(mailbox)}/contacts/{Q(_contactId!)}",
                new JsonObject { ["displayName"] = _name + " (renamed)", ["mobilePhone"] = "+48 600 000 001" });
            if (!patched.Ok) return new Tried(CheckResult.Fail, Status(patched) + After(conflicts));
            var after = await GetAsync($"{User(mailbox)}/contacts/{Q(_contactId!)}?$select=id,displayName,mobilePhone");
            if (!after.Ok) return new Tried(CheckResult.Fail, Status(after));
            var ok = after.Body?["displayName"]?.GetValue<string>() == _name + " (renamed)" && after.Body?["mobilePhone"]?.GetValue<string>() == "+48 600 000 001";
            return new Tried(ok ? CheckResult.Pass : CheckResult.Fail, (ok ? "changed" : "unchanged") + After(conflicts));
        }

        // ---- page sizes, free/busy ----

        private async Task<Tried> TopAsync()
        {
            var from = check._time.GetUtcNow().AddDays(400);
            var reads = new List<(string What, string Uri)>
            {
                ("calendarView $top=250", $"{User(mailbox)}/calendar/calendarView?startDateTime={Q(Instants.Text(from))}&endDateTime={Q(Instants.Text(from.AddDays(1)))}&$top=250&$select=id,start,end"),
                ("events $top=100", $"{User(mailbox)}/events?{_properties.KeyFilter("Key", tag)}&$select=id,start,end&$top=100"),
                ("mailFolders $top=100", $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100"),
                ("contactFolders $top=100", $"{User(mailbox)}/contactFolders?$select=id,displayName&$top=100"),
                ("contacts $top=100", _contactFolder is null ? $"{User(mailbox)}/contacts?$select=id&$top=100"
                    : $"{User(mailbox)}/contactFolders/{Q(_contactFolder)}/contacts?$top=100&{_properties.Expand("CustomerId")}"),
            };
            // The audit log's page size, on the scratch folder (no other folder of the mailbox is read).
            if (_folder is not null) reads.Insert(0, ("messages $top=250", $"{Messages(_folder)}?{_properties.LiteralFilter("Kind", "check")}&$select=id,body&$top=250"));
            var refused = new List<string>();
            foreach (var (what, uri) in reads)
            {
                var answer = await GetAsync(uri);
                if (!answer.Ok) refused.Add($"{what}: {Status(answer)}");
            }
            return refused.Count == 0 ? new Tried(CheckResult.Pass, $"{reads.Count} reads answered")
                : new Tried(CheckResult.Fail, string.Join("; ", refused));
        }

        private async Task<Tried> FreeBusyAsync()
        {
            var now = check._time.GetUtcNow();
            var answers = await new GraphScheduleReader(check._http).ReadAsync(mailbox, [mailbox], now, now.AddDays(1), ct);
            var answer = answers.Values.Single();
            return answer.Failure is { } failure
                ? new Tried(CheckResult.Fail, $"{failure.Kind}: {failure.Detail}")
                : new Tried(CheckResult.Pass, "answered without an error");
        }

        // ---- deleting, the directory ----

        private async Task<Tried> DeleteFolderAsync()
        {
            var deleted = await _graph.SendAsync(HttpMethod.Delete, $"{User(mailbox)}/mailFolders/{Q(_folder!)}", null, ct);
            var hidden = await _graph.ListAllAsync("list the mail folders",
                $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100", ct);
            var listed = hidden.Any(f => f["id"]?.GetValue<string>() == _folder);
            var message = _messageId is null ? null : await GetAsync($"{User(mailbox)}/messages/{Q(_messageId)}?$select=id,parentFolderId");
            if (deleted.Ok && !listed) _folders.Remove(_folder!);
            // Exchange may keep deleted items where deleted items go (Deleted Items, Recoverable Items) until they are emptied: the
            // store relies only on the folder being gone from the mailbox's folders.
            var seen = $"{Status(deleted)}, then the folder {(listed ? "still listed" : "not listed")}" +
                (message is null ? "" : message.Status == HttpStatusCode.NotFound ? ", its message gone" : ", its message kept where deleted items go");
            return deleted.Ok && !listed ? new Tried(CheckResult.Pass, seen) : new Tried(CheckResult.Fail, seen);
        }

        private async Task<Tried> DirectoryAsync()
        {
            var answer = await GetAsync($"{User(Options.DirectoryMailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100");
            return new Tried(answer.Ok ? CheckResult.Pass : CheckResult.Fail, Status(answer));
        }

        // ---- clean-up ----

        /// <summary>
        /// Removes every scratch item: those the run knows, then whatever a search by the run's tag still finds (a create whose answer was
        /// lost, a replayed POST). Runs after a failure and after cancellation too, on its own time limit; reports only when it made anything.
        /// </summary>
        public async Task CleanUpAsync()
        {
            if (!_madeAnything) return;
            using var limit = new CancellationTokenSource(CleanUpTime);
            var token = limit.Token;
            var failures = new List<string>();
            async Task DeleteAsync(string what, string uri)
            {
                try
                {
                    var answer = await _graph.SendAsync(HttpMethod.Delete, uri, null, token);
                    if (!answer.Ok && answer.Status != HttpStatusCode.NotFound) failures.Add($"{what}: {Status(answer)}");
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    failures.Add($"{what}: {e.GetType().Name}");
                }
            }

            foreach (var id in _events.ToList()) await DeleteAsync("an event", $"{User(mailbox)}/events/{Q(id)}");
            foreach (var id in _folders.ToList()) await DeleteAsync("a mail folder", $"{User(mailbox)}/mailFolders/{Q(id)}");
            foreach (var id in _contactFolders.ToList()) await DeleteAsync("a contact folder", $"{User(mailbox)}/contactFolders/{Q(id)}");

            // What is still there with the run's tag.
            var left = new List<string>();
            try
            {
                var events = await _graph.ListAllAsync("find scratch events", $"{User(mailbox)}/events?{_properties.KeyFilter("Key", tag)}&$select=id&$top=100", token);
                foreach (var e in events) await DeleteAsync("an event", $"{User(mailbox)}/events/{Q(e["id"]!.GetValue<string>())}");
                var folders = await _graph.ListAllAsync("find scratch folders",
                    $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName&$top=100", token);
                foreach (var f in folders.Where(f => f["displayName"]?.GetValue<string>() == _name))
                    await DeleteAsync("a mail folder", $"{User(mailbox)}/mailFolders/{Q(f["id"]!.GetValue<string>())}");
                var contactFolders = await _graph.ListAllAsync("find scratch contact folders", $"{User(mailbox)}/contactFolders?$select=id,displayName&$top=100", token);
                foreach (var f in contactFolders.Where(f => f["displayName"]?.GetValue<string>() == _name))
                    await DeleteAsync("a contact folder", $"{User(mailbox)}/contactFolders/{Q(f["id"]!.GetValue<string>())}");

                var eventsLeft = (await _graph.ListAllAsync("find scratch events", $"{User(mailbox)}/events?{_properties.KeyFilter("Key", tag)}&$select=id&$top=100", token)).Count;
                var foldersLeft = (await _graph.ListAllAsync("find scratch folders",
                    $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName&$top=100", token)).Count(f => f["displayName"]?.GetValue<string>() == _name);
                var contactFoldersLeft = (await _graph.ListAllAsync("find scratch contact folders",
                    $"{User(mailbox)}/contactFolders?$select=id,displayName&$top=100", token)).Count(f => f["displayName"]?.GetValue<string>() == _name);
                if (eventsLeft > 0) left.Add($"{eventsLeft} event(s)");
                if (foldersLeft > 0) left.Add($"{foldersLeft} mail folder(s)");
                if (contactFoldersLeft > 0) left.Add($"{contactFoldersLeft} contact folder(s)");
            }
            catch (Exception e) when (e is HttpRequestException or GraphStoreException or JsonException or OperationCanceledException)
            {
                failures.Add($"the search by tag: {e.GetType().Name}");
            }

            var problems = left.Select(l => "left: " + l).Concat(failures).ToList();
            Results.Add(new CheckOutcome(CleanUp.Id, CleanUp.Text, problems.Count == 0 ? CheckResult.Pass : CheckResult.Fail,
                problems.Count == 0 ? "nothing left" : $"tag {tag}: " + string.Join("; ", problems), CleanUp.Documentation, CleanUp.WhenItFails));
        }
    }

    private static string Status(GraphAnswer a) => a.Ok || a.ErrorCode is null ? $"{(int)a.Status}" : $"{(int)a.Status} {a.ErrorCode}";

    private static string Truncate(string? text) => text is null ? "(none)" : OneLine(text.Length <= 60 ? text : text[..59] + "…");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>A value of <see cref="LargeValueChars"/> characters that a truncation or re-encoding would change: JSON-like, non-ASCII, the tag.</summary>
    private static string LargeValue(string tag)
    {
        var b = new System.Text.StringBuilder(LargeValueChars);
        b.Append(tag);
        for (var i = 0; b.Length < LargeValueChars; i++) b.Append(CultureInfo.InvariantCulture, $"{{\"n\":{i},\"t\":\"Zażółć gęślą jaźń\"}},");
        return b.ToString(0, LargeValueChars);
    }
}
