using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;

using Godex.Gateway.Telemetry;

namespace Godex.Gateway.Storage.Sql;

/// <summary>
/// Traces in SQLite or PostgreSQL: one set of SQL that both engines run (named parameters,
/// ON CONFLICT, explicit casts), batched inserts in one transaction.
/// </summary>
public sealed class SqlTraceStore(ISqlDatabase database) : ITraceStore
{
    private static readonly string[] ColumnNames = TraceSchema.Columns.Split(", ");
    private static readonly string Insert =
        $"INSERT INTO traces ({TraceSchema.Columns}) VALUES ({string.Join(", ", ColumnNames.Select(name => "@" + name))}) ON CONFLICT (id) DO NOTHING";

    public Task MigrateAsync(CancellationToken cancellationToken) => SqlMigrator.MigrateAsync(database, TraceSchema.Migrations, cancellationToken);

    public async Task WriteAsync(IReadOnlyList<TraceRecord> traces, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // One prepared statement for the whole batch: only the values change from row to row.
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = Insert;
        var parameters = new DbParameter[ColumnNames.Length];
        for (var i = 0; i < ColumnNames.Length; i++)
        {
            parameters[i] = Sql.Add(insert, "@" + ColumnNames[i], null);
        }

        var prepared = false;
        foreach (var trace in traces)
        {
            Bind(parameters, trace);
            if (!prepared)
            {
                await insert.PrepareAsync(cancellationToken);
                prepared = true;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredTrace>> ListAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        var where = new List<string>();
        if (query.Model is { } model)
        {
            where.Add("(requested_model = @model OR resolved_model = @model)");
            Sql.Add(select, "@model", model);
        }

        void Filter(string column, object? value)
        {
            if (value is not null)
            {
                where.Add($"{column} = @{column}");
                Sql.Add(select, "@" + column, value);
            }
        }

        Filter("provider", query.Provider);
        Filter("status", query.Status);
        Filter("caller_key_id", query.CallerKeyId);
        if (query.Since is { } since)
        {
            where.Add("started_at >= @since");
            Sql.Add(select, "@since", since.ToUnixTimeMilliseconds());
        }

        if (query.AfterSequence is { } after)
        {
            where.Add("seq > @after");
            Sql.Add(select, "@after", after);
        }

        // Newest first for a listing; oldest first when following (tail) so lines come in order.
        var order = query.AfterSequence is null ? "DESC" : "ASC";
        select.CommandText = $"SELECT seq, {TraceSchema.Columns} FROM traces {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY seq {order} LIMIT @limit";
        Sql.Add(select, "@limit", query.Limit);
        var result = new List<StoredTrace>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new StoredTrace(reader.GetInt64(0), Read(reader, 1)));
        }

        return result;
    }

    public async Task<TraceRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {TraceSchema.Columns} FROM traces WHERE id = @id";
        Sql.Add(select, "@id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, 0) : null;
    }

    public async Task<IReadOnlyList<UsageRow>> UsageAsync(IReadOnlyList<string> groupBy, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var columns = groupBy.Select(UsageGroups.Column).ToList();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        static string Sum(string column) => $"CAST(COALESCE(SUM({column}), 0) AS BIGINT)";
        var groupColumns = columns.Count == 0 ? "" : string.Join(", ", columns) + ", ";
        select.CommandText = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"SELECT {groupColumns}COUNT(*), {Sum("input_tokens")}, {Sum("output_tokens")}, {Sum("cached_input_tokens")}, {Sum("cache_write_tokens")}, {Sum("reasoning_tokens")}, CAST(COALESCE(SUM(cost_usd), 0) AS DOUBLE PRECISION), {Sum("CASE WHEN status >= 400 THEN 1 ELSE 0 END")} FROM traces")
            .Append(since is null ? "" : " WHERE started_at >= @since")
            .Append(columns.Count == 0 ? "" : $" GROUP BY {string.Join(", ", columns)} ORDER BY {string.Join(", ", columns)}")
            .ToString();
        if (since is { } from)
        {
            Sql.Add(select, "@since", from.ToUnixTimeMilliseconds());
        }

