using Godex.Gateway.Common;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Security.Budgets;

/// <summary>Writes the charge queue to the ledger, for a <see cref="BatchWriter{T}"/>; a batch given up is logged with its sums.</summary>
public sealed partial class BudgetWriter(SqlBudgetStore store, ILogger<BudgetWriter> logger) : IBatchSink<BudgetCharge>
{
    public static readonly BatchWriterOptions Batching = new("godex-budget-writer", BatchSize: 500)
    {
        BatchWindow = TimeSpan.FromMilliseconds(20),
        Attempts = 10,
    };

    public Task WriteAsync(IReadOnlyList<BudgetCharge> batch, CancellationToken cancellationToken) => store.WriteAsync(batch, cancellationToken);

    public void Written(IReadOnlyList<BudgetCharge> batch)
    {
    }

    public void Failed(IReadOnlyList<BudgetCharge> batch, Exception exception, int attempt) => LogWriteFailed(logger, exception, batch.Count, attempt);

    public void GivenUp(IReadOnlyList<BudgetCharge> batch)
    {
        decimal usd = 0;
        long tokens = 0;
        foreach (var charge in batch)
        {
            usd += charge.CostUsd;
            tokens += charge.Tokens;
        }

        // This process still counts them; a restart within their windows would not.
        LogGivenUp(logger, batch.Count, tokens, usd);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} budget charges failed (attempt {Attempt})")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up writing {Count} budget charges ({Tokens} tokens, ${Usd}) to the ledger")]
    private static partial void LogGivenUp(ILogger logger, int count, long tokens, decimal usd);
}
