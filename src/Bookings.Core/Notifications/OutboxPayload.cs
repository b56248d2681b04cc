using System.Text.Json;
using Bookings.Core.Store;

namespace Bookings.Core.Notifications;

/// <summary>What an outbox message is, for people looking at the outbox (the CLI, the admin page).</summary>
public static class OutboxPayload
{
    /// <summary>sent, dropped, failing (tried and waiting to try again) or pending.</summary>
    public static string Status(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.SentAt is not null ? "sent" : message.DroppedAt is not null ? "dropped" : message.Attempts > 0 ? "failing" : "pending";
    }

    /// <summary>
    /// The email or the SMS the message carries, as people may see it: every manage or invitation link reads what its kind withholds
    /// it as (<see cref="SealedLinks.ForShowing(EmailMessage)"/>). Both null when its payload cannot be read.
    /// </summary>
    public static (EmailMessage? Email, SmsMessage? Sms) Decode(OutboxMessage message) => Read(message) switch
    {
        ({ } email, _) => (SealedLinks.ForShowing(email), null),
        (_, { } sms) => (null, SealedLinks.ForShowing(sms)),
        _ => (null, null),
    };

    /// <summary>The address or number the message goes to.</summary>
    public static string? Recipient(OutboxMessage message) => Read(message) switch
    {
        ({ } email, _) => email.To.Address,
        (_, { } sms) => sms.To,
        _ => null,
    };

    private static (EmailMessage? Email, SmsMessage? Sms) Read(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return message.Channel == SmsMessage.Channel ? (null, SmsMessage.FromJson(message.Payload)) : (EmailMessage.FromJson(message.Payload), null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
