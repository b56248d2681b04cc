namespace Bookings.Core.Store;

/// <summary>A message waiting to leave, written in the same unit of work as the change that caused it.</summary>
public sealed record OutboxMessage(
    string Id,
    string MailboxId,
    string DeduplicationKey,
    string Channel,
    string Kind,
    string Payload,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? SentAt = null,
    int Attempts = 0,
    string? LastError = null,
    DateTimeOffset? ExpiresAt = null,
    DateTimeOffset? DroppedAt = null,
    DateTimeOffset? LeaseUntil = null)
{
    /// <summary>Neither sent nor dropped: the dispatcher still owes it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsPending => SentAt is null && DroppedAt is null;
}
