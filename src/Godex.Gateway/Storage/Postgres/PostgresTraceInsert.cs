using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Telemetry;

using Npgsql;

namespace Godex.Gateway.Storage.Postgres;

/// <summary>
/// Inserts a batch of traces with one statement and one round trip (it was one per row): each column
/// travels as a typed array, in binary so numbers arrive exact, and unnest turns the arrays back into
/// rows in batch order, so sequence numbers follow the order traces were recorded in.
/// </summary>
internal static class PostgresTraceInsert
{
    private static readonly string[] Names = [.. Enumerable.Range(0, TraceRow.ColumnCount).Select(i => "c" + i)];

    private static readonly string Insert =
        $"INSERT INTO traces ({TraceSchema.Columns}) SELECT {string.Join(", ", Names.Select(name => "r." + name))} " +
        $"FROM unnest({string.Join(", ", Names.Select(name => "@" + name))}) WITH ORDINALITY AS r({string.Join(", ", Names)}, n) " +
        "ORDER BY r.n ON CONFLICT (id) DO NOTHING";

    public static async Task WriteAsync(NpgsqlConnection connection, IReadOnlyList<TraceRecord> traces, CancellationToken cancellationToken)
    {
        var columns = new Columns(traces.Count);
        for (var i = 0; i < traces.Count; i++)
        {
            columns.Row = i;
            TraceRow.Write(traces[i], ref columns);
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = Insert;
        for (var i = 0; i < Names.Length; i++)
        {
            insert.Parameters.Add(new NpgsqlParameter(Names[i], columns.Arrays[i]));
        }

        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One array per column (text[], bigint[] or double precision[] with nulls), created on first use.</summary>
    private struct Columns(int count) : ITraceRowSink
    {
        public readonly Array?[] Arrays = new Array?[TraceRow.ColumnCount];

        public int Row { get; set; }

        public readonly void Text(int column, string? value) => ((string?[])(Arrays[column] ??= new string?[count]))[Row] = value;

        public readonly void Integer(int column, long value) => ((long[])(Arrays[column] ??= new long[count]))[Row] = value;

        public readonly void Real(int column, double? value) => ((double?[])(Arrays[column] ??= new double?[count]))[Row] = value;
    }
}
