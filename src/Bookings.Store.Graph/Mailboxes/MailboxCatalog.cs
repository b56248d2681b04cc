using System.Collections.Concurrent;
using Bookings.Core.Calendars;
using Bookings.Core.Store;

namespace Bookings.Store.Graph.Mailboxes;

/// <summary>
/// The calendars: the directory (<see cref="MailboxDirectory"/>) says which mailboxes, each mailbox's hidden folder holds the
/// document (<see cref="CalendarDocuments"/>). A mailbox the app may not read is skipped by listings and remembered in
/// <see cref="Unreachable"/>; it does not break the others. A calendar adopted while its mailbox refused the app keeps its first
/// document in its directory entry, and the first read of the mailbox once the app may writes it there (<see cref="TryReadAsync"/>).
/// </summary>
internal sealed class MailboxCatalog(MailboxDirectory directory, CalendarDocuments documents, HiddenFolders folders) : IMailboxStore
{
    public const string SharedMailbox = "SharedMailbox";

    private readonly ConcurrentDictionary<string, UnreachableMailbox> _unreachable = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The mailboxes the last listings could not read, and why.</summary>
    public IReadOnlyList<UnreachableMailbox> Unreachable => [.. _unreachable.Values.OrderBy(u => u.Mailbox, StringComparer.OrdinalIgnoreCase)];

    public Task<IReadOnlyList<string>> AddressesAsync(CancellationToken ct) => directory.MailboxesAsync(ct);

