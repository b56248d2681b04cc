using Bookings.Core.Sync;
using Bookings.Worker.Sync;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bookings.Web.Infrastructure;

/// <summary>
/// Degraded while any staff member's calendar cannot sync, with the counts per cause (the details: <c>bookings sync status</c>).
/// The diagnoses are read at most once a minute, so a polling load balancer costs the store nothing more.
/// </summary>
public sealed class StaffSyncHealthCheck(SyncStatusReader status, TimeProvider time) : ReusedHealthCheck(time)
{
    protected override string What => "The staff calendar sync status";

    protected override async Task<HealthCheckResult> CheckAsync(CancellationToken ct) => Summarize(await status.ReadAsync(ct));

    public static HealthCheckResult Summarize(IReadOnlyList<SyncDiagnosis> diagnoses)
    {
        var data = new Dictionary<string, object>
        {
            ["synced"] = diagnoses.Count(d => d.Status == SyncDiagnosis.Synced),
            ["pending"] = diagnoses.Count(d => d.Status == SyncDiagnosis.Pending),
            ["failing"] = diagnoses.Count(d => d.IsFailing),
            ["stale"] = diagnoses.Count(d => d.Status == SyncDiagnosis.Stale),
            ["permissionDenied"] = diagnoses.Count(d => d.Cause == SyncFailureKind.PermissionDenied),
            ["notFound"] = diagnoses.Count(d => d.Cause == SyncFailureKind.NotFound),
            ["unknown"] = diagnoses.Count(d => d.Cause == SyncFailureKind.Unknown),
            ["notAllowed"] = diagnoses.Count(d => d.Cause == SyncFailureKind.NotAllowed),
            ["escalated"] = diagnoses.Count(d => d.Escalated),
        };
        var failing = (int)data["failing"];
        return failing == 0
            ? HealthCheckResult.Healthy($"{data["synced"]} staff calendars synced, {data["pending"]} waiting for their first sync.", data)
            : HealthCheckResult.Degraded($"{failing} staff {(failing == 1 ? "calendar cannot" : "calendars cannot")} sync: run `bookings sync status` for the cause and fix.", data: data);
    }
}
