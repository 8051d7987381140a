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

    private static async Task<string?> PragmaAsync(System.Data.Common.DbConnection connection, string name)
    {
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA {name}";
        return Convert.ToString(await pragma.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
