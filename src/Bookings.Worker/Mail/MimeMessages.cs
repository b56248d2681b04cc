using System.Security.Cryptography;
using System.Text;
using Bookings.Core.Notifications;
using MimeKit;
using CoreEmailAddress = Bookings.Core.Calendars.EmailAddress;

namespace Bookings.Worker.Mail;

/// <summary>The RFC 5322 message of an outbox email, the same for every sender (pickup directory, SMTP, ...).</summary>
public static class MimeMessages
{
    public static MimeMessage Create(EmailMessage email, string from, string deduplicationKey, DateTimeOffset queuedAt)
    {
        if (!CoreEmailAddress.IsValid(email.To.Address))
            throw new FormatException("The recipient address is not a valid email address.");

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(MessageText.Header(email.SenderName), from));
        if (email.ReplyTo is { } replyTo && CoreEmailAddress.IsValid(replyTo.Address))
            message.ReplyTo.Add(new MailboxAddress(MessageText.Header(replyTo.Name), replyTo.Address));
        message.To.Add(new MailboxAddress(MessageText.Header(email.To.Name), email.To.Address));
        message.Subject = MessageText.Header(email.Subject, maxLength: 250);
        message.Date = queuedAt;
        message.MessageId = MessageId(deduplicationKey, from);

        var body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody };
        foreach (var attachment in email.Attachments)
            body.Attachments.Add(FileName(attachment.FileName), Encoding.UTF8.GetBytes(attachment.Content), ContentType.Parse(attachment.ContentType));
        message.Body = body.ToMessageBody();
        StampBoundaries(message.Body, "=_" + KeyHash(deduplicationKey)[..24]);
        return message;
    }

    // MimeKit picks random boundaries; these come from the key, so a resend is byte for byte the same.
    private static void StampBoundaries(MimeEntity entity, string prefix)
    {
        var n = 0;
        Stamp(entity);

        void Stamp(MimeEntity e)
        {
            if (e is not Multipart multipart) return;
            multipart.Boundary = $"{prefix}.{n++}";
            foreach (var child in multipart) Stamp(child);
        }
    }

    /// <summary>Derived from the deduplication key, so a resend after a crash is recognisably the same message.</summary>
    public static string MessageId(string deduplicationKey, string from) =>
        $"{KeyHash(deduplicationKey)[..32]}@{from[(from.LastIndexOf('@') + 1)..]}";

    public static string KeyHash(string deduplicationKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deduplicationKey)));

    private static string FileName(string name)
    {
        var clean = new string([.. MessageText.Header(name, maxLength: 100).Where(c => !Path.GetInvalidFileNameChars().Contains(c))]);
        return clean.Length == 0 ? "attachment" : clean;
    }
}
