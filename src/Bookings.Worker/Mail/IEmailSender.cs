using Bookings.Core.Notifications;

namespace Bookings.Worker.Mail;

/// <summary>
/// Hands one email to the mail system. Sending the same deduplication key twice must yield the same
/// message (same Message-ID where the sender sets it, else the same X-Bookings-Deduplication header),
/// so at-least-once delivery costs at most a duplicate that can be recognised.
/// </summary>
public interface IEmailSender
{
    /// <param name="message">The email as it waits in the outbox.</param>
    /// <param name="mailboxId">
    /// The scheduling mailbox of the calendar the email is about (<c>OutboxMessage.MailboxId</c>; an SMTP
    /// address on the Microsoft 365 store). A sender that sends as the mailbox (Graph sendMail) uses it;
    /// senders with a fixed sender address (Mail:From) ignore it.
    /// </param>
    /// <param name="deduplicationKey">The outbox message's deduplication key.</param>
    /// <param name="queuedAt">When the message was queued (the Date of the email).</param>
    /// <param name="ct">Cancels the send.</param>
    Task SendAsync(EmailMessage message, string mailboxId, string deduplicationKey, DateTimeOffset queuedAt, CancellationToken ct);
}
