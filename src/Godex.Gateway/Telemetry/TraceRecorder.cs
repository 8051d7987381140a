using System.Threading.Channels;

using Godex.Gateway.Common;
using Godex.Gateway.Configuration;

namespace Godex.Gateway.Telemetry;

/// <summary>
/// Hands traces to the background writer through a bounded channel, so a request never waits on the
/// database. When the queue is full the configured policy applies: drop the newest trace (default),
/// drop the oldest, or block the request until there is room. Drops are counted in metrics.
/// </summary>
public sealed class TraceRecorder : IBatchSource<TraceRecord>
{
    private readonly Channel<TraceRecord> _channel;
    private readonly GatewayMetrics _metrics;
    private readonly bool _block;

    public TraceRecorder(GodexConfig config, GatewayMetrics metrics)
    {
        _metrics = metrics;
        var trace = config.Trace;
        Enabled = trace.Enabled;
        _block = trace.Overflow == "block";
        _channel = Channel.CreateBounded<TraceRecord>(
            new BoundedChannelOptions(trace.QueueCapacity)
            {
                SingleReader = true,
                FullMode = trace.Overflow switch
                {
                    "drop_oldest" => BoundedChannelFullMode.DropOldest,
                    "block" => BoundedChannelFullMode.Wait,
                    _ => BoundedChannelFullMode.DropWrite,
                },
            },
            dropped => _metrics.TraceDropped());
        metrics.ObserveTraceQueue(() => _channel.Reader.Count);
    }

    public bool Enabled { get; }

    public ChannelReader<TraceRecord> Reader => _channel.Reader;

    public ValueTask RecordAsync(TraceRecord trace, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return ValueTask.CompletedTask;
        }

        if (_block)
        {
            return _channel.Writer.WriteAsync(trace, cancellationToken);
        }

        _channel.Writer.TryWrite(trace);
        return ValueTask.CompletedTask;
    }

    /// <summary>No more traces: lets the writer drain what is queued and stop.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
