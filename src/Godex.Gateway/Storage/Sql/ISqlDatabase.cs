using System.Data.Common;

namespace Godex.Gateway.Storage.Sql;

/// <summary>The SQL engines Godex stores state in; the stores' SQL is written to run on both.</summary>
public enum SqlDialect
{
    Sqlite,
    Postgres,
}

/// <summary>A database Godex keeps state in: opens ready-to-use connections and applies migrations.</summary>
public interface ISqlDatabase
{
    SqlDialect Dialect { get; }

    /// <summary>Where the data lives, for messages (a file path, or host/database without credentials).</summary>
    string Description { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
