using System.Text;
using System.Text.Json.Nodes;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using CoreEmailAddress = Bookings.Core.Calendars.EmailAddress;
using MimeContentType = MimeKit.ContentType;

namespace Bookings.Worker.Mail;

/// <summary>
/// Sends each email through Microsoft Graph <c>POST users/{mailbox}/sendMail</c> as the calendar's
/// scheduling mailbox (DESIGN.md, "Microsoft 365 mapping"), with the .ics as a file attachment.
/// <para>
/// <paramref name="mail"/> is the Microsoft 365 store's <see cref="IMailboxMail"/> (registered by Bookings.Hosting on that store only):
/// it posts through the store's transport (sign-in, the one retry layer, timeouts, per-mailbox cap) and never retries on its own;
/// a failure throws and the outbox tries again later with its backoff.
/// </para>
/// <para>
/// sendMail is not idempotent and Graph offers no idempotency key for it, so the transport retries it on 429 only
/// (answered before anything is done). After a timeout, 503 or 504 the outbox tries again later; if Graph had
/// in fact accepted the lost attempt, that costs one duplicate, which carries the same
/// <c>X-Bookings-Deduplication</c> header (a hash of the outbox deduplication key) so it can be recognised.
/// </para>
/// </summary>
public sealed class GraphEmailSender(IMailboxMail mail) : IEmailSender
{
    /// <summary>The custom header carrying a hash of the deduplication key (Graph requires custom headers to start with X-).</summary>
    public const string DeduplicationHeader = "X-Bookings-Deduplication";

    public async Task SendAsync(EmailMessage message, string mailboxId, string deduplicationKey, DateTimeOffset queuedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(mailboxId);
        ArgumentException.ThrowIfNullOrEmpty(deduplicationKey);

        // Same rule as MimeMessages: an invalid recipient is refused before anything is sent.
        var body = Body(message, deduplicationKey);
        await mail.SendMailAsync(mailboxId, body, ct);
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
}
