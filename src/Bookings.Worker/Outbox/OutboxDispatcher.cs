using Bookings.Core.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bookings.Worker.Outbox;

/// <summary>
/// Runs <see cref="OutboxProcessor"/> whenever <see cref="OutboxSignal"/> is notified, and every Workers:PollInterval. When the host
/// stops, the loop ends first and then the store's dispatcher leases are given back (<see cref="IDispatcherLeases"/>, registered by
/// the Microsoft 365 store), so another instance dispatches at once rather than when the leases run out.
/// </summary>
public sealed partial class OutboxDispatcher(
    OutboxProcessor processor,
    OutboxSignal signal,
    IOptions<WorkersOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger,
    IDispatcherLeases? leases = null) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken); // the loop has ended: nothing takes a lease again
        if (leases is null) return;
        try
        {
            await leases.ReleaseDispatcherLeasesAsync(cancellationToken);
            LogLeasesReleased(logger);
        }
        catch (Exception e)
        {
            // Graph failed, or the host's shutdown timeout ran out first: the leases then run out by themselves (a minute or two),
            // and another instance takes over later; nothing is lost.
            LogLeasesNotReleased(logger, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, options.Value.PollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await processor.DispatchDueAsync(stoppingToken);
                await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The store itself failed (messages that fail to send are handled per message).
                LogPassFailed(logger, e);
                await WaitQuietlyAsync(stoppingToken);
            }
        }
    }

    private async Task WaitQuietlyAsync(CancellationToken ct)
    {
        try { await Task.Delay(options.Value.PollInterval, time, ct); }
        catch (OperationCanceledException) { }
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Outbox dispatcher started; polling every {PollInterval}")]
    private static partial void LogStarted(ILogger logger, TimeSpan pollInterval);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Outbox dispatcher stopped; its dispatcher leases were given back")]
    private static partial void LogLeasesReleased(ILogger logger);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Outbox dispatcher stopped without giving its leases back; they run out by themselves")]
    private static partial void LogLeasesNotReleased(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Outbox pass failed; trying again after the poll interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
