using Godex.Gateway.Common;
using Godex.Gateway.Configuration;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Telemetry;

/// <summary>Deletes traces older than trace.retention_days, at start and then hourly.</summary>
public sealed partial class TraceRetention(GodexConfig config, ITraceStore store, TimeProvider time, ILogger<TraceRetention> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        RetentionLoop.RunAsync(PurgeAsync, exception => LogFailed(logger, exception), time, stoppingToken);

    private async Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var days = config.Trace.RetentionDays;
        var deleted = await store.DeleteOlderThanAsync(now.AddDays(-days), cancellationToken);
        if (deleted > 0)
        {
            LogDeleted(logger, deleted, days);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} traces older than {Days} days")]
    private static partial void LogDeleted(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace retention cleanup failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
