using Godex.Gateway.Common;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Security.Budgets;

/// <summary>Deletes ledger rows no window can count any more (<see cref="SqlBudgetStore.Retention"/>).</summary>
public sealed partial class BudgetRetention(SqlBudgetStore store, TimeProvider time, ILogger<BudgetRetention> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        RetentionLoop.RunAsync((now, token) => store.DeleteOlderThanAsync(now - SqlBudgetStore.Retention, token), exception => LogFailed(logger, exception), time, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget ledger cleanup failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
