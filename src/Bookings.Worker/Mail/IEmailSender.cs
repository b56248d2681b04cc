using Bookings.Core.Notifications;

namespace Bookings.Worker.Mail;

/// <summary>
/// Hands one email to the mail system. Sending the same <paramref name="deduplicationKey"/> twice
/// must yield the same message (same Message-ID), so at-least-once delivery costs at most a
/// duplicate that mail clients fold.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, string deduplicationKey, DateTimeOffset queuedAt, CancellationToken ct);
}
