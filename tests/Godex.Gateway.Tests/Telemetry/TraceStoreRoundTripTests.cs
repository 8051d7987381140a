using System.Text;

using Godex.Gateway.Telemetry;

namespace Godex.Gateway.Tests.Telemetry;

/// <summary>A batch is stored exactly as recorded, whatever the values, on both engines.</summary>
public sealed class TraceStoreRoundTripTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123);
    private readonly TraceStores _stores = new();

    public static TheoryData<string> Engines => TraceStores.Engines;

    public ValueTask DisposeAsync() => _stores.DisposeAsync();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_batch_of_awkward_values_round_trips_exactly_and_in_order(string engine)
    {
        var store = await _stores.StoreAsync(engine);
        // Rows that repeat their predecessor's values and rows that change every one of them; 19 rows,
        // so SQLite's statements of eight rows and its single-row statement for the rest both run.
        TraceRecord[] rows = [Sparse(), Awkward(), Awkward() with { Id = "t-2b" }, Huge(), Sparse() with { Id = "t-4", StartedAt = Started.AddDays(-400) }, Awkward() with { Id = "t-5" }];
        TraceRecord[] batch = [.. Enumerable.Range(0, 19).Select(i => rows[i % rows.Length] with { Id = $"{rows[i % rows.Length].Id}#{i}" })];

        await store.WriteAsync(batch, CancellationToken.None);

        foreach (var written in batch)
        {
            var read = await store.GetAsync(written.Id, CancellationToken.None);
            Assert.NotNull(read);
            Assert.Equal(written.Degradations, read.Degradations);
            Assert.Equal(written, read with { Degradations = written.Degradations });
        }

        var listed = await store.ListAsync(new TraceQuery { AfterSequence = 0, Limit = 100 }, CancellationToken.None);
        Assert.Equal(batch.Select(trace => trace.Id), listed.Select(stored => stored.Trace.Id));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_batch_written_twice_is_stored_once(string engine)
    {
        var store = await _stores.StoreAsync(engine);
        TraceRecord[] batch = [Sparse(), Awkward()];

        await store.WriteAsync(batch, CancellationToken.None);
        await store.WriteAsync(batch, CancellationToken.None);

        Assert.Equal(2, Assert.Single(await store.UsageAsync([], since: null, CancellationToken.None)).Requests);
    }

    /// <summary>Every optional value absent.</summary>
    private static TraceRecord Sparse() => new()
    {
        Id = "t-1",
        StartedAt = Started,
        ClientProtocol = "openai-chat",
        Outcome = "client_disconnected",
    };

    /// <summary>Quotes, SQL, escapes, control characters, unicode beyond the BMP, combining marks and empty strings.</summary>
    private static TraceRecord Awkward() => new()
    {
        Id = "t-2 'quoted' \"double\" ünï 🚀",
        StartedAt = Started.AddMilliseconds(1),
        ClientProtocol = "anthropic",
        CallerKeyId = "",
        RequestedModel = "model'); DROP TABLE traces; --",
        ResolvedModel = "模型-модель-e\u0301-\u2028-\t-\r\n-\\-\u001f",
        Provider = "{\"json\": [1, 2]}",
        Stream = true,
        Status = 499,
        Outcome = "error",
        ErrorCode = "provider.http_error",
        LatencyMs = 0.1 + 0.2,
        TimeToFirstTokenMs = double.Epsilon,
        UpstreamLatencyMs = 1.7976931348623157E+308,
        OverheadMs = 2.2250738585072014E-308,
        UsageEstimated = true,
        CostUsd = 0.000000123456789m,
        Degradations = ["tool_choice \"required\" -> auto", "ünïcödé 🚀 \\ \n", ""],
        StreamEvents = 64,
        RequestPayload = "{\"input\":\"" + new StringBuilder().Insert(0, "héllo wörld 🚀 \\\" ", 20_000) + "\"}",
    };

    /// <summary>Numbers at the edges of their types: a double cannot hold the integers, so a text or JSON detour would show.</summary>
    private static TraceRecord Huge() => new()
    {
        Id = "t-3",
        StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(253_402_214_400_000), // 9999-12-31
        ClientProtocol = "gemini",
        Status = int.MaxValue,
        LatencyMs = 123456789.12345679,
        TimeToFirstTokenMs = 1e-300,
        InputTokens = long.MaxValue,
        OutputTokens = long.MinValue,
        CachedInputTokens = 9_007_199_254_740_993,
        CacheWriteTokens = -1,
        ReasoningTokens = 4_294_967_296,
        CostUsd = 98765432109.8765m,
        StreamEvents = int.MinValue,
    };
}
