using Godex.Gateway.Common;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Telemetry;

/// <summary>
/// Drains the trace queue into the store in batches (what arrived within <see cref="BatchWindow"/>,
/// in transactions of up to <see cref="BatchSize"/>), off the request path, on a thread of its own. A failing store is retried with
/// back-off; the queue bound protects memory meanwhile. On shutdown it writes what is queued.
/// </summary>
public sealed partial class TraceWriter(TraceRecorder recorder, ITraceStore store, GatewayMetrics metrics, ILogger<TraceWriter> logger) : BackgroundService
{
    public const int BatchSize = 500;
    // Short windows keep each transaction small: on a busy two-core machine a long insert burst showed as
    // ms of p99 latency on the requests sharing the cores.
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(10);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.Complete();
        await base.StopAsync(cancellationToken);

        // ExecuteAsync may never have run (a host stopped right after starting): write what is left.
        await DrainAsync(CancellationToken.None);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Common.DedicatedThread.Run("godex-trace-writer", () => DrainAsync(stoppingToken));

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var batch = new List<TraceRecord>(BatchSize);
        var reader = recorder.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            // Let a window's traces gather: one wake-up and one transaction per window, rather than
            // a wake-up per trace as they trickle in (that cost more than the inserts under load).
            if (!reader.Completion.IsCompleted)
            {
                await Task.Delay(BatchWindow, CancellationToken.None);
            }

            while (reader.TryRead(out var trace))
            {
                batch.Add(trace);
                if (batch.Count == BatchSize)
                {
                    await WriteWithRetryAsync(batch, stoppingToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await WriteWithRetryAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
    }

    private async Task WriteWithRetryAsync(List<TraceRecord> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.WriteAsync(batch, CancellationToken.None);
                metrics.TracesWritten(batch.Count);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogWriteFailed(logger, exception, batch.Count, attempt);
                if (attempt >= 5 || stoppingToken.IsCancellationRequested)
                {
                    metrics.TraceDropped(batch.Count);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} traces failed (attempt {Attempt})")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, int attempt);
}
