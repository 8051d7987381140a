using System.Globalization;
using System.Text;
using System.Text.Json;

using Godex.Gateway.Telemetry;

using Microsoft.Data.Sqlite;

namespace Godex.Gateway.Storage.Sqlite;

/// <summary>Traces in the SQLite file: batched inserts in one transaction, indexed by time and model.</summary>
public sealed class SqliteTraceStore(SqliteDatabase database) : ITraceStore
{
    private const string Columns = "id, started_at, day, client_protocol, caller_key_id, requested_model, resolved_model, provider, stream, status, outcome, error_code, latency_ms, ttft_ms, upstream_ms, overhead_ms, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens, usage_estimated, cost_usd, degradations, stream_events, request_payload";

    private static readonly (string Id, string Sql)[] Migrations =
    [
        ("0001_traces", """
            CREATE TABLE traces (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              id TEXT NOT NULL UNIQUE,
              started_at INTEGER NOT NULL,
              day TEXT NOT NULL,
              client_protocol TEXT NOT NULL,
              caller_key_id TEXT,
              requested_model TEXT,
              resolved_model TEXT,
              provider TEXT,
              stream INTEGER NOT NULL,
              status INTEGER NOT NULL,
              outcome TEXT NOT NULL,
              error_code TEXT,
              latency_ms REAL NOT NULL,
              ttft_ms REAL,
              upstream_ms REAL,
              overhead_ms REAL,
              input_tokens INTEGER NOT NULL,
              output_tokens INTEGER NOT NULL,
              cached_input_tokens INTEGER NOT NULL,
              cache_write_tokens INTEGER NOT NULL,
              reasoning_tokens INTEGER NOT NULL,
              usage_estimated INTEGER NOT NULL,
              cost_usd REAL,
              degradations TEXT NOT NULL,
              stream_events INTEGER NOT NULL,
              request_payload TEXT
            );
            CREATE INDEX traces_started_at ON traces (started_at);
            CREATE INDEX traces_day ON traces (day)
            """),
    ];

    public Task MigrateAsync(CancellationToken cancellationToken) => database.MigrateAsync(Migrations, cancellationToken);

    public async Task WriteAsync(IReadOnlyList<TraceRecord> traces, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        var names = Columns.Split(", ");
        insert.CommandText = $"INSERT OR IGNORE INTO traces ({Columns}) VALUES ({string.Join(", ", names.Select(name => "$" + name))})";
        var parameters = names.ToDictionary(name => name, name => insert.Parameters.Add("$" + name, SqliteType.Text));
        insert.Prepare();
        foreach (var trace in traces)
        {
            Bind(parameters, trace);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredTrace>> ListAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        var where = new List<string>();
        void Filter(string column, string parameter, object? value)
        {
            if (value is not null)
            {
                where.Add($"{column} = {parameter}");
                select.Parameters.AddWithValue(parameter, value);
            }
        }

        Filter("(requested_model = $model OR resolved_model", "$model", query.Model);
        if (query.Model is not null)
        {
            where[^1] += ")";
        }

        Filter("provider", "$provider", query.Provider);
        Filter("status", "$status", query.Status);
        Filter("caller_key_id", "$key", query.CallerKeyId);
        if (query.Since is { } since)
        {
            where.Add("started_at >= $since");
            select.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        }

        if (query.AfterSequence is { } after)
        {
            where.Add("seq > $after");
            select.Parameters.AddWithValue("$after", after);
        }

        // Newest first for a listing; oldest first when following (tail) so lines come in order.
        var order = query.AfterSequence is null ? "DESC" : "ASC";
        select.CommandText = $"SELECT seq, {Columns} FROM traces {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY seq {order} LIMIT $limit";
        select.Parameters.AddWithValue("$limit", query.Limit);
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
        select.CommandText = $"SELECT {Columns} FROM traces WHERE id = $id";
        select.Parameters.AddWithValue("$id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, 0) : null;
    }

    public async Task<IReadOnlyList<UsageRow>> UsageAsync(IReadOnlyList<string> groupBy, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var columns = groupBy.Select(UsageGroups.Column).ToList();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        var groupColumns = columns.Count == 0 ? "" : string.Join(", ", columns) + ", ";
        select.CommandText = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"SELECT {groupColumns}COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cached_input_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens), COALESCE(SUM(cost_usd), 0), SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) FROM traces")
            .Append(since is null ? "" : " WHERE started_at >= $since")
            .Append(columns.Count == 0 ? "" : $" GROUP BY {string.Join(", ", columns)} ORDER BY {string.Join(", ", columns)}")
            .ToString();
        if (since is { } from)
        {
            select.Parameters.AddWithValue("$since", from.ToUnixTimeMilliseconds());
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
            rows.Add(new UsageRow(group, reader.GetInt64(at), Long(reader, at + 1), Long(reader, at + 2), Long(reader, at + 3), Long(reader, at + 4), Long(reader, at + 5), (decimal)reader.GetDouble(at + 6), Long(reader, at + 7)));
        }

        return rows;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM traces WHERE started_at < $cutoff";
        delete.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static long Long(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetInt64(ordinal);

    private static void Bind(Dictionary<string, SqliteParameter> p, TraceRecord t)
    {
        static object Db(object? value) => value ?? DBNull.Value;
        p["id"].Value = t.Id;
        p["started_at"].Value = t.StartedAt.ToUnixTimeMilliseconds();
        p["day"].Value = t.StartedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        p["client_protocol"].Value = t.ClientProtocol;
        p["caller_key_id"].Value = Db(t.CallerKeyId);
        p["requested_model"].Value = Db(t.RequestedModel);
        p["resolved_model"].Value = Db(t.ResolvedModel);
        p["provider"].Value = Db(t.Provider);
        p["stream"].Value = t.Stream ? 1 : 0;
        p["status"].Value = t.Status;
        p["outcome"].Value = t.Outcome;
        p["error_code"].Value = Db(t.ErrorCode);
        p["latency_ms"].Value = t.LatencyMs;
        p["ttft_ms"].Value = Db(t.TimeToFirstTokenMs);
        p["upstream_ms"].Value = Db(t.UpstreamLatencyMs);
        p["overhead_ms"].Value = Db(t.OverheadMs);
        p["input_tokens"].Value = t.InputTokens;
        p["output_tokens"].Value = t.OutputTokens;
        p["cached_input_tokens"].Value = t.CachedInputTokens;
        p["cache_write_tokens"].Value = t.CacheWriteTokens;
        p["reasoning_tokens"].Value = t.ReasoningTokens;
        p["usage_estimated"].Value = t.UsageEstimated ? 1 : 0;
        p["cost_usd"].Value = t.CostUsd is { } cost ? (double)cost : DBNull.Value;
        p["degradations"].Value = JsonSerializer.Serialize(t.Degradations, TelemetryJsonContext.Default.IReadOnlyListString);
        p["stream_events"].Value = t.StreamEvents;
        p["request_payload"].Value = Db(t.RequestPayload);
    }

    private static TraceRecord Read(SqliteDataReader r, int o)
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
            Stream = r.GetInt64(o + 8) != 0,
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
            UsageEstimated = r.GetInt64(o + 21) != 0,
            CostUsd = Real(22) is { } cost ? (decimal)cost : null,
            Degradations = JsonSerializer.Deserialize(r.GetString(o + 23), TelemetryJsonContext.Default.IReadOnlyListString) ?? [],
            StreamEvents = r.GetInt32(o + 24),
            RequestPayload = Text(25),
        };
    }
}
