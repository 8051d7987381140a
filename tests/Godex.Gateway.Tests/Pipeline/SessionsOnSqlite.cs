using Godex.Gateway.Configuration;
using Godex.Gateway.Sessions;
using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Storage.Sqlite;

namespace Godex.Gateway.Tests.Pipeline;

/// <summary>Real <see cref="ResponseSessions"/> over a SQLite store in a temporary directory (writes stay in the queue: no writer runs).</summary>
internal sealed class SessionsOnSqlite : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("godex-pipeline-").FullName;
    private readonly SqlResponseStore _store;

    public SessionsOnSqlite(GodexConfig config)
    {
        _store = new SqlResponseStore(new SqliteDatabase(Path.Combine(_directory, "sessions.db")));
        _store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        Responses = new StoredResponses(new ResponseQueue(config), _store);
        Sessions = new ResponseSessions(Responses, new ConversationChain(Responses, config), new InstructionsCache(new ServeOptions(), TimeProvider.System), config, TimeProvider.System);
    }

    public StoredResponses Responses { get; }

    public ResponseSessions Sessions { get; }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
