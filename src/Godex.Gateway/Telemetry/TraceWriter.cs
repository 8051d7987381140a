using Godex.Gateway.Storage;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Telemetry;

/// <summary>
/// Drains the trace queue into the store in batches (up to <see cref="BatchSize"/> traces, or what
/// arrived within <see cref="BatchWindow"/>), off the request path. A failing store is retried with
/// back-off; the queue bound protects memory meanwhile. On shutdown it writes what is queued.
/// </summary>
public sealed partial class TraceWriter(TraceRecorder recorder, ITraceStore store, GatewayMetrics metrics, ILogger<TraceWriter> logger) : BackgroundService
{
    public const int BatchSize = 500;
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.Complete();
        await base.StopAsync(cancellationToken);

        // ExecuteAsync may never have run (a host stopped right after starting): write what is left.
        await DrainAsync(CancellationToken.None);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => DrainAsync(stoppingToken);

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var batch = new List<TraceRecord>(BatchSize);
        var reader = recorder.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            using (var window = new CancellationTokenSource(BatchWindow))
            {
                try
                {
                    while (batch.Count < BatchSize)
                    {
                        if (reader.TryRead(out var trace))
                        {
                            batch.Add(trace);
                        }
                        else if (!await reader.WaitToReadAsync(window.Token))
                        {
                            break;
                        }
                    }
                }
                catch (OperationCanceledException) when (window.IsCancellationRequested)
                {
                    // the window closed: write what we have
                }
            }

            await WriteWithRetryAsync(batch, stoppingToken);
            batch.Clear();
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
