using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Store.Graph.Transport;

namespace Bookings.Store.Graph.Mail;

/// <summary>
/// Microsoft Graph <c>POST users/{mailbox}/sendMail</c> (<see href="https://learn.microsoft.com/graph/api/user-sendmail"/>) through the
/// store's transport client (<see cref="GraphHttp.ServiceKey"/>: BaseAddress is Graph:BaseUrl with a trailing slash; it carries the
/// sign-in, the one retry layer, the timeouts and the per-mailbox concurrency cap). sendMail is not idempotent and Graph offers no
/// idempotency key for it, so the request is marked <see cref="ResilienceHandler.NotIdempotent"/>: the transport retries it on 429 only
/// (answered before anything is done). This class sends a relative URI and never retries on its own.
/// </summary>
public sealed class GraphMailboxMail(HttpClient http) : IMailboxMail
{
    private const int MaxErrorCodeLength = 100;

    public async Task SendMailAsync(string mailbox, JsonObject request, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mailbox);
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri($"users/{Uri.EscapeDataString(mailbox)}/sendMail", UriKind.Relative))
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        message.Options.Set(ResilienceHandler.NotIdempotent, true);
        using var response = await http.SendAsync(message, ct);
        if (response.StatusCode == HttpStatusCode.Accepted) return;

        // Only the status and Graph's error code: its error message can name the mailbox or a recipient.
        var code = await ErrorCodeAsync(response, ct);
        throw new HttpRequestException(
            $"Microsoft Graph refused sendMail: {(int)response.StatusCode} {code ?? response.StatusCode.ToString()}.",
            inner: null, response.StatusCode);
    }

    /// <summary>Graph's <c>error.code</c> when the answer has one and it looks like a code (letters, digits, . _ -).</summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (string.IsNullOrWhiteSpace(text)) return null;
            var code = (JsonNode.Parse(text) as JsonObject)?["error"]?["code"] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
            return code is { Length: > 0 and <= MaxErrorCodeLength } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') ? code : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
