using System.Data.Common;

using Godex.Gateway.Sessions;
using Godex.Wire;

using Microsoft.Extensions.Caching.Memory;

namespace Godex.Gateway.Storage.Sql;

/// <summary>
/// Stored responses in SQLite or PostgreSQL: one set of SQL for both engines. A chain is read in one
/// round trip with a recursive query, so a long conversation costs one query, not one per turn.
/// Decoded rows are kept in memory: a row never changes once written (a delete removes it, and the
/// chain query then no longer names it), so turn N of a conversation decodes one row, not N.
/// </summary>
public sealed class SqlResponseStore(ISqlDatabase database) : IResponseStore, IDisposable
{
    private const int DecodedRowLimit = 4096;
    private static readonly MemoryCacheEntryOptions DecodedRowEntry = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };

    private readonly MemoryCache _decoded = new(new MemoryCacheOptions { SizeLimit = DecodedRowLimit });

    private static readonly string[] ColumnNames = ResponseSchema.Columns.Split(", ");
    private static readonly string Insert =
        $"INSERT INTO responses ({ResponseSchema.Columns}) VALUES ({string.Join(", ", ColumnNames.Select(name => "@" + name))}) ON CONFLICT (id) DO NOTHING";

    private const string InsertCall =
        "INSERT INTO response_calls (call_id, response_id, created_at) VALUES (@call_id, @response_id, @created_at) ON CONFLICT (call_id, response_id) DO NOTHING";

    private static readonly string Chain = $"""
        WITH RECURSIVE chain (id, parent_id, depth) AS (
          SELECT id, parent_id, 0 FROM responses WHERE id = @id
          UNION ALL
          SELECT r.id, r.parent_id, c.depth + 1 FROM responses r JOIN chain c ON r.id = c.parent_id WHERE c.depth < @max
        )
        SELECT {string.Join(", ", ColumnNames.Select(name => "r." + name))} FROM chain c JOIN responses r ON r.id = c.id ORDER BY c.depth
        """;

    public Task MigrateAsync(CancellationToken cancellationToken) => SqlMigrator.MigrateAsync(database, ResponseSchema.Migrations, cancellationToken);

    public async Task WriteAsync(IReadOnlyList<StoredResponse> responses, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (connection.CanCreateBatch)
        {
            await WriteBatchAsync(connection, transaction, responses, cancellationToken);
        }
        else
        {
            await WriteRowsAsync(connection, transaction, responses, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var response in responses)
        {
            Remember(response);
        }
    }

    /// <summary>
    /// PostgreSQL: every row's insert in one round trip. Requests wait for this commit, and a round
    /// trip per row made a 50-row batch take tens of milliseconds.
    /// </summary>
    private static async Task WriteBatchAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredResponse> responses, CancellationToken cancellationToken)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var response in responses)
        {
            var insert = batch.CreateBatchCommand();
            insert.CommandText = Insert;
            var parameters = ColumnNames.Select(name => Parameter(insert, "@" + name)).ToArray();
            Bind(parameters, response);
            batch.BatchCommands.Add(insert);
            foreach (var part in response.Output)
            {
                if (part is ToolCallPart tool && tool.Id.Length > 0)
                {
                    var call = batch.CreateBatchCommand();
                    call.CommandText = InsertCall;
                    (Parameter(call, "@call_id").Value, Parameter(call, "@response_id").Value, Parameter(call, "@created_at").Value) =
                        (tool.Id, response.Id, response.Created.ToUnixTimeMilliseconds());
                    batch.BatchCommands.Add(call);
                }
            }
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbParameter Parameter(DbBatchCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>SQLite (in process, no round trips): two prepared statements, bound again per row.</summary>
    private static async Task WriteRowsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredResponse> responses, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = Insert;
        var parameters = ColumnNames.Select(name => Sql.Add(insert, "@" + name, null)).ToArray();
        await using var call = connection.CreateCommand();
        call.Transaction = transaction;
        call.CommandText = InsertCall;
        var callId = Sql.Add(call, "@call_id", null);
        var responseId = Sql.Add(call, "@response_id", null);
        var created = Sql.Add(call, "@created_at", null);
        foreach (var response in responses)
        {
            Bind(parameters, response);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            foreach (var part in response.Output)
            {
                if (part is ToolCallPart tool && tool.Id.Length > 0)
                {
                    (callId.Value, responseId.Value, created.Value) = (tool.Id, response.Id, response.Created.ToUnixTimeMilliseconds());
                    await call.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
    }

    public async Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {ResponseSchema.Columns} FROM responses WHERE id = @id";
        Sql.Add(select, "@id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<StoredResponse>> ChainAsync(string id, int maxLinks, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = Chain;
        Sql.Add(select, "@id", id);
        Sql.Add(select, "@max", maxLinks);
        var chain = new List<StoredResponse>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            chain.Add(_decoded.TryGetValue(reader.GetString(0), out StoredResponse? known) ? known! : Remember(Read(reader)));
        }

        return chain;
    }

    public async Task<StoredResponse?> FindByCallAsync(string callId, string? sessionKey, string? owner, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        var columns = string.Join(", ", ColumnNames.Select(name => "r." + name));
        var session = sessionKey is null ? "r.session_key IS NULL" : "r.session_key = @session";
        var owned = owner is null ? "r.owner IS NULL" : "r.owner = @owner";
        select.CommandText = $"SELECT {columns} FROM response_calls c JOIN responses r ON r.id = c.response_id WHERE c.call_id = @call AND {session} AND {owned} ORDER BY r.created_at DESC LIMIT 1";
        Sql.Add(select, "@call", callId);
        if (sessionKey is not null)
        {
            Sql.Add(select, "@session", sessionKey);
        }

        if (owner is not null)
        {
            Sql.Add(select, "@owner", owner);
        }

        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        _decoded.Remove(id);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM responses WHERE id = @value", id, cancellationToken);
        await ExecuteAsync(connection, transaction, "DELETE FROM response_calls WHERE response_id = @value", id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var at = cutoff.ToUnixTimeMilliseconds();
        var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM responses WHERE created_at < @value", at, cancellationToken);
        await ExecuteAsync(connection, transaction, "DELETE FROM response_calls WHERE created_at < @value", at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public void Dispose() => _decoded.Dispose();

    private StoredResponse Remember(StoredResponse response)
    {
        _decoded.Set(response.Id, response, DecodedRowEntry);
        return response;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, object value, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Sql.Add(command, "@value", value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets one row's values, in <see cref="ResponseSchema.Columns"/> order.</summary>
    private static void Bind(DbParameter[] p, StoredResponse r)
    {
        static object Value(object? value) => value ?? DBNull.Value;
        p[0].Value = r.Id;
        p[1].Value = Value(r.ParentId);
        p[2].Value = r.Model;
        p[3].Value = r.Created.ToUnixTimeMilliseconds();
        p[4].Value = r.Status.ToString().ToLowerInvariant();
        p[5].Value = r.FinishReason.ToString();
        p[6].Value = Value(StoredForm.Error(r.Error));
        p[7].Value = Value(r.Instructions);
        p[8].Value = StoredForm.Messages(r.Input);
        p[9].Value = StoredForm.Parts(r.Output);
        p[10].Value = Value(StoredForm.Usage(r.Usage));
        p[11].Value = Value(r.SessionKey);
        p[12].Value = Value(r.Owner);
        p[13].Value = Value(r.Provider);
        p[14].Value = Value(r.UpstreamId);
    }

    private static StoredResponse Read(DbDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new StoredResponse
        {
            Id = r.GetString(0),
            ParentId = Text(1),
            Model = r.GetString(2),
            Created = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            Status = Enum.Parse<ResponseStatus>(r.GetString(4), ignoreCase: true),
            FinishReason = Enum.Parse<FinishReason>(r.GetString(5)),
            Error = StoredForm.Error(Text(6)),
            Instructions = Text(7),
            Input = StoredForm.Messages(r.GetString(8)),
            Output = StoredForm.Parts(r.GetString(9)),
            Usage = StoredForm.Usage(Text(10)),
            SessionKey = Text(11),
            Owner = Text(12),
            Provider = Text(13),
            UpstreamId = Text(14),
        };
    }
}
