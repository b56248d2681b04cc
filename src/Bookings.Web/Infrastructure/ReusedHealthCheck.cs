using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bookings.Web.Infrastructure;

/// <summary>
/// A health check whose answer costs the store reads: it is worked out at most once a minute (one at a time) and reused meanwhile,
/// so a polling load balancer costs nothing more. A failure to work it out is Degraded with the failure's type, never its data.
/// </summary>
public abstract class ReusedHealthCheck(TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Reuse = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    /// <summary>What is read, e.g. "The staff calendar sync status" (for the Degraded answer when it cannot be).</summary>
    protected abstract string What { get; }

    protected abstract Task<HealthCheckResult> CheckAsync(CancellationToken ct);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.At < Reuse) return last.Result;
            var result = await CheckAsync(cancellationToken);
            _last = (now, result);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"{What} could not be read ({e.GetType().Name}).");
        }
        finally
        {
            _gate.Release();
        }
    }
}
