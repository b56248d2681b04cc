using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Admin;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Records;
using static Bookings.Store.Graph.Check.CheckAssumptions;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Check;

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
public sealed partial class GraphCheck(HttpClient http, TimeProvider time, GraphStoreOptions options) : ITenantCheck
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

    /// <inheritdoc/>
    public string DirectoryMailbox => _options.DirectoryMailbox;

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
    private sealed partial class Run(GraphCheck check, string mailbox, string tag, CancellationToken ct)
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
                await TryAsync(CheckAssumptions.DirectoryMailbox, DirectoryAsync);
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
