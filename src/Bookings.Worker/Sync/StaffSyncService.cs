using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bookings.Worker.Sync;

/// <summary>Runs a staff calendar sync pass at start and then every Sync:Interval (on the host's TimeProvider).</summary>
public sealed partial class StaffSyncService(StaffSyncRunner runner, TimeProvider time, IOptions<SyncOptions> options, ILogger<StaffSyncService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, options.Value.Interval, runner.GraphAvailable ? "ICS feeds and Microsoft 365 free/busy" : "ICS feeds");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, e.GetType().Name, e);
            }
            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Staff calendar sync started: {Sources}, every {Interval}")]
    private static partial void LogStarted(ILogger logger, TimeSpan interval, string sources);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "A staff calendar sync pass failed: {Error}")]
    private static partial void LogPassFailed(ILogger logger, string error, Exception exception);
}
