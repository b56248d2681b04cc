namespace Bookings.Core.Store;

/// <summary>
/// The notification outbox: messages written with the change that caused them (or queued on their own), claimed by the
/// dispatcher under a lease, and kept for the record once sent or dropped.
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> pending messages due at <paramref name="now"/> whose lease is free, oldest due first,
    /// leasing each until now + <paramref name="lease"/>: a second dispatcher (another process) does not take them meanwhile,
    /// and a crashed one's lease runs out, so a message is sent once and never lost.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueOutboxAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken ct = default);

    /// <summary>
    /// Marks the message sent. A message sent or dropped (here, by <see cref="MarkOutboxDroppedAsync"/>, or when its appointment is
    /// cancelled or moved) is kept without a manage or invitation link in clear (<c>SealedLinks.WithoutClearLinks</c>): earlier versions wrote
    /// them; messages composed now hold sealed placeholders only, which stay so that a resend works.
    /// </summary>
    Task MarkOutboxSentAsync(string id, DateTimeOffset sentAt, CancellationToken ct = default);

    /// <summary>Counts the attempt, keeps the error, frees the lease and makes it due again at <paramref name="retryAt"/>.</summary>
    Task MarkOutboxFailedAsync(string id, string error, DateTimeOffset retryAt, CancellationToken ct = default);

    /// <summary>A message that will not be sent (a reminder past its cut-off): kept for the record with the reason as its error.</summary>
    Task MarkOutboxDroppedAsync(string id, string reason, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Queues messages that belong to no appointment (staff invitations, time-off notices); a known deduplication key is not queued twice.</summary>
    Task EnqueueOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default);

    /// <summary>Queues a message of the mailbox again, due at <paramref name="now"/> (an admin's resend); false when there is none.</summary>
    Task<bool> RequeueOutboxAsync(string mailboxId, string id, DateTimeOffset now, CancellationToken ct = default);

    Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string mailboxId, CancellationToken ct = default);
}
