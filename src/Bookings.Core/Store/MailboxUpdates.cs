using Bookings.Core.Calendars;

namespace Bookings.Core.Store;

/// <summary>The rules every store applies before replacing a calendar document, so that both stores answer alike.</summary>
public static class MailboxUpdates
{
    /// <summary>
    /// Refuses an update of a missing mailbox or from a stale version (<see cref="StoreConflictException"/>),
    /// and one whose document names another mailbox (<see cref="ArgumentException"/>: the address is the
    /// mailbox's identity; moving a document to another address is a create). Sets the document's id.
    /// </summary>
    public static Mailbox Check(Mailbox? current, string id, CalendarDocument doc, string expectedVersion)
    {
        if (current is null) throw new StoreConflictException($"There is no mailbox '{id}' to update.");
        if (!string.Equals(current.Version, expectedVersion, StringComparison.Ordinal))
            throw new StoreConflictException($"The mailbox '{current.Id}' has changed since version '{expectedVersion}'; read it again and retry.");
        if (doc.Id is not null && !string.Equals(doc.Id, current.Id, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The document's id '{doc.Id}' is not the mailbox '{current.Id}' being updated.", "document");
        doc.Id = current.Id;
        return current;
    }
}
