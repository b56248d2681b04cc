using Bookings.Core.Store;
using Microsoft.Extensions.Logging;

namespace Bookings.Worker.Outbox;

/// <summary>
/// One pass over the outbox: every due message goes to its channel and is marked sent; a failure is
/// kept with its error and tried again later, each time waiting twice as long (30 s up to 1 h).
/// Delivery is at least once: a crash between sending and marking sends again (once the message's lease
/// runs out), with the same deduplication key and so the same Message-ID. Messages are claimed with a
/// lease, so two dispatchers (two processes) never send the same message at once.
/// </summary>
public sealed partial class OutboxProcessor(
    IOutboxStore store,
    IEnumerable<IOutboxChannel> channels,
    TimeProvider time,
    ILogger<OutboxProcessor> logger)
{
    public const int BatchSize = 50;

    /// <summary>How long a claimed message is this dispatcher's alone; a crash frees it after this (then it is sent again).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);
    private const int MaxErrorLength = 1000;

    private readonly Dictionary<string, IOutboxChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Sends what is due now; returns how many messages were sent.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var sent = 0;
        while (true)
        {
            var due = await store.ClaimDueOutboxAsync(time.GetUtcNow(), BatchSize, Lease, ct);
            var sentNow = 0;
            foreach (var message in due)
                if (await TrySendAsync(message, ct)) sentNow++;
            sent += sentNow;
            // A full batch may have more behind it; a batch that only failed is not read again at once.
            if (due.Count < BatchSize || sentNow == 0) return sent;
        }
    }

    public static TimeSpan RetryDelay(int attempts)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Clamp(attempts, 0, 16));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    private async Task<bool> TrySendAsync(OutboxMessage message, CancellationToken ct)
    {
        // Late rather than never after downtime, but not past its cut-off (a reminder after the appointment began).
        if (message.ExpiresAt is { } expires && time.GetUtcNow() >= expires)
        {
            await store.MarkOutboxDroppedAsync(message.Id, "expired: its cut-off passed before it could be sent", time.GetUtcNow(), ct);
            LogDropped(logger, message.Id, message.Kind, expires);
            return false;
        }
        try
        {
            if (!_channels.TryGetValue(message.Channel, out var channel))
                throw new NotSupportedException($"No sender is configured for the outbox channel '{message.Channel}'.");
            await channel.SendAsync(message, ct);
        }
        catch (RecipientRejectedException e)
        {
            await store.MarkOutboxDroppedAsync(message.Id, $"rejected: {e.Message}", time.GetUtcNow(), ct);
            LogRejected(logger, message.Id, message.Kind);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var retryAt = time.GetUtcNow() + RetryDelay(message.Attempts);
            // The error text can name a recipient (a mail server's "550 <address> unknown"): it goes to
            // the store, which already holds the address; the log gets only the exception type.
            var error = $"{e.GetType().Name}: {e.Message}";
            await store.MarkOutboxFailedAsync(message.Id, error.Length <= MaxErrorLength ? error : error[..MaxErrorLength], retryAt, ct);
            LogFailed(logger, message.Id, message.Kind, message.Attempts + 1, e.GetType().Name, retryAt);
            return false;
        }
        await store.MarkOutboxSentAsync(message.Id, time.GetUtcNow(), ct);
        LogSent(logger, message.Id, message.Kind);
        return true;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Sent outbox message {MessageId} ({Kind})")]
    private static partial void LogSent(ILogger logger, string messageId, string kind);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({Kind}) dropped: the recipient was refused for good")]
    private static partial void LogRejected(ILogger logger, string messageId, string kind);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({Kind}) dropped: its cut-off {ExpiresAt:o} passed before it could be sent")]
    private static partial void LogDropped(ILogger logger, string messageId, string kind, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({Kind}) failed on attempt {Attempt} with {ErrorType}; next try at {RetryAt:o}")]
    private static partial void LogFailed(ILogger logger, string messageId, string kind, int attempt, string errorType, DateTimeOffset retryAt);
}
