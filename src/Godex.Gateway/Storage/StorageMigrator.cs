using Microsoft.Extensions.Hosting;

namespace Godex.Gateway.Storage;

/// <summary>Brings the database schema up to date before the server accepts requests.</summary>
public sealed class StorageMigrator(ITraceStore traces) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => traces.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
