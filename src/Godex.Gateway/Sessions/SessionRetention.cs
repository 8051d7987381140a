using Godex.Gateway.Configuration;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Sessions;

/// <summary>Deletes stored responses older than sessions.retention_days and sweeps expired cached instructions, at start and then hourly.</summary>
public sealed partial class SessionRetention(GodexConfig config, IResponseStore store, InstructionsCache instructions, TimeProvider time, ILogger<SessionRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            instructions.Sweep();
            try
            {
                var days = config.Sessions.RetentionDays;
                var deleted = await store.DeleteOlderThanAsync(time.GetUtcNow().AddDays(-days), stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted, days);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} stored responses older than {Days} days")]
    private static partial void LogDeleted(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored response retention cleanup failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
