using Godex.Gateway.Configuration;
using Godex.Gateway.Storage.Postgres;
using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Storage.Sqlite;

namespace Godex.Gateway.Storage;

/// <summary>Opens the database the configuration names: PostgreSQL when storage.postgres is set, else the SQLite file.</summary>
public static class StorageFactory
{
    public static ISqlDatabase Create(GodexConfig config) =>
        config.Storage.Postgres is { } postgres ? new PostgresDatabase(postgres) : new SqliteDatabase(SqliteFile(config));

    /// <summary>The data folder: the SQLite file's folder (also with PostgreSQL), where the key secret lives.</summary>
    public static string DataFolder(GodexConfig config) => Path.GetDirectoryName(Path.GetFullPath(SqliteFile(config)))!;

    /// <summary>storage.path with ~ expanded, or the per-user default.</summary>
    public static string SqliteFile(GodexConfig config)
    {
        var path = config.Storage.Path;
        if (string.IsNullOrEmpty(path))
        {
            return SqliteDatabase.DefaultPath();
        }

        return path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
    }
}
