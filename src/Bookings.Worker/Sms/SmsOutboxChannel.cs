using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Worker.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using E164 = Bookings.Core.Notifications.PhoneNumbers;

namespace Bookings.Worker.Sms;

/// <summary>
/// The outbox channel "sms": sends an <see cref="SmsMessage"/> through <see cref="ISmsSender"/>.
/// <list type="bullet">
/// <item>SMS not configured (Sms:AccountSid empty): throws, so the messages wait and the outbox's last error says why.</item>
/// <item>A recipient that is not a valid E.164 number: throws (the composer only writes E.164, so this is a bug or a hand edit).</item>
/// <item>A recipient who opted out (texted STOP) since the message was written: nothing is sent and nothing is thrown, so
/// the outbox marks the message done ("sent" there means "handled"); the log says it was skipped. Throwing instead
/// would retry it forever, and the opt-out is not something a retry can change.</item>
/// </list>
/// The text's sealed links are opened just before it leaves (<see cref="SealedLinkOpener"/>).
/// Logs name the outbox message and kind, never the number or the text.
/// </summary>
public sealed partial class SmsOutboxChannel(ISmsOptOutStore store, ISmsSender sender, SealedLinkOpener links, IOptions<SmsOptions> options,
    ILogger<SmsOutboxChannel> logger) : IOutboxChannel
{
    public string Name => SmsMessage.Channel;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!options.Value.IsConfigured)
            throw new InvalidOperationException(
                "SMS is not configured (Sms:AccountSid, Sms:AuthToken and Sms:From): the message waits until it is.");
        var sms = SmsMessage.FromJson(message.Payload);
        if (!E164.IsE164(sms.To))
            throw new FormatException("The SMS recipient is not a valid phone number in E.164 form (+, the country code and digits only).");
        if (string.IsNullOrWhiteSpace(sms.Body))
            throw new FormatException("The SMS text is empty.");
        if (await store.IsSmsOptedOutAsync(message.MailboxId, sms.To, ct).ConfigureAwait(false))
        {
            LogSkippedOptedOut(logger, message.Id, message.Kind);
            return;
        }
        var text = links.ForSending(message, sms).Body;
        string sid;
        try
        {
            sid = await sender.SendAsync(sms.To, text, ct).ConfigureAwait(false);
        }
        catch (SmsProviderException e) when (e.ErrorCode is 21211 or 21610 or 21612 or 21614)
        {
            // Invalid number, unsubscribed at the provider, unreachable, not a mobile: no retry can change that.
            throw new Outbox.RecipientRejectedException($"The SMS provider refused the recipient (error {e.ErrorCode}).", e);
        }
        LogSent(logger, message.Id, message.Kind, sid);
    }

    [LoggerMessage(EventId = 4310, Level = LogLevel.Information, Message = "SMS outbox message {MessageId} ({Kind}) skipped: the recipient opted out (STOP)")]
    private static partial void LogSkippedOptedOut(ILogger logger, string messageId, string kind);

    [LoggerMessage(EventId = 4311, Level = LogLevel.Debug, Message = "SMS outbox message {MessageId} ({Kind}) accepted by the provider as {MessageSid}")]
    private static partial void LogSent(ILogger logger, string messageId, string kind, string messageSid);
}
