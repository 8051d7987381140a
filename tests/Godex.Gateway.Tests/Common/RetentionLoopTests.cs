using System.Threading.Channels;

using Godex.Gateway.Common;
using Godex.Gateway.Tests.Infrastructure;

namespace Godex.Gateway.Tests.Common;

public sealed class RetentionLoopTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Purges_at_start_and_then_once_per_interval_until_stopped()
    {
        var clock = new ManualClock();
        var start = clock.GetUtcNow();
        var runs = Channel.CreateUnbounded<DateTimeOffset>();
        using var stop = new CancellationTokenSource();
        var loop = RetentionLoop.RunAsync((now, _) => Record(runs, now), exception => Assert.Fail(exception.ToString()), clock, stop.Token);

        Assert.Equal(start, await NextAsync(runs));

        // A tick that came early would show as a run stamped a second before the interval.
        clock.Advance(RetentionLoop.Interval - Second);
        clock.Advance(Second);
        Assert.Equal(start + RetentionLoop.Interval, await NextAsync(runs));
        clock.Advance(RetentionLoop.Interval);
        Assert.Equal(start + (2 * RetentionLoop.Interval), await NextAsync(runs));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.False(runs.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_failing_purge_is_reported_and_the_next_tick_purges_again()
    {
        var clock = new ManualClock();
        var runs = Channel.CreateUnbounded<DateTimeOffset>();
        var failures = new List<Exception>();
        using var stop = new CancellationTokenSource();
        var loop = RetentionLoop.RunAsync(
            async (now, _) =>
            {
                await Record(runs, now);
                if (failures.Count == 0)
                {
                    throw new InvalidOperationException("database is locked");
                }
            },
            failures.Add,
            clock,
            stop.Token);

        await NextAsync(runs);
        Assert.Equal("database is locked", Assert.Single(failures).Message);
        clock.Advance(RetentionLoop.Interval);
        await NextAsync(runs);
        Assert.False(loop.IsCompleted);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.Single(failures);
    }

    [Fact]
    public async Task Stopping_during_a_purge_ends_the_loop_without_reporting_a_failure()
    {
        var clock = new ManualClock();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = new List<Exception>();
        using var stop = new CancellationTokenSource();
        var loop = RetentionLoop.RunAsync(
            async (_, cancellationToken) =>
            {
                started.SetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            },
            failures.Add,
            clock,
            stop.Token);

        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.Empty(failures);
    }

    private static Task Record(Channel<DateTimeOffset> runs, DateTimeOffset now)
    {
        runs.Writer.TryWrite(now);
        return Task.CompletedTask;
    }

    private static async Task<DateTimeOffset> NextAsync(Channel<DateTimeOffset> runs) =>
        await runs.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
