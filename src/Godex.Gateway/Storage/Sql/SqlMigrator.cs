using System.Data.Common;

namespace Godex.Gateway.Storage.Sql;

/// <summary>A schema change: an id recorded once applied, and its SQL for each dialect.</summary>
public sealed record Migration(string Id, string Sqlite, string Postgres)
{
    public string For(SqlDialect dialect) => dialect == SqlDialect.Sqlite ? Sqlite : Postgres;
}

/// <summary>Applies the migrations not yet applied, in order, each in its own transaction.</summary>
public static class SqlMigrator
{
    public static async Task MigrateAsync(ISqlDatabase database, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await Execute(connection, null, "CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)", cancellationToken);
        foreach (var migration in migrations)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "SELECT COUNT(*) FROM migrations WHERE id = @id";
            Sql.Add(check, "@id", migration.Id);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                continue;
            }

            await Execute(connection, transaction, migration.For(database.Dialect), cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO migrations (id, applied_at) VALUES (@id, @at)";
            Sql.Add(record, "@id", migration.Id);
            Sql.Add(record, "@at", DateTimeOffset.UtcNow.ToString("O"));
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static async Task Execute(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Small ADO.NET helpers shared by the stores.</summary>
public static class Sql
{
    public static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
