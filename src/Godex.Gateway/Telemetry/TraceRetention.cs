using Godex.Gateway.Configuration;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Telemetry;

/// <summary>Deletes traces older than trace.retention_days, at start and then hourly.</summary>
public sealed partial class TraceRetention(GodexConfig config, ITraceStore store, TimeProvider time, ILogger<TraceRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var cutoff = time.GetUtcNow().AddDays(-config.Trace.RetentionDays);
                var deleted = await store.DeleteOlderThanAsync(cutoff, stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted, config.Trace.RetentionDays);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} traces older than {Days} days")]
    private static partial void LogDeleted(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace retention cleanup failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
