using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Telemetry;

namespace Godex.Gateway.Tests.Telemetry;

public sealed class TraceMigrationTests : IAsyncDisposable
{
    private readonly TraceStores _stores = new();

    public static TheoryData<string> Engines => TraceStores.Engines;

    public ValueTask DisposeAsync() => _stores.DisposeAsync();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_database_made_by_the_first_trace_schema_keeps_its_traces_and_drops_the_day_index(string engine)
    {
        var database = await _stores.DatabaseAsync(engine);
        await SqlMigrator.MigrateAsync(database, TraceSchema.Migrations[..1], CancellationToken.None);
        var store = new SqlTraceStore(database);
        var day = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        await ExecuteAsync(database, $"INSERT INTO traces ({OldColumns}) VALUES ('old', {day.ToUnixTimeMilliseconds()}, '2026-11-20', 'openai-chat', NULL, NULL, NULL, NULL, 0, 200, 'ok', NULL, 0, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, '[]', 0, NULL)");
        Assert.Equal(1, await CountDayIndexesAsync(database));

        await store.MigrateAsync(CancellationToken.None);
        await store.WriteAsync([Trace("new", day.AddDays(1))], CancellationToken.None);

        Assert.Equal(0, await CountDayIndexesAsync(database));
        Assert.NotNull(await store.GetAsync("old", CancellationToken.None));
        var usage = await store.UsageAsync(["day"], since: null, CancellationToken.None);
        Assert.Equal(["2026-11-20", "2026-11-21"], usage.Select(row => row.Group["day"]));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_database_made_before_attempts_were_recorded_gains_them_and_keeps_its_traces(string engine)
    {
        var database = await _stores.DatabaseAsync(engine);
        await ExecuteAsync(database, OldSchema(database.Dialect));
        await ExecuteAsync(database, $"""
            INSERT INTO migrations (id, applied_at) VALUES ('0001_traces', '2026-11-01T00:00:00Z'), ('0002_traces_drop_day_index', '2026-11-02T00:00:00Z');
            INSERT INTO traces ({OldColumns}) VALUES ('old', 1790000000123, '2026-09-21', 'anthropic', 'key-0', 'flash', 'gemini-2.5-flash', 'gem-a', 1, 200, 'ok', NULL,
              812.5, 90.25, 800, 12.5, 10, 20, 3, 0, 5, 0, 0.0042, '["tool_choice required -> auto"]', 14, NULL)
            """);
        var store = new SqlTraceStore(database);

        await store.MigrateAsync(CancellationToken.None);
        var attempts = new TraceAttempt[]
        {
            new() { Provider = "gem-a", Model = "gemini-2.5-flash", Reason = "first_choice", Outcome = TraceAttempt.FailedOver, StartMs = 0.5, DurationMs = 3, Status = 429, ErrorCode = "provider.http_error", ErrorMessage = "quota" },
            new() { Provider = "gem-b", Model = "gemini-2.5-flash", Reason = "next_member", Outcome = TraceAttempt.Answered, StartMs = 4, DurationMs = 200 },
        };
        await store.WriteAsync([Trace("new", DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_100_000)) with { Provider = "gem-b", Attempts = attempts }], CancellationToken.None);

        var old = await store.GetAsync("old", CancellationToken.None);
        Assert.NotNull(old);
        Assert.Equal(("flash", "gem-a", 812.5, 90.25, 0.0042m, 14), (old.RequestedModel, old.Provider, old.LatencyMs, old.TimeToFirstTokenMs, old.CostUsd, old.StreamEvents));
        Assert.Equal(["tool_choice required -> auto"], old.Degradations);
        Assert.Null(old.Attempts); // not recorded then: unknown, not "one"
        Assert.Null(old.Member);
        Assert.Equal(attempts, (await store.GetAsync("new", CancellationToken.None))!.Attempts!);
        Assert.Equal(["new", "old"], (await store.ListAsync(new TraceQuery(), CancellationToken.None)).Select(stored => stored.Trace.Id));
    }

    private const string OldColumns = "id, started_at, day, client_protocol, caller_key_id, requested_model, resolved_model, provider, stream, status, outcome, error_code, latency_ms, ttft_ms, upstream_ms, overhead_ms, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens, usage_estimated, cost_usd, degradations, stream_events, request_payload";

    /// <summary>The schema as migrations 0001 and 0002 left it, written out here so later edits to them cannot hide a broken upgrade.</summary>
    private static string OldSchema(SqlDialect dialect) => $"""
        CREATE TABLE migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
        CREATE TABLE traces (seq {(dialect == SqlDialect.Sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY")},
          id TEXT NOT NULL UNIQUE, started_at BIGINT NOT NULL, day TEXT NOT NULL, client_protocol TEXT NOT NULL, caller_key_id TEXT,
          requested_model TEXT, resolved_model TEXT, provider TEXT, stream INTEGER NOT NULL, status INTEGER NOT NULL, outcome TEXT NOT NULL,
          error_code TEXT, latency_ms DOUBLE PRECISION NOT NULL, ttft_ms DOUBLE PRECISION, upstream_ms DOUBLE PRECISION,
          overhead_ms DOUBLE PRECISION, input_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL, cached_input_tokens BIGINT NOT NULL,
          cache_write_tokens BIGINT NOT NULL, reasoning_tokens BIGINT NOT NULL, usage_estimated INTEGER NOT NULL, cost_usd DOUBLE PRECISION,
          degradations TEXT NOT NULL, stream_events INTEGER NOT NULL, request_payload TEXT);
        CREATE INDEX traces_started_at ON traces (started_at)
        """;

    private static async Task ExecuteAsync(ISqlDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountDayIndexesAsync(ISqlDatabase database)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var count = connection.CreateCommand();
        count.CommandText = database.Dialect == SqlDialect.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'traces_day'"
            : "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'traces_day'";
        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static TraceRecord Trace(string id, DateTimeOffset at) => new() { Id = id, StartedAt = at, ClientProtocol = "openai-chat", Status = 200 };
}
