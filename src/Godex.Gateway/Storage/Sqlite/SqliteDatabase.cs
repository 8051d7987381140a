using Microsoft.Data.Sqlite;

namespace Godex.Gateway.Storage.Sqlite;

/// <summary>
/// The one SQLite file Godex keeps its state in. WAL mode lets `godex traces` read while the server
/// writes; a busy timeout rides out short locks instead of failing.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        Path = path;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    /// <summary>The default file: $XDG_DATA_HOME/godex/godex.db, else ~/.local/share/godex/godex.db.</summary>
    public static string DefaultPath()
    {
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(data))
        {
            data = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return System.IO.Path.Combine(data, "godex", "godex.db");
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>Applies the migrations not yet applied, in order, each in its own transaction.</summary>
    public async Task MigrateAsync(IReadOnlyList<(string Id, string Sql)> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (id, sql) in migrations)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "SELECT COUNT(*) FROM migrations WHERE id = $id";
            check.Parameters.AddWithValue("$id", id);
            if ((long)(await check.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                continue;
            }

            await using var apply = connection.CreateCommand();
            apply.Transaction = transaction;
            apply.CommandText = sql + "; INSERT INTO migrations (id, applied_at) VALUES ($id, $at)";
            apply.Parameters.AddWithValue("$id", id);
            apply.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            await apply.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
