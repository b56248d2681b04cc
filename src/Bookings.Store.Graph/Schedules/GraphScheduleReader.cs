using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Sync;

namespace Bookings.Store.Graph;

/// <summary>
/// Staff free/busy through Microsoft Graph <c>POST users/{mailbox}/calendar/getSchedule</c>
/// (DESIGN.md, "Microsoft 365 mapping"). <paramref name="http"/> has the Graph base URL with a trailing
/// slash as its BaseAddress and carries the transport (auth, retries, timeouts, per-mailbox concurrency);
/// this class sends relative URIs only and never retries on its own.
/// </summary>
public sealed class GraphScheduleReader(HttpClient http) : IScheduleReader
{
    /// <summary>Graph answers at most 20 schedules per getSchedule call.</summary>
    public const int MaxSchedulesPerCall = 20;

    /// <summary>The longest window of one call; Graph requires under 62 days.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(61);

    private const int AvailabilityViewIntervalMinutes = 60;

    // The transport caps requests per mailbox at 4 anyway; more parallelism here would only queue.
    private const int MaxParallelCalls = 4;

    private readonly HttpClient _http = http;

    /// <summary>
    /// Busy blocks of each address in [<paramref name="from"/>, <paramref name="to"/>), read through the
    /// calendar of <paramref name="mailbox"/>: one answer per distinct address (keys compare case-insensitively),
    /// blocks in UTC, clipped, sorted and merged over all calls. An address that failed in any call gets that failure.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task<IReadOnlyDictionary<string, FreeBusyResult>> ReadAsync(
        string mailbox, IReadOnlyCollection<string> addresses, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mailbox);
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("Every address must be non-empty.", nameof(addresses));
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        if (to <= from)
            throw new ArgumentOutOfRangeException(nameof(to), "The window must end after it starts.");

        var distinct = addresses.Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var results = new Dictionary<string, FreeBusyResult>(StringComparer.OrdinalIgnoreCase);
        if (distinct.Count == 0) return results;

        var chunks = distinct.Chunk(MaxSchedulesPerCall).ToList();
        var windows = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        for (var start = from; start < to; start += MaxWindow)
            windows.Add((start, start + MaxWindow < to ? start + MaxWindow : to));

        // One call per (window, chunk); answers are kept by call index so the merge below is deterministic.
        var calls = windows.SelectMany(w => chunks.Select(c => (Window: w, Chunk: c))).ToList();
        var answers = new Dictionary<string, FreeBusyResult>[calls.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, calls.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelCalls, CancellationToken = ct },
            async (i, token) => answers[i] = await CallAsync(mailbox, calls[i].Chunk, calls[i].Window.Start, calls[i].Window.End, token));

        var busy = distinct.ToDictionary(a => a, _ => new List<BusyBlock>(), StringComparer.OrdinalIgnoreCase);
        var failures = new Dictionary<string, SyncFailure>(StringComparer.OrdinalIgnoreCase);
        foreach (var answer in answers)
            foreach (var (address, result) in answer)
            {
                if (failures.ContainsKey(address)) continue;
                if (result.Failure is { } failure) failures[address] = failure;
                else busy[address].AddRange(result.Busy ?? []);
            }

        foreach (var address in distinct)
            results[address] = failures.TryGetValue(address, out var failure)
                ? new FreeBusyResult(null, failure)
                : FreeBusyResult.Ok(Merge(busy[address]));
        return results;
    }

    /// <summary>One getSchedule call: an answer for every address of <paramref name="chunk"/>, blocks clipped to the window.</summary>
    private async Task<Dictionary<string, FreeBusyResult>> CallAsync(
        string mailbox, IReadOnlyList<string> chunk, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["schedules"] = new JsonArray([.. chunk.Select(a => (JsonNode)a)]),
            ["startTime"] = DateTimeTimeZone(start),
            ["endTime"] = DateTimeTimeZone(end),
            ["availabilityViewInterval"] = AvailabilityViewIntervalMinutes,
        };
        HttpStatusCode status;
        string text;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"users/{Uri.EscapeDataString(mailbox)}/calendar/getSchedule", UriKind.Relative))
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Prefer", "outlook.timezone=\"UTC\"");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _http.SendAsync(request, ct);
            status = response.StatusCode;
            text = await response.Content.ReadAsStringAsync(ct);
        }
        catch (HttpRequestException e)
        {
            return All(chunk, SyncFailureKind.Unknown, $"getSchedule got no answer ({e.GetType().Name}{(e.HttpRequestError == HttpRequestError.Unknown ? "" : $", {e.HttpRequestError}")}).");
        }
        catch (Exception e) when ((e is OperationCanceledException or TimeoutException) && !ct.IsCancellationRequested)
        {
            return All(chunk, SyncFailureKind.Unknown, "getSchedule timed out.");
        }

        var json = TryParse(text);
        if ((int)status is < 200 or >= 300)
        {
            var code = Code(json?["error"]?["code"]);
            var what = code is null ? $"{(int)status}" : $"{(int)status} {code}";
            return status switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    All(chunk, SyncFailureKind.PermissionDenied, $"getSchedule answered {what}."),
                HttpStatusCode.NotFound =>
                    All(chunk, SyncFailureKind.Unknown, $"getSchedule answered {what}: the scheduling mailbox is unknown to Microsoft Graph."),
                _ => All(chunk, SyncFailureKind.Unknown, $"getSchedule answered {what}."),
            };
        }
        if (json?["value"] is not JsonArray value)
            return All(chunk, SyncFailureKind.Unknown, $"getSchedule answered {(int)status} without a schedule list.");

        var schedules = value.OfType<JsonObject>().ToList();
        var byId = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var schedule in schedules)
            if (schedule["scheduleId"] is JsonValue id && id.TryGetValue<string>(out var s))
                byId.TryAdd(s.Trim(), schedule);

        var results = new Dictionary<string, FreeBusyResult>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < chunk.Count; i++)
        {
            // Graph echoes each address as scheduleId in request order; the order is the fallback when it does not.
            var schedule = byId.GetValueOrDefault(chunk[i])
                ?? (byId.Count == 0 && schedules.Count == chunk.Count ? schedules[i] : null);
            results[chunk[i]] = schedule is null
                ? FreeBusyResult.Failed(SyncFailureKind.Unknown, "getSchedule answered without this schedule.")
                : Read(schedule, start, end);
        }
        return results;
    }

    /// <summary>One scheduleInformation: its error, or its busy items clipped to [start, end).</summary>
    private static FreeBusyResult Read(JsonObject schedule, DateTimeOffset start, DateTimeOffset end)
    {
        if (schedule["error"] is JsonObject error)
        {
            var code = Code(error["responseCode"]) ?? Code(error["code"]);
            return FreeBusyResult.Failed(KindOf(code), $"getSchedule: {code ?? "error without a code"}.");
        }
        var blocks = new List<BusyBlock>();
        if (schedule["scheduleItems"] is not JsonArray items) return FreeBusyResult.Ok(blocks);
        try
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                if (!IsBusy(item["status"]?.GetValue<string>())) continue;
                var s = Instant(item["start"]);
                var e = Instant(item["end"]);
                if (s < start) s = start;
                if (e > end) e = end;
                if (e > s) blocks.Add(new BusyBlock(s, e));
            }
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return FreeBusyResult.Failed(SyncFailureKind.Unknown, $"getSchedule: unreadable schedule item ({e.GetType().Name}).");
        }
        return FreeBusyResult.Ok(blocks);
    }

    /// <summary>free and workingElsewhere leave the time open; busy, oof, tentative and anything unrecognised block it.</summary>
    private static bool IsBusy(string? status) =>
        !string.Equals(status, "free", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(status, "workingElsewhere", StringComparison.OrdinalIgnoreCase);

    /// <summary>Maps a per-schedule responseCode to a failure kind.</summary>
    internal static SyncFailureKind KindOf(string? code)
    {
        if (string.IsNullOrEmpty(code)) return SyncFailureKind.Unknown;
        if (code.Contains("AccessDenied", StringComparison.OrdinalIgnoreCase)
            || code.Equals("ErrorNoFreeBusyAccess", StringComparison.OrdinalIgnoreCase))
            return SyncFailureKind.PermissionDenied;
        if (code.Equals("ErrorInvalidRecipients", StringComparison.OrdinalIgnoreCase)
            || code.Contains("NotFound", StringComparison.OrdinalIgnoreCase)
            || code.Contains("NonExistent", StringComparison.OrdinalIgnoreCase))
            return SyncFailureKind.NotFound;
        return SyncFailureKind.Unknown;
    }

    /// <summary>Sorted, with overlapping or touching blocks joined.</summary>
    private static List<BusyBlock> Merge(List<BusyBlock> blocks)
    {
        var merged = new List<BusyBlock>(blocks.Count);
        foreach (var block in blocks.OrderBy(b => b.Start).ThenBy(b => b.End))
        {
            if (merged.Count > 0 && block.Start <= merged[^1].End)
            {
                if (block.End > merged[^1].End) merged[^1] = merged[^1] with { End = block.End };
            }
            else
            {
                merged.Add(block);
            }
        }
        return merged;
    }

    private static Dictionary<string, FreeBusyResult> All(IEnumerable<string> chunk, SyncFailureKind kind, string detail) =>
        chunk.ToDictionary(a => a, _ => FreeBusyResult.Failed(kind, detail), StringComparer.OrdinalIgnoreCase);

    private static JsonObject DateTimeTimeZone(DateTimeOffset instant) => new()
    {
        ["dateTime"] = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = "UTC",
    };

    /// <summary>A dateTimeTimeZone as a UTC instant: timeZone "UTC" or absent is UTC, another zone is converted, an explicit offset wins.</summary>
    private static DateTimeOffset Instant(JsonNode? node)
    {
        var text = node?["dateTime"]?.GetValue<string>() ?? throw new FormatException("dateTime is missing");
        var zone = node["timeZone"]?.GetValue<string>();
        var local = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        if (local.Kind != DateTimeKind.Unspecified)
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        if (string.IsNullOrWhiteSpace(zone) || zone.Equals("UTC", StringComparison.OrdinalIgnoreCase))
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Utc));
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, TimeZoneInfo.FindSystemTimeZoneById(zone)));
    }

    private static JsonNode? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    /// <summary>An error code as sent, if it looks like one (letters, digits, '_', '.', '-'; at most 64), so no free text reaches a detail.</summary>
    private static string? Code(JsonNode? node)
    {
        if (node is not JsonValue v || !v.TryGetValue<string>(out var code)) return null;
        code = code.Trim();
        return code.Length is > 0 and <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') ? code : null;
    }
}
