using Godex.Gateway.Common;
using Godex.Gateway.Configuration;
using Godex.Gateway.Sessions;
using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Storage.Sqlite;

using Microsoft.Extensions.Logging.Abstractions;

namespace Godex.Gateway.Tests.Pipeline;

/// <summary>Real <see cref="ResponseSessions"/> over a SQLite store in a temporary directory (with its background writer: a turn's final event waits for its commit).</summary>
internal sealed class SessionsOnSqlite : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("godex-pipeline-").FullName;
    private readonly SqlResponseStore _store;
    private readonly BatchWriter<SessionWrite> _writer;

    public SessionsOnSqlite(GodexConfig config)
    {
        _store = new SqlResponseStore(new SqliteDatabase(Path.Combine(_directory, "sessions.db")));
        _store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        var queue = new ResponseQueue(config);
        Responses = new StoredResponses(queue, _store, NullLogger<StoredResponses>.Instance);
        _writer = new BatchWriter<SessionWrite>(queue, new ResponseStoreWriter(queue, _store, NullLogger<ResponseStoreWriter>.Instance), ResponseStoreWriter.Batching);
        _writer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        Sessions = new ResponseSessions(Responses, new ConversationChain(Responses, config), new InstructionsCache(new ServeOptions(), TimeProvider.System), config, TimeProvider.System);
    }

    public StoredResponses Responses { get; }

    public ResponseSessions Sessions { get; }

    public void Dispose()
    {
        _writer.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _writer.Dispose();
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