        var rows = new List<UsageRow>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var group = new Dictionary<string, string>();
            for (var i = 0; i < groupBy.Count; i++)
            {
                group[groupBy[i]] = reader.IsDBNull(i) ? "" : reader.GetString(i);
            }

            var at = groupBy.Count;
            rows.Add(new UsageRow(group, reader.GetInt64(at), reader.GetInt64(at + 1), reader.GetInt64(at + 2), reader.GetInt64(at + 3), reader.GetInt64(at + 4), reader.GetInt64(at + 5), (decimal)reader.GetDouble(at + 6), reader.GetInt64(at + 7)));
        }

        return rows;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM traces WHERE started_at < @cutoff";
        Sql.Add(delete, "@cutoff", cutoff.ToUnixTimeMilliseconds());
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets one row's values, in <see cref="TraceSchema.Columns"/> order.</summary>
    private static void Bind(DbParameter[] p, TraceRecord t)
    {
        static object Value(object? value) => value ?? DBNull.Value;
        p[0].Value = t.Id;
        p[1].Value = t.StartedAt.ToUnixTimeMilliseconds();
        p[2].Value = t.StartedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        p[3].Value = t.ClientProtocol;
        p[4].Value = Value(t.CallerKeyId);
        p[5].Value = Value(t.RequestedModel);
        p[6].Value = Value(t.ResolvedModel);
        p[7].Value = Value(t.Provider);
        p[8].Value = t.Stream ? 1 : 0;
        p[9].Value = t.Status;
        p[10].Value = t.Outcome;
        p[11].Value = Value(t.ErrorCode);
        p[12].Value = t.LatencyMs;
        p[13].Value = Value(t.TimeToFirstTokenMs);
        p[14].Value = Value(t.UpstreamLatencyMs);
        p[15].Value = Value(t.OverheadMs);
        p[16].Value = t.InputTokens;
        p[17].Value = t.OutputTokens;
        p[18].Value = t.CachedInputTokens;
        p[19].Value = t.CacheWriteTokens;
        p[20].Value = t.ReasoningTokens;
        p[21].Value = t.UsageEstimated ? 1 : 0;
        p[22].Value = t.CostUsd is { } cost ? (double)cost : DBNull.Value;
        p[23].Value = JsonSerializer.Serialize(t.Degradations, TelemetryJsonContext.Default.IReadOnlyListString);
        p[24].Value = t.StreamEvents;
        p[25].Value = Value(t.RequestPayload);
    }

    private static TraceRecord Read(DbDataReader r, int o)
    {
        string? Text(int i) => r.IsDBNull(o + i) ? null : r.GetString(o + i);
        double? Real(int i) => r.IsDBNull(o + i) ? null : r.GetDouble(o + i);
        return new TraceRecord
        {
            Id = r.GetString(o),
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(o + 1)),
            ClientProtocol = r.GetString(o + 3),
            CallerKeyId = Text(4),
            RequestedModel = Text(5),
            ResolvedModel = Text(6),
            Provider = Text(7),
            Stream = r.GetInt32(o + 8) != 0,
            Status = r.GetInt32(o + 9),
            Outcome = r.GetString(o + 10),
            ErrorCode = Text(11),
            LatencyMs = r.GetDouble(o + 12),
            TimeToFirstTokenMs = Real(13),
            UpstreamLatencyMs = Real(14),
            OverheadMs = Real(15),
            InputTokens = r.GetInt64(o + 16),
            OutputTokens = r.GetInt64(o + 17),
            CachedInputTokens = r.GetInt64(o + 18),
            CacheWriteTokens = r.GetInt64(o + 19),
            ReasoningTokens = r.GetInt64(o + 20),
            UsageEstimated = r.GetInt32(o + 21) != 0,
            CostUsd = Real(22) is { } cost ? (decimal)cost : null,
            Degradations = JsonSerializer.Deserialize(r.GetString(o + 23), TelemetryJsonContext.Default.IReadOnlyListString) ?? [],
            StreamEvents = r.GetInt32(o + 24),
            RequestPayload = Text(25),
        };
    }
}
