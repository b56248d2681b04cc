using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Worker.Mail;

namespace Bookings.Worker.Outbox;

/// <summary>Delivers the outbox messages of one channel ("email", later "sms"); throwing means "try again later".</summary>
public interface IOutboxChannel
{
    string Name { get; }
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

public sealed class EmailOutboxChannel(IEmailSender sender) : IOutboxChannel
{
    public string Name => EmailMessage.Channel;

    public Task SendAsync(OutboxMessage message, CancellationToken ct) =>
        sender.SendAsync(EmailMessage.FromJson(message.Payload), message.MailboxId, message.DeduplicationKey, message.CreatedAt, ct);
}
