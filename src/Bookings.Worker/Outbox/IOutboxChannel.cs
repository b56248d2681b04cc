using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Worker.Mail;

namespace Bookings.Worker.Outbox;

/// <summary>
/// Delivers the outbox messages of one channel ("email", "sms"); throwing means "try again later", except
/// <see cref="RecipientRejectedException"/>: the recipient itself is refused for good, and the message is dropped.
/// </summary>
public interface IOutboxChannel
{
    string Name { get; }
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>
/// The recipient is refused for good (a mail server's 550 "no such mailbox", an SMS number that is invalid or unsubscribed):
/// retrying cannot help, so the dispatcher drops the message and keeps the reason. Configuration errors (wrong credentials,
/// no TLS) are never this: those messages wait until the configuration is fixed.
/// </summary>
public sealed class RecipientRejectedException(string message, Exception inner) : Exception(message, inner);

/// <summary>The outbox channel "email": the message's sealed links (manage, invitation) opened (<see cref="SealedLinkOpener"/>), then the sender Mail:Channel chose.</summary>
public sealed class EmailOutboxChannel(IEmailSender sender, SealedLinkOpener links) : IOutboxChannel
{
    public string Name => EmailMessage.Channel;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var email = links.ForSending(message, EmailMessage.FromJson(message.Payload));
        try
        {
            await sender.SendAsync(email, message.MailboxId, message.DeduplicationKey, message.CreatedAt, ct);
        }
        catch (SmtpPermanentException e) when (e.StatusCode is 550 or 551 or 553)
        {
            throw new RecipientRejectedException($"The mail server refused the recipient ({e.StatusCode}).", e);
        }
    }
}
