using Godex.Gateway.Storage.Sql;

namespace Godex.Gateway.Security.Budgets;

/// <summary>
/// The budget ledger: one row per charged request (its id is the key, so a charge written twice
/// counts once), money in billionths of a dollar so that sums are exact in both engines.
/// </summary>
internal static class BudgetSchema
{
    public const decimal NanosPerUsd = 1_000_000_000m;

    public static readonly Migration[] Migrations =
    [
        new("0202_budget_charges", Table, Table),
    ];

    private const string Table = """
        CREATE TABLE budget_charges (
          request_id TEXT PRIMARY KEY,
          key_id TEXT NOT NULL,
          charged_at BIGINT NOT NULL,
          tokens BIGINT NOT NULL,
          cost_nanousd BIGINT NOT NULL
        );
        CREATE INDEX budget_charges_key_time ON budget_charges (key_id, charged_at)
        """;
}
