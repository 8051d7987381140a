using Godex.Gateway.Security.Budgets;
using Godex.Gateway.Security.Keys;
using Godex.Gateway.Sessions;
using Godex.Gateway.Telemetry;

using Microsoft.Extensions.Hosting;

namespace Godex.Gateway.Storage;

/// <summary>Brings the database schema up to date before the server accepts requests.</summary>
public sealed class StorageMigrator(ITraceStore traces, IResponseStore responses, SqlKeyStore keys, SqlBudgetStore budgets) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await traces.MigrateAsync(cancellationToken);
        await responses.MigrateAsync(cancellationToken);
        await keys.MigrateAsync(cancellationToken);
        await budgets.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
