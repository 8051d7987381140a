using Godex.Gateway.Common;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Telemetry;

/// <summary>
/// Writes the trace queue to the store, for a <see cref="BatchWriter{T}"/>: what arrived within the
/// batch window, in transactions of up to the batch size. Writes and drops are counted in metrics; the
/// queue bound protects memory while a failing store is retried.
/// </summary>
public sealed partial class TraceWriter(ITraceStore store, GatewayMetrics metrics, ILogger<TraceWriter> logger) : IBatchSink<TraceRecord>
{
    // Short windows keep each transaction small: on a busy two-core machine a long insert burst showed as
    // ms of p99 latency on the requests sharing the cores.
    public static readonly BatchWriterOptions Batching = new("godex-trace-writer", BatchSize: 500)
    {
        BatchWindow = TimeSpan.FromMilliseconds(10),
    };

    public Task WriteAsync(IReadOnlyList<TraceRecord> batch, CancellationToken cancellationToken) => store.WriteAsync(batch, cancellationToken);

    public void Written(IReadOnlyList<TraceRecord> batch) => metrics.TracesWritten(batch.Count);

    public void Failed(IReadOnlyList<TraceRecord> batch, Exception exception, int attempt) => LogWriteFailed(logger, exception, batch.Count, attempt);

    public void GivenUp(IReadOnlyList<TraceRecord> batch) => metrics.TraceDropped(batch.Count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} traces failed (attempt {Attempt})")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, int attempt);
}
