using Bookings.Core.Admin;

namespace Bookings.Store.Graph;

// PLACEHOLDER, replaced in this session by the Graph audit log (draft messages in the hidden folder).
public sealed partial class GraphBookingStore
{
    public Task AppendAuditAsync(AuditEntry entry, CancellationToken ct = default) => throw new NotSupportedException("audit log: not yet on Microsoft 365");

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? mailboxId, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default) =>
        throw new NotSupportedException("audit log: not yet on Microsoft 365");
}