    public async Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken ct = default)
    {
        var ids = await directory.MailboxesAsync(ct);
        var found = new ConcurrentBag<Mailbox>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, token) =>
        {
            if (await TryReadAsync(id, token) is { } mailbox) found.Add(mailbox);
        });
        return [.. found.OrderBy(m => m.Slug, StringComparer.Ordinal)];
    }

    /// <summary>The mailbox, or null (also when Graph refuses it: it is then listed in <see cref="Unreachable"/>).</summary>
    public async Task<Mailbox?> TryReadAsync(string id, CancellationToken ct)
    {
        try
        {
            var mailbox = await ReadAsync(id, ct) ?? await WriteAwaitedDocumentAsync(id, ct);
            _unreachable.TryRemove(id, out _);
            return mailbox;
        }
        catch (MailboxUnreachableException e)
        {
            _unreachable[id] = new UnreachableMailbox(id, e.Message);
            return null;
        }
    }

    /// <summary>A calendar's mailbox by address: one revalidating read when this instance knows it, else a directory check first.</summary>
    public async Task<Mailbox?> GetMailboxAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (documents.Cached(id) is null && !directory.IsAdopted(id)
            && !(await directory.MailboxesAsync(ct)).Contains(id, StringComparer.OrdinalIgnoreCase)) return null;
        return await TryReadAsync(id, ct);
    }

    private async Task<Mailbox?> ReadAsync(string id, CancellationToken ct) =>
        await documents.ReadAsync(id, ct) is { } stored ? ToMailbox(id, stored) : null;

    /// <summary>
    /// A mailbox without a document whose directory entry holds one (adopted while the app could not open it): the document goes into
    /// the mailbox now. Two instances doing this at once write the same document twice; the lower version stays current until the next
    /// save replaces both (CalendarDocuments).
    /// </summary>
    private async Task<Mailbox?> WriteAwaitedDocumentAsync(string id, CancellationToken ct)
    {
        if (await directory.AwaitingDocumentAsync(id, ct) is not { } awaiting) return null;
        var stored = await documents.CreateAsync(id, awaiting.Json, ct);
        await directory.DocumentWrittenAsync(awaiting.Entry, ct);
        return ToMailbox(id, stored);
    }

    public async Task<Mailbox?> GetMailboxBySlugAsync(string slug, CancellationToken ct = default)
    {
        foreach (var id in await directory.MailboxesForSlugAsync(slug, ct))
            if (await TryReadAsync(id, ct) is { } hit && hit.Slug == slug) return hit;
        // Adopted mailboxes listed only in the configuration have no directory entry of their slug.
        foreach (var id in directory.AdoptedMailboxes)
            if (await TryReadAsync(id, ct) is { } hit && hit.Slug == slug) return hit;
        return null;
    }

    /// <summary>The address and version for a slug: the document is read anyway (it is cached and revalidated per mailbox).</summary>
    public async Task<MailboxStamp?> GetMailboxStampAsync(string slug, CancellationToken ct = default) =>
        await GetMailboxBySlugAsync(slug, ct) is { } m ? new MailboxStamp(m.Id, m.Version) : null;

    /// <summary>The mailbox as this instance last read it (the caller has just revalidated it), else one read.</summary>
    public async Task<Mailbox?> KnownAsync(string id, CancellationToken ct) =>
        documents.Cached(id) is { } cached ? ToMailbox(id, cached) : await GetMailboxAsync(id, ct);

    /// <summary>
    /// Adopts the existing mailbox <c>document.Id</c> (default: the slug's address in the local domain) as a calendar: a directory entry
    /// and the document in its hidden folder. The store never creates a mailbox (applications may not create booking businesses);
    /// <see cref="StoreRefusedException"/> when there is no such mailbox, <see cref="MailboxAccessPendingException"/> when it exists but
    /// the app may not open it yet (the calendar is kept and appears once it can be read).
    /// </summary>
    public async Task<Mailbox> CreateMailboxAsync(CalendarDocument document, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        CalendarValidator.ThrowIfInvalid(document);
        var doc = CalendarJson.Clone(document);
        doc.Id ??= MailboxAddress.ForSlug(doc.Slug);
        var id = doc.Id;
        var json = CalendarJson.Serialize(doc, indented: false);
        var entry = await directory.ClaimAsync(id, doc.Slug, newCalendar: true, IsCurrentAsync, ct);
        try
        {
            var stored = await documents.CreateAsync(id, json, ct);
            await directory.SettleAsync(entry, ct);
            return ToMailbox(id, stored);
        }
        catch (MailboxUnreachableException refused)
        {
            // The mailbox exists (Graph refused it, it did not miss it) but is outside the app's Exchange scope, as a scheduling mailbox
            // just made in Microsoft Bookings is: the calendar is kept, with its document in the directory, until the app may open it.
            try
            {
                await directory.KeepAwaitingDocumentAsync(entry, json, ct);
            }
            catch
            {
                await directory.WithdrawAsync(entry, CancellationToken.None);
                throw;
            }
            _unreachable[id] = new UnreachableMailbox(id, refused.Message);
            throw new MailboxAccessPendingException(id, $"The calendar '{doc.Slug}' is registered, but the app may not open the mailbox '{id}' yet " +
                $"(Microsoft Graph answered 403 {refused.Code ?? "Forbidden"}): IT adds it to the app's scope (infra/exchange-scope.ps1 -Mailboxes {id}; " +
                "infra/entra-app.md), and the calendar appears once the app can read the mailbox.");
        }
        catch (KeyNotFoundException)
        {
            await directory.WithdrawAsync(entry, CancellationToken.None);
            throw new StoreRefusedException($"There is no mailbox '{id}' in the tenant: create it first (the admin app's New calendar with a " +
                "Microsoft sign-in creates a scheduling mailbox; or New-Mailbox -Shared) and give the app access to it (infra/entra-app.md).");
        }
        catch
        {
            await directory.WithdrawAsync(entry, CancellationToken.None);
            throw;
        }
    }

    public async Task<Mailbox> UpdateMailboxAsync(string id, CalendarDocument document, string expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        CalendarValidator.ThrowIfInvalid(document);
        var doc = CalendarJson.Clone(document);
        var current = MailboxUpdates.Check(await GetMailboxAsync(id, ct), id, doc, expectedVersion);
        var stored = documents.Cached(current.Id) ?? throw new StoreConflictException($"There is no mailbox '{id}' to update.");
        if (doc.Slug == current.Slug)
            return ToMailbox(current.Id, await documents.UpdateAsync(current.Id, stored, CalendarJson.Serialize(doc, indented: false), ct));

        // A new slug: claim it in the directory first, then the new version; the old slug's entry goes last.
        var entry = await directory.ClaimAsync(current.Id, doc.Slug, newCalendar: false, IsCurrentAsync, ct);
        try
        {
            var updated = await documents.UpdateAsync(current.Id, stored, CalendarJson.Serialize(doc, indented: false), ct);
            await directory.SettleAsync(entry, ct);
            await directory.RemoveAsync(current.Id, keep: entry.ItemId, ct);
            return ToMailbox(current.Id, updated);
        }
        catch
        {
            await directory.WithdrawAsync(entry, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Forgets the calendar: its directory entries and its hidden folder (document, outbox messages, audit log) go. The mailbox itself
    /// stays: an application may not delete a booking business (api-reference/v1.0/includes/permissions/bookingbusiness-delete-permissions.md),
    /// and a shared mailbox is not ours; its calendar keeps the appointment events (docs/admin.md says how IT removes the mailbox).
    /// </summary>
    public async Task<bool> DeleteMailboxAsync(string id, CancellationToken ct = default)
    {
        var current = await GetMailboxAsync(id, ct);
        if (current is null)
        {
            // A calendar whose mailbox the app may not read (or that awaits its document) leaves the directory all the same; its hidden
            // folder, if it has one, stays in the mailbox until the app may open it or IT removes the mailbox.
            if (!await directory.ListsAsync(id, ct)) return false;
            await directory.RemoveAsync(id, keep: null, ct);
            _unreachable.TryRemove(id, out _);
            folders.Forget(id);
            documents.Forget(id);
            return true;
        }
        await directory.RemoveAsync(current.Id, keep: null, ct);
        if (await folders.FindAsync(current.Id, ct) is { } folder)
            await folders.DeleteAsync(current.Id, folder, ct);
        folders.Forget(current.Id);
        documents.Forget(current.Id);
        _unreachable.TryRemove(current.Id, out _);
        return true;
    }

    // A directory entry still names its calendar's slug when that calendar's document says so.
    private async Task<bool> IsCurrentAsync(DirectoryEntry entry, CancellationToken ct) =>
        await TryReadAsync(entry.Mailbox, ct) is not { } mailbox || mailbox.Slug == entry.Slug;

    private Mailbox ToMailbox(string id, StoredDocument stored)
    {
        var doc = CalendarJson.Parse(stored.Json);
        doc.Id ??= id;
        return new Mailbox(doc.Id, doc.Slug, doc.DisplayName, directory.IsAdopted(id) ? SharedMailbox : Mailbox.SchedulingMailbox,
            stored.Version, doc, stored.CreatedAt, stored.UpdatedAt);
    }
}
