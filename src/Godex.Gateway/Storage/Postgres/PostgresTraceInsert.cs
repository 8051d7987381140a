using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Telemetry;

using Npgsql;

namespace Godex.Gateway.Storage.Postgres;

/// <summary>
/// Inserts a batch of traces with one statement and one round trip (it was one per row): each column
/// travels as a typed array, in binary so numbers arrive exact, and unnest turns the arrays back into
/// rows in batch order, so sequence numbers follow the order traces were recorded in. A batch with
/// attempts' rows sends their insert in the same round trip, as a batch of two statements, which
/// PostgreSQL runs in one implicit transaction: both are stored or neither.
/// </summary>
internal static class PostgresTraceInsert
{
    private static readonly string[] ParameterNames = [.. Enumerable.Range(0, Math.Max(TraceRow.ColumnCount, TraceAttemptRows.ColumnCount)).Select(i => "c" + i)];
    private static readonly string InsertTraces = UnnestInsert("traces", TraceSchema.Columns, TraceRow.ColumnCount, "id");
    private static readonly string InsertAttempts = UnnestInsert("trace_attempts", TraceSchema.AttemptColumns, TraceAttemptRows.ColumnCount, "trace_id, attempt");

    public static async Task WriteAsync(NpgsqlConnection connection, IReadOnlyList<TraceRecord> traces, CancellationToken cancellationToken)
    {
        var attempts = TraceAttemptRows.Of(traces);
        if (attempts.Count == 0)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = InsertTraces;
            Bind<TraceRecord, TraceRow>(insert.Parameters, traces);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        await using var batch = connection.CreateBatch();
        var traceInsert = new NpgsqlBatchCommand(InsertTraces);
        Bind<TraceRecord, TraceRow>(traceInsert.Parameters, traces);
        var attemptInsert = new NpgsqlBatchCommand(InsertAttempts);
        Bind<TraceAttemptRow, TraceAttemptRows>(attemptInsert.Parameters, attempts);
        batch.BatchCommands.Add(traceInsert);
        batch.BatchCommands.Add(attemptInsert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string UnnestInsert(string table, string columns, int count, string key)
    {
        var names = ParameterNames[..count];
        return $"INSERT INTO {table} ({columns}) SELECT {string.Join(", ", names.Select(name => "r." + name))} " +
            $"FROM unnest({string.Join(", ", names.Select(name => "@" + name))}) WITH ORDINALITY AS r({string.Join(", ", names)}, n) " +
            $"ORDER BY r.n ON CONFLICT ({key}) DO NOTHING";
    }

    private static void Bind<TRow, TMapping>(NpgsqlParameterCollection parameters, IReadOnlyList<TRow> rows)
        where TMapping : IRowMapping<TRow>
    {
        var columns = new Columns(rows.Count, TMapping.ColumnCount);
        for (var i = 0; i < rows.Count; i++)
        {
            columns.Row = i;
            TMapping.Write(rows[i], ref columns);
        }

        for (var i = 0; i < columns.Arrays.Length; i++)
        {
            parameters.Add(new NpgsqlParameter(ParameterNames[i], columns.Arrays[i]));
        }
    }

    /// <summary>One array per column (text[], bigint[] or double precision[], with nulls where a column may have them), created on first use.</summary>
    private struct Columns(int count, int columns) : ITraceRowSink
    {
        public readonly Array?[] Arrays = new Array?[columns];

        public int Row { get; set; }

        public readonly void Text(int column, string? value) => ((string?[])(Arrays[column] ??= new string?[count]))[Row] = value;

        public readonly void Integer(int column, long value) => ((long[])(Arrays[column] ??= new long[count]))[Row] = value;

        public readonly void OptionalInteger(int column, long? value) => ((long?[])(Arrays[column] ??= new long?[count]))[Row] = value;

        public readonly void Real(int column, double? value) => ((double?[])(Arrays[column] ??= new double?[count]))[Row] = value;
    }
}
