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
        await store.WriteAsync([Trace("old", day)], CancellationToken.None);
        Assert.Equal(1, await CountDayIndexesAsync(database));

        await store.MigrateAsync(CancellationToken.None);
        await store.WriteAsync([Trace("new", day.AddDays(1))], CancellationToken.None);

        Assert.Equal(0, await CountDayIndexesAsync(database));
        Assert.NotNull(await store.GetAsync("old", CancellationToken.None));
        var usage = await store.UsageAsync(["day"], since: null, CancellationToken.None);
        Assert.Equal(["2026-11-20", "2026-11-21"], usage.Select(row => row.Group["day"]));
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
