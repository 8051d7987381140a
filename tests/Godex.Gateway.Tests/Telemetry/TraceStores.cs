using Godex.Gateway.Storage.Postgres;
using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Storage.Sqlite;
using Godex.Gateway.Telemetry;
using Godex.Testing;

namespace Godex.Gateway.Tests.Telemetry;

/// <summary>Fresh, migrated trace stores on either engine, so the same tests run on both; all removed on dispose.</summary>
public sealed class TraceStores : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("godex-traces-").FullName;
    private readonly List<IAsyncDisposable> _databases = [];

    public static TheoryData<string> Engines => ["sqlite", "postgres"];

    /// <summary>A database on the named engine, not migrated yet.</summary>
    public async Task<ISqlDatabase> DatabaseAsync(string engine)
    {
        if (engine != "postgres")
        {
            return new SqliteDatabase(Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db"));
        }

        var test = await PostgresTestDatabase.CreateAsync();
        var postgres = new PostgresDatabase(test.ConnectionString);
        _databases.Add(postgres);
        _databases.Add(test);
        return postgres;
    }

    public async Task<ITraceStore> StoreAsync(string engine)
    {
        var store = new SqlTraceStore(await DatabaseAsync(engine));
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
