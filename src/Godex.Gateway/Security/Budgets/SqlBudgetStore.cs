using System.Globalization;

using Godex.Gateway.Storage.Sql;

namespace Godex.Gateway.Security.Budgets;

/// <summary>The budget ledger in SQLite or PostgreSQL (one set of SQL for both), shared by the server and `godex usage`.</summary>
public sealed class SqlBudgetStore(ISqlDatabase database)
{
    /// <summary>The longest window (a 31-day month) and a day's margin: older charges never count again.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(32);

    public Task MigrateAsync(CancellationToken cancellationToken) => SqlMigrator.MigrateAsync(database, BudgetSchema.Migrations, cancellationToken);

    /// <summary>Writes charges in one transaction; a request already charged is left as it was.</summary>
    public async Task WriteAsync(IReadOnlyList<BudgetCharge> charges, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO budget_charges (request_id, key_id, charged_at, tokens, cost_nanousd) VALUES (@id, @key, @at, @tokens, @cost) ON CONFLICT (request_id) DO NOTHING";
        var id = Sql.Add(insert, "@id", "");
        var key = Sql.Add(insert, "@key", "");
        var at = Sql.Add(insert, "@at", 0L);
        var tokens = Sql.Add(insert, "@tokens", 0L);
        var cost = Sql.Add(insert, "@cost", 0L);
        foreach (var charge in charges)
        {
            id.Value = charge.RequestId;
            key.Value = charge.KeyId;
            at.Value = charge.At.ToUnixTimeMilliseconds();
            tokens.Value = charge.Tokens;
            cost.Value = (long)decimal.Round(charge.CostUsd * BudgetSchema.NanosPerUsd);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>What a key has spent since <paramref name="from"/>.</summary>
    public async Task<(long Tokens, decimal CostUsd)> SpentAsync(string keyId, DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(tokens), 0), COALESCE(SUM(cost_nanousd), 0) FROM budget_charges WHERE key_id = @key AND charged_at >= @from";
        Sql.Add(command, "@key", keyId);
        Sql.Add(command, "@from", from.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var spentTokens = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        var nanos = Convert.ToDecimal(reader.GetValue(1), CultureInfo.InvariantCulture);
        return (spentTokens, nanos / BudgetSchema.NanosPerUsd);
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM budget_charges WHERE charged_at < @cutoff";
        Sql.Add(command, "@cutoff", cutoff.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
