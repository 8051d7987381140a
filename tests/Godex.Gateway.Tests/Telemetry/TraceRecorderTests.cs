using System.Diagnostics.Metrics;

using Godex.Gateway.Common;
using Godex.Gateway.Configuration;
using Godex.Gateway.Telemetry;

using Microsoft.Extensions.Logging.Abstractions;

namespace Godex.Gateway.Tests.Telemetry;

public sealed class TraceRecorderTests : IAsyncDisposable
{
    private readonly TraceStores _stores = new();

    public static TheoryData<string> Stores => TraceStores.Engines;

    public ValueTask DisposeAsync() => _stores.DisposeAsync();

    private Task<ITraceStore> StoreAsync(string engine) => _stores.StoreAsync(engine);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_burst_of_20000_traces_within_the_queue_bound_is_written_whole(string engine)
    {
        var config = new GodexConfig { Trace = new TraceConfig { QueueCapacity = 25_000 } };
        using var metrics = new GatewayMetrics();
        var recorder = new TraceRecorder(config, metrics);
        var store = await StoreAsync(engine);
        var log = new ListLogger<TraceWriter>();
        var writer = new BatchWriter<TraceRecord>(recorder, new TraceWriter(store, metrics, log), TraceWriter.Batching);
        await writer.StartAsync(CancellationToken.None);

        var started = DateTimeOffset.UtcNow;
        for (var i = 0; i < 20_000; i++)
        {
            await recorder.RecordAsync(Trace(i, started), CancellationToken.None);
        }

        await writer.StopAsync(CancellationToken.None);

        Assert.Empty(log.Lines);
        var usage = await store.UsageAsync([], since: null, CancellationToken.None);
        Assert.Equal(20_000, Assert.Single(usage).Requests);
        Assert.Equal(20_000 * 3, usage[0].OutputTokens);
    }

    [Fact]
    public async Task A_full_queue_drops_the_newest_and_counts_the_drops()
    {
        var config = new GodexConfig { Trace = new TraceConfig { QueueCapacity = 100 } };
        using var metrics = new GatewayMetrics();
        long dropped = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "godex.trace.dropped")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();
        var recorder = new TraceRecorder(config, metrics);

        for (var i = 0; i < 1_000; i++)
        {
            await recorder.RecordAsync(Trace(i, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        Assert.Equal(100, recorder.Reader.Count);
        Assert.Equal(900, Interlocked.Read(ref dropped));
        Assert.True(recorder.Reader.TryRead(out var first));
        Assert.Equal("t0", first.Id);
    }

    [Fact]
    public async Task Drop_oldest_keeps_the_latest_traces()
    {
        using var metrics = new GatewayMetrics();
        var recorder = new TraceRecorder(new GodexConfig { Trace = new TraceConfig { QueueCapacity = 10, Overflow = "drop_oldest" } }, metrics);

        for (var i = 0; i < 50; i++)
        {
            await recorder.RecordAsync(Trace(i, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        Assert.True(recorder.Reader.TryRead(out var first));
        Assert.Equal("t40", first.Id);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Retention_deletes_only_traces_older_than_the_cutoff(string engine)
    {
        var store = await StoreAsync(engine);
        var now = DateTimeOffset.UtcNow;
        await store.WriteAsync([Trace(1, now.AddDays(-40)), Trace(2, now.AddDays(-31)), Trace(3, now.AddDays(-1))], CancellationToken.None);

        var deleted = await store.DeleteOlderThanAsync(now.AddDays(-30), CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.NotNull(await store.GetAsync("t3", CancellationToken.None));
        Assert.Null(await store.GetAsync("t1", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Migrations_are_applied_once_and_traces_round_trip_every_field(string engine)
    {
        var store = await StoreAsync(engine);
        await store.MigrateAsync(CancellationToken.None);
        var trace = Trace(7, DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123)) with
        {
            CallerKeyId = "key-1",
            ResolvedModel = "m-upstream",
            Stream = true,
            Status = 429,
            Outcome = "error",
            ErrorCode = "provider.http_error",
            TimeToFirstTokenMs = 12.5,
            UpstreamLatencyMs = 40,
            OverheadMs = 0.4,
            CachedInputTokens = 5,
            CacheWriteTokens = 2,
            ReasoningTokens = 1,
            UsageEstimated = true,
            CostUsd = 0.00012345m,
            Degradations = ["tool_choice required -> auto"],
            StreamEvents = 9,
        };

        // A row with empty optional fields first: the prepared statement must take both kinds.
        await store.WriteAsync([Trace(6, trace.StartedAt), trace], CancellationToken.None);

        Assert.Equal(trace, await store.GetAsync("t7", CancellationToken.None) is { } read ? read with { Degradations = trace.Degradations } : null);
        Assert.Equal(trace.Degradations, (await store.GetAsync("t7", CancellationToken.None))!.Degradations);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Usage_is_summed_by_model_and_day_and_filtered_by_time(string engine)
    {
        var store = await StoreAsync(engine);
        var day1 = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var day2 = day1.AddDays(1);
        await store.WriteAsync(
        [
            Trace(1, day1) with { RequestedModel = "a", CostUsd = 0.5m },
            Trace(2, day1) with { RequestedModel = "a", CostUsd = 0.25m, Status = 500 },
            Trace(3, day2) with { RequestedModel = "a" },
            Trace(4, day2) with { RequestedModel = "b", CachedInputTokens = 4 },
        ], CancellationToken.None);

        var rows = await store.UsageAsync(["model", "day"], since: null, CancellationToken.None);

        Assert.Equal(3, rows.Count);
        var first = rows[0];
        Assert.Equal("a", first.Group["model"]);
        Assert.Equal("2026-11-20", first.Group["day"]);
        Assert.Equal(2, first.Requests);
        Assert.Equal(1, first.Errors);
        Assert.Equal(20, first.InputTokens);
        Assert.Equal(0.75m, first.CostUsd);
        Assert.Equal(4, rows[2].CachedInputTokens);
        var recent = await store.UsageAsync(["model"], since: day2, CancellationToken.None);
        Assert.Equal([1L, 1L], recent.Select(row => row.Requests));
        var listed = await store.ListAsync(new TraceQuery { Model = "a", Status = 500 }, CancellationToken.None);
        Assert.Equal("t2", Assert.Single(listed).Trace.Id);
    }

    private static TraceRecord Trace(int i, DateTimeOffset at) => new()
    {
        Id = $"t{i}",
        StartedAt = at,
        ClientProtocol = "openai-chat",
        RequestedModel = "m",
        Provider = "p",
        Status = 200,
        LatencyMs = 1.5,
        InputTokens = 10,
        OutputTokens = 3,
    };
}
