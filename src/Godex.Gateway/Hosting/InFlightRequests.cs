using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Hosting;

/// <summary>
/// Counts the gateway's requests until their traces are handed to telemetry. On shutdown it stops after
/// Kestrel (which waits `shutdown_timeout`, then cuts what is still open) and before the trace writers
/// flush, and waits for the cut requests to finish unwinding, so their traces are written too.
/// </summary>
public sealed partial class InFlightRequests(ILogger<InFlightRequests> logger) : IHostedService
{
    /// <summary>
    /// How long cut requests get to record themselves. They unwind in milliseconds once aborted, but a
    /// cut stream's usage is counted locally, and the first count loads the tokenizer (seconds on a busy host).
    /// </summary>
    private static readonly TimeSpan Unwind = TimeSpan.FromSeconds(15);

    private int _count;
    private volatile TaskCompletionSource? _idle;

    public int Count => Volatile.Read(ref _count);

    public void Enter() => Interlocked.Increment(ref _count);

    public void Leave()
    {
        if (Interlocked.Decrement(ref _count) == 0)
        {
            _idle?.TrySetResult();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Count == 0)
        {
            return;
        }

        try
        {
            await _idle.Task.WaitAsync(Unwind, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            LogStillRunning(logger, Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down with {Count} request(s) still running; their traces are not written")]
    private static partial void LogStillRunning(ILogger logger, int count);
}
