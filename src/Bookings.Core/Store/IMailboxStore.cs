using Bookings.Core.Calendars;

namespace Bookings.Core.Store;

/// <summary>The scheduling mailboxes (calendars) of the store: each one's address, slug and calendar document.</summary>
public interface IMailboxStore
{
    Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken ct = default);
    Task<Mailbox?> GetMailboxAsync(string id, CancellationToken ct = default);
    Task<Mailbox?> GetMailboxBySlugAsync(string slug, CancellationToken ct = default);

    /// <summary>The mailbox's address and document version for a slug, without reading the document: a cheap revalidation.</summary>
    Task<MailboxStamp?> GetMailboxStampAsync(string slug, CancellationToken ct = default);

    /// <summary>Creates a mailbox for a valid document; <see cref="StoreConflictException"/> when the slug or address is taken.</summary>
    Task<Mailbox> CreateMailboxAsync(CalendarDocument document, CancellationToken ct = default);

    /// <summary>Replaces the document if <paramref name="expectedVersion"/> is current; otherwise <see cref="StoreConflictException"/>.</summary>
    Task<Mailbox> UpdateMailboxAsync(string id, CalendarDocument document, string expectedVersion, CancellationToken ct = default);

    Task<bool> DeleteMailboxAsync(string id, CancellationToken ct = default);
}
