using System.Data.Common;
using System.Globalization;
using System.Text.Json;

using Godex.Gateway.Storage.Sql;

namespace Godex.Gateway.Security.Keys;

/// <summary>The key store in SQLite or PostgreSQL (one set of SQL for both), shared by the server and `godex keys`.</summary>
public sealed class SqlKeyStore(ISqlDatabase database)
{
    private static readonly string[] ColumnNames = KeySchema.Columns.Split(", ");
    private static readonly string Upsert =
        $"INSERT INTO client_keys ({KeySchema.Columns}) VALUES ({string.Join(", ", ColumnNames.Select(name => "@" + name))}) " +
        $"ON CONFLICT (id) DO UPDATE SET {string.Join(", ", ColumnNames.Skip(1).Select(name => $"{name} = excluded.{name}"))}";

    public Task MigrateAsync(CancellationToken cancellationToken) => SqlMigrator.MigrateAsync(database, KeySchema.Migrations, cancellationToken);

    /// <summary>Writes the whole row (insert or replace).</summary>
    public async Task SaveAsync(StoredKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Upsert;
        Bind(command, key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoredKey?> GetAsync(string id, CancellationToken cancellationToken) =>
        await QueryAsync("WHERE id = @value", id, cancellationToken) is [var key, ..] ? key : null;

    public Task<IReadOnlyList<StoredKey>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync("ORDER BY created_at", null, cancellationToken);

    /// <summary>Whether any key was ever created (revoked ones count: the operator chose keys).</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM client_keys LIMIT 1";
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>The key whose current or previous secret has this digest; Previous says which matched.</summary>
    public async Task<(StoredKey Key, bool Previous)?> FindAsync(string digest, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("WHERE digest = @value OR previous_digest = @value", digest, cancellationToken);
        return found.Count == 0 ? null : (found[0], found[0].Digest != digest);
    }

    private async Task<IReadOnlyList<StoredKey>> QueryAsync(string where, string? value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {KeySchema.Columns} FROM client_keys {where}";
        if (value is not null)
        {
            Sql.Add(command, "@value", value);
        }

        var keys = new List<StoredKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    private static void Bind(DbCommand command, StoredKey k)
    {
        object?[] values =
        [
            k.Id, k.Digest, k.PreviousDigest, Millis(k.PreviousUntil), k.Label, k.Owner, k.Created.ToUnixTimeMilliseconds(), Millis(k.Expires),
            k.Enabled ? 1 : 0, Millis(k.Revoked),
            JsonSerializer.Serialize([.. k.Models], KeyJsonContext.Default.ListString),
            JsonSerializer.Serialize([.. k.Providers], KeyJsonContext.Default.ListString),
            k.RequestsPerMinute, k.TokensPerMinute, k.MaxConcurrentRequests, k.TokenQuota, k.BudgetUsd is { } usd ? (double)usd : null, k.BudgetWindow,
            JsonSerializer.Serialize(new Dictionary<string, string>(k.Byok), KeyJsonContext.Default.DictionaryStringString),
            k.Metadata, Millis(k.UsageResetAt),
        ];
        for (var i = 0; i < ColumnNames.Length; i++)
        {
            Sql.Add(command, "@" + ColumnNames[i], values[i]);
        }
    }

    private static long? Millis(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    private static StoredKey Read(DbDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        long? Long(int i) => r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);
        int? Int(int i) => Long(i) is { } value ? (int)value : null;
        DateTimeOffset? At(int i) => Long(i) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new StoredKey
        {
            Id = r.GetString(0),
            Digest = r.GetString(1),
            PreviousDigest = Text(2),
            PreviousUntil = At(3),
            Label = r.GetString(4),
            Owner = Text(5),
            Created = At(6)!.Value,
            Expires = At(7),
            Enabled = Long(8) == 1,
            Revoked = At(9),
            Models = JsonSerializer.Deserialize(r.GetString(10), KeyJsonContext.Default.ListString) ?? [],
            Providers = JsonSerializer.Deserialize(r.GetString(11), KeyJsonContext.Default.ListString) ?? [],
            RequestsPerMinute = Int(12),
            TokensPerMinute = Int(13),
            MaxConcurrentRequests = Int(14),
            TokenQuota = Long(15),
            BudgetUsd = r.IsDBNull(16) ? null : (decimal)Convert.ToDouble(r.GetValue(16), CultureInfo.InvariantCulture),
            BudgetWindow = Text(17),
            Byok = JsonSerializer.Deserialize(r.GetString(18), KeyJsonContext.Default.DictionaryStringString) ?? [],
            Metadata = Text(19),
            UsageResetAt = At(20),
        };
    }
}
