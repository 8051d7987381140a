using Godex.Gateway.Common;
using Godex.Gateway.Configuration;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Sessions;

/// <summary>Deletes stored responses older than sessions.retention_days and sweeps expired cached instructions, at start and then hourly.</summary>
public sealed partial class SessionRetention(GodexConfig config, IResponseStore store, InstructionsCache instructions, TimeProvider time, ILogger<SessionRetention> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        RetentionLoop.RunAsync(PurgeAsync, exception => LogFailed(logger, exception), time, stoppingToken);

    private async Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        instructions.Sweep();
        var days = config.Sessions.RetentionDays;
        var deleted = await store.DeleteOlderThanAsync(now.AddDays(-days), cancellationToken);
        if (deleted > 0)
        {
            LogDeleted(logger, deleted, days);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} stored responses older than {Days} days")]
    private static partial void LogDeleted(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored response retention cleanup failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
