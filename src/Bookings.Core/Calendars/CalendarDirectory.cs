using System.Collections.Concurrent;
using Bookings.Core.Store;

namespace Bookings.Core.Calendars;

/// <summary>
/// Finds published calendars by slug for the public pages and API. The parsed mailbox is kept and
/// revalidated on every call with one cheap read of its version, so a changed document is seen at
/// once while an unchanged one is not parsed again. The mailboxes it answers are shared between
/// requests: readers must not change them.
/// </summary>
public sealed class CalendarDirectory(IMailboxStore store)
{
    private const int MaxEntries = 1024;
    private readonly ConcurrentDictionary<string, Mailbox> _bySlug = new(StringComparer.Ordinal);

    public async Task<Mailbox?> FindPublishedAsync(string? slug, CancellationToken ct = default)
    {
        if (!CalendarValidator.IsValidSlug(slug)) return null;
        var stamp = await store.GetMailboxStampAsync(slug!, ct);
        if (stamp is null)
        {
            _bySlug.TryRemove(slug!, out _);
            return null;
        }
        if (!_bySlug.TryGetValue(slug!, out var mailbox) || mailbox.Id != stamp.Id || mailbox.Version != stamp.Version)
        {
            mailbox = await store.GetMailboxBySlugAsync(slug!, ct);
            if (mailbox is null) return null;
            if (_bySlug.Count >= MaxEntries) _bySlug.Clear();
            _bySlug[slug!] = mailbox;
        }
        return mailbox.Document.IsPublished ? mailbox : null;
    }
}
