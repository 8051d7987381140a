using Godex.Gateway.Configuration;
using Godex.Gateway.Storage.Sqlite;

namespace Godex.Gateway.Storage;

/// <summary>Where the SQLite file lives: storage.path (with ~ expanded) or the per-user default.</summary>
public static class StoragePaths
{
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
