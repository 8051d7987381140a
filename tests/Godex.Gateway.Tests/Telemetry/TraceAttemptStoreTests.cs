using System.Data.Common;
using System.Globalization;

using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Telemetry;

namespace Godex.Gateway.Tests.Telemetry;

/// <summary>A trace's attempts are stored with it, read back in order, and deleted with it, on both engines.</summary>
public sealed class TraceAttemptStoreTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123);
    private readonly TraceStores _stores = new();

    public static TheoryData<string> Engines => TraceStores.Engines;

    public ValueTask DisposeAsync() => _stores.DisposeAsync();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_failed_over_requests_attempts_come_back_in_order_with_their_errors(string engine)
    {
        var store = await _stores.StoreAsync(engine);
        // Nine attempts: SQLite's eight-row statement and its one-row statement both run.
        var retried = Trace("retried") with { Attempts = [.. Enumerable.Range(0, 8).Select(FailedOver), Answered("pooled#1", 900)] };
        var failedOver = Trace("failed-over") with { Attempts = [FailedOver(0), Answered("pooled#2", 30.5)] };

        await store.WriteAsync([retried, Trace("lone"), failedOver], CancellationToken.None);

        Assert.Equal(retried.Attempts, (await store.GetAsync("retried", CancellationToken.None))!.Attempts!);
        Assert.Equal(failedOver.Attempts, (await store.GetAsync("failed-over", CancellationToken.None))!.Attempts!);
        var listed = await store.ListAsync(new TraceQuery(), CancellationToken.None);
        Assert.Equal([2, 1, 9], listed.Select(stored => stored.Trace.Attempts!.Count));
        Assert.Equal(failedOver.Attempts, listed[0].Trace.Attempts!);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_lone_attempt_that_answered_is_read_from_its_trace_row_and_one_that_failed_keeps_its_message(string engine)
    {
        var (store, database) = await OpenAsync(engine);
        var failure = new TraceAttempt
        {
            Provider = "ds",
            Model = "deepseek-chat",
            Reason = "first_choice",
            Outcome = TraceAttempt.Failed,
            StartMs = 0.25,
            DurationMs = 12,
            Status = 503,
            ErrorCode = "provider.http_error",
            ErrorMessage = "overloaded, try again ünï 🚀",
        };
        var failed = Trace("failed") with { Provider = "ds", ResolvedModel = "deepseek-chat", Status = 503, Outcome = "error", ErrorCode = "provider.http_error", Attempts = [failure] };

        await store.WriteAsync([Trace("lone"), failed, Trace("refused") with { Attempts = [] }, Trace("old") with { Attempts = null }], CancellationToken.None);

        var lone = Assert.Single((await store.GetAsync("lone", CancellationToken.None))!.Attempts!);
        Assert.Equal(new TraceAttempt { Provider = "pooled", Member = "pooled#2", Model = "gpt-x", Reason = "first_choice", Outcome = TraceAttempt.Answered, DurationMs = 40 }, lone);
        Assert.Equal(failure, Assert.Single((await store.GetAsync("failed", CancellationToken.None))!.Attempts!));
        Assert.Empty((await store.GetAsync("refused", CancellationToken.None))!.Attempts!);
        Assert.Null((await store.GetAsync("old", CancellationToken.None))!.Attempts);
        Assert.Equal(1, await CountAttemptRowsAsync(database)); // only the failed lone attempt has a row
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_batch_written_twice_stores_its_attempts_once(string engine)
    {
        var store = await _stores.StoreAsync(engine);
        TraceRecord[] batch = [Trace("a") with { Attempts = [FailedOver(0), Answered("pooled#2", 3)] }];

        await store.WriteAsync(batch, CancellationToken.None);
        await store.WriteAsync(batch, CancellationToken.None);

        Assert.Equal(batch[0].Attempts, (await store.GetAsync("a", CancellationToken.None))!.Attempts!);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Attempts_are_stored_in_the_same_transaction_as_their_traces(string engine)
    {
        var store = await _stores.StoreAsync(engine);
        var broken = Answered("pooled#2", 1) with { Provider = null! }; // provider is NOT NULL: this row fails

        await Assert.ThrowsAnyAsync<DbException>(() => store.WriteAsync([Trace("ok"), Trace("broken") with { Attempts = [FailedOver(0), broken] }], CancellationToken.None));

        Assert.Null(await store.GetAsync("ok", CancellationToken.None));
        Assert.Null(await store.GetAsync("broken", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Retention_deletes_a_traces_attempts_with_it(string engine)
    {
        var (store, database) = await OpenAsync(engine);
        TraceAttempt[] attempts = [FailedOver(0), Answered("pooled#2", 3)];
        await store.WriteAsync([Trace("old") with { StartedAt = Started.AddDays(-40), Attempts = attempts }, Trace("new") with { Attempts = attempts }], CancellationToken.None);

        Assert.Equal(1, await store.DeleteOlderThanAsync(Started.AddDays(-30), CancellationToken.None));

        Assert.Equal(2, await CountAttemptRowsAsync(database));
        Assert.Equal(attempts, (await store.GetAsync("new", CancellationToken.None))!.Attempts!);
    }

    private async Task<(ITraceStore Store, ISqlDatabase Database)> OpenAsync(string engine)
    {
        var database = await _stores.DatabaseAsync(engine);
        var store = new SqlTraceStore(database);
        await store.MigrateAsync(CancellationToken.None);
        return (store, database);
    }

    private static async Task<long> CountAttemptRowsAsync(ISqlDatabase database)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM trace_attempts";
        return Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A request that the second pool member answered in one attempt.</summary>
    private static TraceRecord Trace(string id) => new()
    {
        Id = id,
        StartedAt = Started,
        ClientProtocol = "openai-chat",
        RequestedModel = "pooled-chat",
        ResolvedModel = "gpt-x",
        Provider = "pooled",
        Member = "pooled#2",
        Status = 200,
        LatencyMs = 42,
        UpstreamLatencyMs = 40,
        Attempts = [Answered("pooled#2", 40) with { Reason = "first_choice" }],
    };

    private static TraceAttempt FailedOver(int i) => new()
    {
        Provider = "pooled",
        Member = "pooled#1",
        Model = "gpt-x",
        Reason = i == 0 ? "first_choice" : "retry",
        Outcome = TraceAttempt.FailedOver,
        StartMs = 0.5 + (i * 100),
        DurationMs = 0.1 + 0.2,
        BackoffMs = i == 0 ? null : 200,
        Status = 500,
        ErrorCode = "provider.http_error",
        ErrorMessage = "member down 'quoted' \n ünï 🚀",
    };

    private static TraceAttempt Answered(string member, double took) => new()
    {
        Provider = "pooled",
        Member = member,
        Model = "gpt-x",
        Reason = "next_member",
        Outcome = TraceAttempt.Answered,
        StartMs = 1.25,
        DurationMs = took,
    };
}
