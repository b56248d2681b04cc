using Bookings.Core.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bookings.Web.Infrastructure;

/// <summary>Healthy when the store answers a cheap read; the failure's type, never data, goes into the answer.</summary>
public sealed class StoreHealthCheck(IMailboxStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetMailboxStampAsync("health-check", cancellationToken);
            return HealthCheckResult.Healthy("The store answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The store does not answer ({e.GetType().Name}).");
        }
    }
}
