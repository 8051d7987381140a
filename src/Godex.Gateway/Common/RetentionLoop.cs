namespace Godex.Gateway.Common;

/// <summary>
/// The loop behind the retention services: purge at start, then once per interval until the host
/// stops. A failed purge is reported and tried again at the next tick; it never ends the loop.
/// </summary>
public static class RetentionLoop
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <param name="purge">Deletes what is older than its retention; given the time of this run.</param>
    /// <param name="failed">Reports a purge that threw (cancellation is not a failure: it ends the loop).</param>
    public static async Task RunAsync(Func<DateTimeOffset, CancellationToken, Task> purge, Action<Exception> failed, TimeProvider time, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await purge(time.GetUtcNow(), stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
