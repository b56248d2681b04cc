using Bookings.Core.Store;
using Bookings.Core.Sync;
using Microsoft.Extensions.Options;

namespace Bookings.Worker.Sync;

/// <summary>The staff calendar sync diagnoses of every calendar, read from the store (for the CLI, /health and the admin app).</summary>
public sealed class SyncStatusReader(IMailboxStore mailboxStore, IStaffSyncStore syncStore, TimeProvider time, IOptions<SyncOptions> options,
    IScheduleReader? graph = null)
{
    public async Task<List<SyncDiagnosis>> ReadAsync(CancellationToken ct = default)
    {
        var mailboxes = await mailboxStore.ListMailboxesAsync(ct);
        var states = new Dictionary<string, IReadOnlyList<StaffSyncState>>(StringComparer.OrdinalIgnoreCase);
        foreach (var mailbox in mailboxes) states[mailbox.Id] = await syncStore.ListStaffSyncAsync(mailbox.Id, ct);
        var o = options.Value;
        return SyncDiagnosis.For(mailboxes, states, graph is not null, time.GetUtcNow(), o.Policy, o.EscalateAfter);
    }
}
