using System.Data.Common;
using System.Runtime.CompilerServices;

using Godex.Gateway.Storage.Sql;

using Microsoft.Data.Sqlite;

using SQLitePCL;

namespace Godex.Gateway.Storage.Sqlite;

/// <summary>
/// The one SQLite file Godex keeps its state in by default. WAL mode lets `godex traces` read while
/// the server writes; a busy timeout rides out short locks instead of failing. The file holds traces,
/// captured payloads and stored conversations, so Godex creates it 0600 in a 0700 folder (SQLite gives
/// its -wal and -shm files the database's mode); a file or folder that exists keeps its owner's mode.
/// </summary>
public sealed class SqliteDatabase : ISqlDatabase
{
    private readonly string _connectionString;

    // Pooled native connections keep their settings: configure each once, not on every open (the
    // trace writer opens one per 10 ms batch).
    private readonly ConditionalWeakTable<sqlite3, object> _configured = new();

    public SqliteDatabase(string path)
    {
        Path = path;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        CreatePrivateFile(path);

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    /// <summary>Creates the empty database file 0600 before SQLite would create it with the umask's mode (0644 usually).</summary>
    private static void CreatePrivateFile(string path)
    {
        if (OperatingSystem.IsWindows() || path == ":memory:" || File.Exists(path))
        {
            return;
        }

        try
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; its mode is its creator's.
        }
    }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public string Description => Path;

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

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        var handle = connection.Handle!;
        if (!_configured.TryGetValue(handle, out _))
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            _configured.AddOrUpdate(handle, this);
        }

        return connection;
    }
}
