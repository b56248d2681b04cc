namespace Bookings.Core.Store;

/// <summary>The audit log of admin changes.</summary>
public interface IAuditStore
{
    /// <summary>Keeps one admin change for good (entries are never changed or removed, except with their mailbox).</summary>
    Task AppendAuditAsync(Admin.AuditEntry entry, CancellationToken ct = default);

    /// <summary>
    /// The admin changes in [from, to), newest first, at most <paramref name="max"/>: of one mailbox, or with
    /// <paramref name="mailboxId"/> null of every mailbox and those outside any mailbox.
    /// </summary>
    Task<IReadOnlyList<Admin.AuditEntry>> ListAuditAsync(string? mailboxId, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default);
}
