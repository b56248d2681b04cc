using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bookings.Core.Store;

namespace Bookings.Store.Graph;

/// <summary>
/// The Microsoft 365 store: every calendar is an Exchange Online mailbox reached through Microsoft
/// Graph (DESIGN.md, "Microsoft 365 mapping"). <paramref name="http"/> has the Graph base URL with a
/// trailing slash as its BaseAddress and carries the transport pipeline (auth, retries honouring
/// Retry-After, timeouts, per-mailbox concurrency); this class sends relative URIs only
/// (<c>users/{mailbox}/…</c>, <c>solutions/…</c>) and never retries on its own.
/// The operations live beside this file, one per feature (Mailboxes, …).
/// </summary>
public sealed partial class GraphBookingStore(HttpClient http, TimeProvider time, GraphStoreOptions options) : IBookingStore
{
    private readonly HttpClient _http = http;
    private readonly TimeProvider _time = time;
    private readonly GraphStoreOptions _options = options;

    private string Property(string name) => $"String {{{_options.PropertySetId}}} Name {name}";

    private static string User(string mailbox) => $"users/{Uri.EscapeDataString(mailbox)}";

    private static string Q(string value) => Uri.EscapeDataString(value);

    // ---- HTTP ---------------------------------------------------------------------------------------

    private sealed record GraphAnswer(HttpStatusCode Status, JsonObject? Body)
    {
        public bool Ok => (int)Status is >= 200 and < 300;
        public string? ErrorCode => Body?["error"]?["code"]?.GetValue<string>();
    }

    private async Task<GraphAnswer> SendAsync(HttpMethod method, string uri, JsonNode? body, CancellationToken ct, string? ifMatch = null, bool textBody = false)
    {
        using var request = new HttpRequestMessage(method, Relative(uri));
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (textBody)
            request.Headers.TryAddWithoutValidation("Prefer", "outlook.body-content-type=\"text\"");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request, ct);
        var text = response.Content is null ? "" : await response.Content.ReadAsStringAsync(ct);
        JsonObject? json = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try { json = JsonNode.Parse(text) as JsonObject; }
            catch (System.Text.Json.JsonException) { json = null; }
        }
        return new GraphAnswer(response.StatusCode, json);
    }

    // @odata.nextLink is absolute; the pipeline (and the contract) wants relative URIs under the base address.
    private Uri Relative(string uri)
    {
        if (!uri.StartsWith("http", StringComparison.OrdinalIgnoreCase)) return new Uri(uri, UriKind.Relative);
        var base_ = _http.BaseAddress?.ToString();
        if (base_ is not null && uri.StartsWith(base_, StringComparison.OrdinalIgnoreCase))
            return new Uri(uri[base_.Length..], UriKind.Relative);
        var absolute = new Uri(uri);
        var marker = absolute.PathAndQuery.IndexOf("/v1.0/", StringComparison.OrdinalIgnoreCase);
        return marker >= 0 ? new Uri(absolute.PathAndQuery[(marker + 6)..], UriKind.Relative) : absolute;
    }

    private static GraphStoreException Failure(string what, GraphAnswer answer) =>
        new($"Microsoft Graph refused to {what}: {(int)answer.Status} {answer.ErrorCode ?? answer.Status.ToString()}.", answer.Status);

    private async Task<GraphAnswer> RequireAsync(string what, HttpMethod method, string uri, JsonNode? body, CancellationToken ct, string? ifMatch = null, bool textBody = false)
    {
        var answer = await SendAsync(method, uri, body, ct, ifMatch, textBody);
        if (!answer.Ok) throw Failure(what, answer);
        return answer;
    }

    /// <summary>Every item of a collection, following @odata.nextLink.</summary>
    private async Task<List<JsonObject>> ListAllAsync(string what, string uri, CancellationToken ct, bool textBody = false)
    {
        var items = new List<JsonObject>();
        string? next = uri;
        while (next is not null)
        {
            var page = await RequireAsync(what, HttpMethod.Get, next, null, ct, textBody: textBody);
            items.AddRange(page.Body?["value"]?.AsArray().OfType<JsonObject>() ?? []);
            next = page.Body?["@odata.nextLink"]?.GetValue<string>();
        }
        return items;
    }

    private static JsonArray Properties(params (string Id, string Value)[] properties) =>
        new([.. properties.Select(p => (JsonNode)new JsonObject { ["id"] = p.Id, ["value"] = p.Value })]);

    private string? PropertyValue(JsonObject item, string name)
    {
        var id = Property(name);
        return item["singleValueExtendedProperties"]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(p => string.Equals(p["id"]?.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase))?["value"]?.GetValue<string>();
    }

    private string ExpandProperties(params string[] names) =>
        $"$expand=singleValueExtendedProperties($filter={Q(string.Join(" or ", names.Select(n => $"id eq '{Property(n)}'")))})";

    /// <summary>
    /// No stamp: availability inputs are read on every request (one calendarView), since Exchange offers no cheap stamp that moves
    /// with every event change (the port allows null).
    /// </summary>
    public Task<string?> GetChangeStampAsync(string mailboxId, CancellationToken ct = default) => Task.FromResult<string?>(null);
}

/// <summary>Microsoft Graph answered with a failure the store cannot map to the port (after the transport's retries).</summary>
public sealed class GraphStoreException(string message, HttpStatusCode status) : StoreRefusedException(message)
{
    public HttpStatusCode Status { get; } = status;
}
