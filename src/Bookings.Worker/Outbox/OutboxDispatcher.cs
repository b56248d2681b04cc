using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bookings.Worker.Outbox;

/// <summary>Runs <see cref="OutboxProcessor"/> whenever <see cref="OutboxSignal"/> is notified, and every Workers:PollInterval.</summary>
public sealed partial class OutboxDispatcher(
    OutboxProcessor processor,
    OutboxSignal signal,
    IOptions<WorkersOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
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

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Outbox pass failed; trying again after the poll interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
