using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;

using Godex.Gateway.Storage.Postgres;
using Godex.Gateway.Storage.Sqlite;
using Godex.Gateway.Telemetry;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Godex.Gateway.Storage.Sql;

/// <summary>
/// Traces in SQLite or PostgreSQL: one set of SQL that both engines run (named parameters,
/// ON CONFLICT, explicit casts) for reading; batches are inserted per engine (<see cref="TraceRow"/>
/// maps a trace to its columns for both).
/// </summary>
public sealed class SqlTraceStore(ISqlDatabase database) : ITraceStore
{
    public Task MigrateAsync(CancellationToken cancellationToken) => SqlMigrator.MigrateAsync(database, TraceSchema.Migrations, cancellationToken);

    public async Task WriteAsync(IReadOnlyList<TraceRecord> traces, CancellationToken cancellationToken)
    {
        if (traces.Count == 0)
        {
            return;
        }

        // The one write on a hot path: each engine inserts a batch its own fastest way (see each class).
        await using var connection = await database.OpenAsync(cancellationToken);
        if (connection is SqliteConnection sqlite)
        {
            SqliteTraceInsert.Write(sqlite, traces);
        }
        else
        {
            await PostgresTraceInsert.WriteAsync((NpgsqlConnection)connection, traces, cancellationToken);
        }
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

        if (query.Until is { } until)
        {
            where.Add("started_at < @until");
            Sql.Add(select, "@until", until.ToUnixTimeMilliseconds());
        }

        Filter("outcome", query.Outcome);
        if (query.ErrorText is { Length: > 0 } text)
        {
            // LIKE with the pattern's own wildcards escaped; LOWER on both sides, as PostgreSQL's LIKE is case-sensitive.
            const string Like = " LIKE @error ESCAPE '!'";
            where.Add($"(LOWER(COALESCE(error_code, '')){Like} OR EXISTS (SELECT 1 FROM trace_attempts a WHERE a.trace_id = traces.id AND (LOWER(COALESCE(a.error_message, '')){Like} OR LOWER(COALESCE(a.error_code, '')){Like})))");
            Sql.Add(select, "@error", "%" + text.ToLowerInvariant().Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal) + "%");
        }

        if (query.AfterSequence is { } after)
        {
            where.Add("seq > @after");
            Sql.Add(select, "@after", after);
        }

        if (query.BeforeSequence is { } before)
        {
            where.Add("seq < @before");
            Sql.Add(select, "@before", before);
        }

        // Newest first for a listing; oldest first when following (tail) so lines come in order.
        var order = query.AfterSequence is null ? "DESC" : "ASC";
        select.CommandText = $"SELECT seq, {TraceSchema.Columns} FROM traces {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY seq {order} LIMIT @limit";
        Sql.Add(select, "@limit", query.Limit);
        var sequences = new List<long>();
        var traces = new List<TraceRecord>();
        var attempts = new List<int?>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sequences.Add(reader.GetInt64(0));
                traces.Add(Read(reader, 1));
                attempts.Add(AttemptCount(reader, 1));
            }
        }

        await TraceAttemptReader.FillAsync(connection, traces, attempts, cancellationToken);
        var result = new List<StoredTrace>(traces.Count);
        for (var i = 0; i < traces.Count; i++)
        {
            result.Add(new StoredTrace(sequences[i], traces[i]));
        }

        return result;
    }

    public async Task<TraceRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {TraceSchema.Columns} FROM traces WHERE id = @id";
        Sql.Add(select, "@id", id);
        List<TraceRecord> found = [];
        List<int?> attempts = [];
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                found.Add(Read(reader, 0));
                attempts.Add(AttemptCount(reader, 0));
            }
        }

        await TraceAttemptReader.FillAsync(connection, found, attempts, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<UsageRow>> UsageAsync(IReadOnlyList<string> groupBy, DateTimeOffset? since, CancellationToken cancellationToken) =>
        UsageAsync(groupBy, since, until: null, cancellationToken);

    public async Task<IReadOnlyList<UsageRow>> UsageAsync(IReadOnlyList<string> groupBy, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        var columns = groupBy.Select(UsageColumns.For).ToList();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        static string Sum(string column) => $"CAST(COALESCE(SUM({column}), 0) AS BIGINT)";
        var groupColumns = columns.Count == 0 ? "" : string.Join(", ", columns) + ", ";
        select.CommandText = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"SELECT {groupColumns}COUNT(*), {Sum("input_tokens")}, {Sum("output_tokens")}, {Sum("cached_input_tokens")}, {Sum("cache_write_tokens")}, {Sum("reasoning_tokens")}, CAST(COALESCE(SUM(cost_usd), 0) AS DOUBLE PRECISION), {Sum("CASE WHEN status >= 400 THEN 1 ELSE 0 END")} FROM traces")
            .Append(since is null && until is null ? "" : " WHERE ")
            .Append(since is null ? "" : "started_at >= @since")
            .Append(since is null || until is null ? "" : " AND ")
            .Append(until is null ? "" : "started_at < @until")
            .Append(columns.Count == 0 ? "" : $" GROUP BY {string.Join(", ", columns)} ORDER BY {string.Join(", ", columns)}")
            .ToString();
        if (since is { } from)
        {
            Sql.Add(select, "@since", from.ToUnixTimeMilliseconds());
        }

        if (until is { } to)
        {
            Sql.Add(select, "@until", to.ToUnixTimeMilliseconds());
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
        // A trace's attempts go with it, in the same transaction.
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var attempts = connection.CreateCommand();
        attempts.Transaction = transaction;
        attempts.CommandText = "DELETE FROM trace_attempts WHERE trace_id IN (SELECT id FROM traces WHERE started_at < @cutoff)";
        Sql.Add(attempts, "@cutoff", cutoff.ToUnixTimeMilliseconds());
        await attempts.ExecuteNonQueryAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM traces WHERE started_at < @cutoff";
        Sql.Add(delete, "@cutoff", cutoff.ToUnixTimeMilliseconds());
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>How many candidates the trace tried; null for a trace stored before they were counted.</summary>
    private static int? AttemptCount(DbDataReader r, int o) => r.IsDBNull(o + 27) ? null : r.GetInt32(o + 27);

    /// <summary>A trace row's columns; its attempts are read after (<see cref="TraceAttemptReader"/>).</summary>
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
            Member = Text(26),
        };
    }
}
