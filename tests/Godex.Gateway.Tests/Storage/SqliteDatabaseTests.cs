using System.Globalization;

using Godex.Gateway.Storage.Sqlite;

using Microsoft.Data.Sqlite;

namespace Godex.Gateway.Tests.Storage;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("godex-sqlite-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Every_connection_is_in_wal_mode_with_normal_sync_and_a_busy_timeout_whether_new_or_pooled()
    {
        var database = new SqliteDatabase(Path.Combine(_directory, "godex.db"));
        for (var open = 0; open < 3; open++)
        {
            if (open == 2)
            {
                SqliteConnection.ClearAllPools(); // a fresh native connection again
            }

            await using var connection = await database.OpenAsync(CancellationToken.None);
            Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
            Assert.Equal("1", await PragmaAsync(connection, "synchronous")); // NORMAL
            Assert.Equal("30000", await PragmaAsync(connection, "busy_timeout"));
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_new_database_is_created_0600_with_its_wal_in_a_0700_folder_under_any_umask_the_process_has()
    {
        var folder = Path.Combine(_directory, "data", "godex");
        var database = new SqliteDatabase(Path.Combine(folder, "godex.db"));
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await using var write = connection.CreateCommand();
            write.CommandText = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
            await write.ExecuteNonQueryAsync();

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "godex.db")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "godex.db-wal")));
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_existing_database_keeps_the_mode_its_owner_gave_it()
    {
        var path = Path.Combine(_directory, "shared.db");
        await File.WriteAllBytesAsync(path, []);
        var shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        File.SetUnixFileMode(path, shared);

        await using (await new SqliteDatabase(path).OpenAsync(CancellationToken.None))
        {
        }

        Assert.Equal(shared, File.GetUnixFileMode(path));
    }

    private static async Task<string?> PragmaAsync(System.Data.Common.DbConnection connection, string name)
    {
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA {name}";
        return Convert.ToString(await pragma.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
