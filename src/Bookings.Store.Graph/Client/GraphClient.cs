using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bookings.Store.Graph.Transport;

namespace Bookings.Store.Graph.Client;

/// <summary>One answer of Graph: its status and its JSON body (null when it had none or it was not JSON).</summary>
internal sealed record GraphAnswer(HttpStatusCode Status, JsonObject? Body)
{
    public bool Ok => (int)Status is >= 200 and < 300;
    public string? ErrorCode => Body?["error"]?["code"]?.GetValue<string>();
    public JsonArray Values => Body?["value"] as JsonArray ?? [];
    public string? NextLink => Body?["@odata.nextLink"]?.GetValue<string>();
}

/// <summary>
/// Every request the Microsoft 365 store sends goes through here. <paramref name="http"/> is the transport's client (auth, the one
/// retry layer honouring Retry-After, timeouts, at most 4 requests in flight per mailbox; Transport/) with the Graph base URL as its
/// BaseAddress; this class sends relative URIs (<c>users/{mailbox}/…</c>) and never an <c>If-Match</c>: the update pages of events and
/// messages document no such header (api-reference/v1.0/api/event-update.md, message-update.md), so no write of the store depends on
/// one (docs/graph-conformance.md).
/// </summary>
internal sealed class GraphClient(HttpClient http)
{
    /// <summary>Exchange answers a write with 412 ErrorIrresolvableConflict now and then, also without If-Match (mguessan/davmail#491).</summary>
    private const int ConflictAttempts = 4;

    public static string User(string mailbox) => $"users/{Uri.EscapeDataString(mailbox)}";

    public static string Q(string value) => Uri.EscapeDataString(value);

    /// <summary>Sends one request. <paramref name="notIdempotent"/>: the transport retries it only on 429 (Graph answers those before acting).</summary>
    public async Task<GraphAnswer> SendAsync(HttpMethod method, string uri, JsonNode? body, CancellationToken ct, bool textBody = false, bool notIdempotent = false)
    {
        using var request = new HttpRequestMessage(method, Relative(uri));
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        // Asked for on single reads; list calls may ignore it (microsoft-graph-docs#4156), so bodies are read with Bodies.Text either way.
        if (textBody) request.Headers.TryAddWithoutValidation("Prefer", "outlook.body-content-type=\"text\"");
        if (notIdempotent) request.Options.Set(ResilienceHandler.NotIdempotent, true);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, ct);
        var text = response.Content is null ? "" : await response.Content.ReadAsStringAsync(ct);
        JsonObject? json = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try { json = JsonNode.Parse(text) as JsonObject; }
            catch (System.Text.Json.JsonException) { json = null; }
        }
        return new GraphAnswer(response.StatusCode, json);
    }

    /// <summary>Sends and throws <see cref="GraphStoreException"/> unless Graph answered 2xx.</summary>
    public async Task<GraphAnswer> RequireAsync(string what, HttpMethod method, string uri, JsonNode? body, CancellationToken ct, bool textBody = false,
        bool notIdempotent = false)
    {
        var answer = await SendAsync(method, uri, body, ct, textBody, notIdempotent);
        if (!answer.Ok) throw Failure(what, answer);
        return answer;
    }

    /// <summary>
    /// A PATCH of an item only this caller writes (its own hold, a record under its claim, its lease): the write is absolute, so a
    /// 412 that Exchange gives with nobody else involved is simply tried again. Answers the last answer (404 included).
    /// </summary>
    public async Task<GraphAnswer> PatchOwnAsync(string uri, JsonObject body, CancellationToken ct)
    {
        GraphAnswer answer = null!;
        for (var attempt = 0; attempt < ConflictAttempts; attempt++)
        {
            answer = await SendAsync(HttpMethod.Patch, uri, body.DeepClone(), ct);
            if (answer.Status != HttpStatusCode.PreconditionFailed && answer.Status != HttpStatusCode.Conflict) return answer;
            await Task.Delay(TimeSpan.FromMilliseconds(20 << attempt), ct);
        }
        return answer;
    }

    /// <summary>Every item of a collection, following <c>@odata.nextLink</c> (concepts/paging.md).</summary>
    public async Task<List<JsonObject>> ListAllAsync(string what, string uri, CancellationToken ct, bool textBody = false, bool notFoundIsEmpty = false)
    {
        var items = new List<JsonObject>();
        string? next = uri;
        while (next is not null)
        {
            var page = await SendAsync(HttpMethod.Get, next, null, ct, textBody);
            if (notFoundIsEmpty && page.Status == HttpStatusCode.NotFound) return items;
            if (!page.Ok) throw Failure(what, page);
            items.AddRange(page.Values.OfType<JsonObject>());
            next = page.NextLink;
        }
        return items;
    }

    public async Task<bool> DeleteAsync(string uri, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Delete, uri, null, ct);
        if (answer.Ok || answer.Status == HttpStatusCode.NotFound) return answer.Ok;
        throw Failure("delete an item", answer);
    }

    public static GraphStoreException Failure(string what, GraphAnswer answer) =>
        new($"Microsoft Graph refused to {what}: {(int)answer.Status} {answer.ErrorCode ?? answer.Status.ToString()}.", answer.Status, answer.ErrorCode);

    // @odata.nextLink is absolute; the pipeline wants relative URIs under the base address.
    private Uri Relative(string uri)
    {
        if (!uri.StartsWith("http", StringComparison.OrdinalIgnoreCase)) return new Uri(uri, UriKind.Relative);
        var baseText = http.BaseAddress?.ToString();
        if (baseText is not null && uri.StartsWith(baseText, StringComparison.OrdinalIgnoreCase))
            return new Uri(uri[baseText.Length..], UriKind.Relative);
        var absolute = new Uri(uri);
        var marker = absolute.PathAndQuery.IndexOf("/v1.0/", StringComparison.OrdinalIgnoreCase);
        return marker >= 0 ? new Uri(absolute.PathAndQuery[(marker + 6)..], UriKind.Relative) : absolute;
    }
}
