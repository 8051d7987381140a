using System.Diagnostics;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.Data.Sqlite;

namespace Godex.EndToEnd.Tests.Telemetry;

/// <summary>The request path never waits on the database: a locked SQLite file delays traces, not answers.</summary>
public sealed class SlowStorageTests
{
    [Fact]
    public async Task Requests_stay_fast_while_the_database_is_locked_and_traces_arrive_after()
    {
        await using var godex = await GodexHost.StartAsync();
        var warm = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"mock","messages":[{"role":"user","content":"warm up"}]}"""));
        await Traces.WaitForAsync(godex, Traces.RequestId(warm));

        var ids = new List<string>();
        var slowest = TimeSpan.Zero;
        await using (var blocker = new SqliteConnection($"Data Source={godex.DatabasePath};Pooling=False"))
        {
            await blocker.OpenAsync();
            await using var exclusive = blocker.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync();

            for (var i = 0; i < 20; i++)
            {
                var clock = Stopwatch.StartNew();
                var response = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json($$"""{"model":"mock","messages":[{"role":"user","content":"locked {{i}}"}]}"""));
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
                Assert.Equal(200, (int)response.StatusCode);
                ids.Add(Traces.RequestId(response));
            }

            // Hold the lock well past the requests: a request waiting on it would have taken at least this long.
            await Task.Delay(6000);
            await using var rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.True(slowest < TimeSpan.FromSeconds(3), $"a request took {slowest.TotalMilliseconds:0} ms while the database was locked");
        foreach (var id in ids)
        {
            await Traces.WaitForAsync(godex, id);
        }
    }
}
