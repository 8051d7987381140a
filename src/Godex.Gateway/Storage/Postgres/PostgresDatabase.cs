using System.Data.Common;

using Godex.Gateway.Storage.Sql;

using Npgsql;

namespace Godex.Gateway.Storage.Postgres;

/// <summary>PostgreSQL for state shared by several Godex instances (storage.postgres), pooled by Npgsql.</summary>
public sealed class PostgresDatabase : ISqlDatabase, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"postgres://{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public SqlDialect Dialect => SqlDialect.Postgres;

    public string Description { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await _dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
