using Microsoft.Extensions.Hosting;

namespace Godex.Gateway.Common;

/// <summary>
/// Drains a queue into a sink in batches, off the request path, on a thread of its own
/// (<see cref="DedicatedThread"/>), in queue order. A failing batch is retried with growing waits;
/// after the last attempt, or once the host is stopping, it is given up. On shutdown it writes what
/// is queued. Backpressure is the queue's: its bound and full mode decide what a caller meets.
/// </summary>
public sealed class BatchWriter<T>(IBatchSource<T> source, IBatchSink<T> sink, BatchWriterOptions options) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        source.Complete();
        await base.StopAsync(cancellationToken);

        // ExecuteAsync may never have run (a host stopped right after starting): write what is left.
        await DrainAsync(CancellationToken.None);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => DedicatedThread.Run(options.ThreadName, () => DrainAsync(stoppingToken));

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var batch = new List<T>(options.BatchSize);
        var reader = source.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            // Let a window's items gather: one wake-up and one transaction per window, rather than a
            // wake-up per item as they trickle in. Without a window, take what is already queued:
            // under load batches grow, when idle each item commits at once.
            if (options.BatchWindow > TimeSpan.Zero && !reader.Completion.IsCompleted)
            {
                await Task.Delay(options.BatchWindow, CancellationToken.None);
            }

            while (reader.TryRead(out var item))
            {
                var alone = sink.WritesAlone(item);
                if (alone)
                {
                    await FlushAsync(batch, stoppingToken);
                }

                batch.Add(item);
                if (alone || batch.Count == options.BatchSize)
                {
                    await FlushAsync(batch, stoppingToken);
                }
            }

            await FlushAsync(batch, stoppingToken);
        }
    }

    private async Task FlushAsync(List<T> batch, CancellationToken stoppingToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        if (await TryWriteAsync(batch, stoppingToken))
        {
            sink.Written(batch);
        }
        else
        {
            sink.GivenUp(batch);
        }

        batch.Clear();
    }

    private async Task<bool> TryWriteAsync(List<T> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A write is never cancelled: finishing what was queued is what stopping waits for.
                await sink.WriteAsync(batch, CancellationToken.None);
                return true;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                sink.Failed(batch, exception, attempt);
                if (attempt >= options.Attempts || stoppingToken.IsCancellationRequested)
                {
                    return false;
                }

                await Task.Delay(options.RetryDelay * attempt, CancellationToken.None);
            }
        }
    }
}

/// <summary>How a <see cref="BatchWriter{T}"/> names its thread, groups items and retries.</summary>
public sealed record BatchWriterOptions(string ThreadName, int BatchSize)
{
    /// <summary>How long items may gather after the first one wakes the writer; zero takes only what is already queued.</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.Zero;

    public int Attempts { get; init; } = 5;

    /// <summary>The wait after failed attempt n is n times this.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
}
