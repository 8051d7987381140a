using Godex.Gateway.Common;

namespace Godex.Gateway.Tests.Hosting;

public sealed class DedicatedThreadTests
{
    [Fact]
    public async Task Every_continuation_of_the_loop_runs_on_its_own_thread()
    {
        var threads = new List<int>();

        await DedicatedThread.Run("test-loop", async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                threads.Add(Environment.CurrentManagedThreadId);
                await Task.Delay(1);
                await Task.Yield();
            }

            threads.Add(Environment.CurrentManagedThreadId);
        });

        Assert.Equal(6, threads.Count);
        Assert.Single(threads.Distinct());
        Assert.NotEqual(Environment.CurrentManagedThreadId, threads[0]);
    }

    [Fact]
    public async Task A_failing_loop_fails_the_returned_task()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => DedicatedThread.Run("test-loop", async () =>
        {
            await Task.Delay(1);
            throw new InvalidOperationException("store gone");
        }));

        Assert.Equal("store gone", failure.Message);
    }
}
