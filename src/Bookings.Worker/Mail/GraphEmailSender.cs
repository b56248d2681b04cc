using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Notifications;
using CoreEmailAddress = Bookings.Core.Calendars.EmailAddress;
using MimeContentType = MimeKit.ContentType;

namespace Bookings.Worker.Mail;

/// <summary>
/// Sends each email through Microsoft Graph <c>POST users/{mailbox}/sendMail</c> as the calendar's
/// scheduling mailbox (DESIGN.md, "Microsoft 365 mapping"), with the .ics as a file attachment.
/// <para>
/// <paramref name="http"/> is the Graph store's transport client (<c>GraphHttp.ServiceKey</c>): BaseAddress
/// is Graph:BaseUrl with a trailing slash, and it carries the sign-in, the one retry layer, the timeouts
/// and the per-mailbox concurrency cap. This class sends a relative URI and never retries on its own;
/// a failure throws and the outbox tries again later with its backoff.
/// </para>
/// <para>
/// sendMail is not idempotent and Graph offers no idempotency key for it, so the request is marked
/// <see cref="Bookings.Store.Graph.Transport.ResilienceHandler.NotIdempotent"/>: the transport retries it on 429 only
/// (answered before anything is done). After a timeout, 503 or 504 the outbox tries again later; if Graph had
/// in fact accepted the lost attempt, that costs one duplicate, which carries the same
/// <c>X-Bookings-Deduplication</c> header (a hash of the outbox deduplication key) so it can be recognised.
/// </para>
/// </summary>
public sealed class GraphEmailSender(HttpClient http) : IEmailSender
{
    /// <summary>The custom header carrying a hash of the deduplication key (Graph requires custom headers to start with X-).</summary>
    public const string DeduplicationHeader = "X-Bookings-Deduplication";

    private const int MaxErrorCodeLength = 100;

    public async Task SendAsync(EmailMessage message, string mailboxId, string deduplicationKey, DateTimeOffset queuedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(mailboxId);
        ArgumentException.ThrowIfNullOrEmpty(deduplicationKey);

        // Same rule as MimeMessages: an invalid recipient is refused before anything is sent.
        var body = Body(message, deduplicationKey);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"users/{Uri.EscapeDataString(mailboxId)}/sendMail", UriKind.Relative))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Options.Set(Bookings.Store.Graph.Transport.ResilienceHandler.NotIdempotent, true);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.Accepted) return;

        // Only the status and Graph's error code: its error message can name the mailbox or a recipient.
        var code = await ErrorCodeAsync(response, ct);
        throw new HttpRequestException(
            $"Microsoft Graph refused sendMail: {(int)response.StatusCode} {code ?? response.StatusCode.ToString()}.",
            inner: null, response.StatusCode);
    }

    /// <summary>The sendMail request body (JSON): the message and saveToSentItems.</summary>
    public static JsonObject Body(EmailMessage email, string deduplicationKey)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (!CoreEmailAddress.IsValid(email.To.Address))
            throw new FormatException("The recipient address is not a valid email address.");

        // No "from" and no sender name: Graph sends as the mailbox, under the mailbox's own display name.
        var message = new JsonObject
        {
            ["subject"] = MessageText.Header(email.Subject, maxLength: 250),
            ["body"] = new JsonObject { ["contentType"] = "HTML", ["content"] = email.HtmlBody },
            ["toRecipients"] = new JsonArray(Recipient(email.To)),
        };
        if (email.ReplyTo is { } replyTo && CoreEmailAddress.IsValid(replyTo.Address))
            message["replyTo"] = new JsonArray(Recipient(replyTo));
        if (email.Attachments.Count > 0)
            message["attachments"] = new JsonArray([.. email.Attachments.Select(a => (JsonNode)new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.fileAttachment",
                ["name"] = FileName(a.FileName),
                ["contentType"] = AttachmentContentType(a.ContentType),
                ["contentBytes"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(a.Content)),
            })]);
        message["internetMessageHeaders"] = new JsonArray(new JsonObject
        {
            ["name"] = DeduplicationHeader,
            ["value"] = MimeMessages.KeyHash(deduplicationKey)[..32],
        });
        return new JsonObject { ["message"] = message, ["saveToSentItems"] = true };
    }

    private static JsonObject Recipient(EmailContact contact)
    {
        var address = new JsonObject { ["address"] = contact.Address };
        var name = MessageText.Header(contact.Name);
        if (name.Length > 0) address["name"] = name;
        return new JsonObject { ["emailAddress"] = address };
    }

    // As MimeMessages names attachments: one line, no characters a file name cannot hold.
    private static string FileName(string name)
    {
        var clean = new string([.. MessageText.Header(name, maxLength: 100).Where(c => !Path.GetInvalidFileNameChars().Contains(c))]);
        return clean.Length == 0 ? "attachment" : clean;
    }

    private static string AttachmentContentType(string contentType)
    {
        var line = MessageText.Header(contentType, maxLength: 200);
        return MimeContentType.TryParse(line, out _) ? line : "application/octet-stream";
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
