using System.Text;

using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Telemetry;

using Microsoft.Data.Sqlite;

using SQLitePCL;

namespace Godex.Gateway.Storage.Sqlite;

/// <summary>
/// Inserts a batch of traces in one transaction through prepared statements whose parameters are
/// bound by position with SQLite's own calls. Through Microsoft.Data.Sqlite each row cost a lookup of
/// every parameter's name, a type switch per value and a data reader: about half of tracing's cost on
/// the two cores the gateway shares with its clients. (One JSON parameter per batch read back with
/// json_each was slower still, and SQLite's JSON number parsing does not round-trip every double.)
/// </summary>
internal static class SqliteTraceInsert
{
    // Each statement opens its cursors and reads and rewrites sqlite_sequence (AUTOINCREMENT) once,
    // so rows go eight to a statement; the rest of a batch one by one. (Sixteen measured slower.)
    private const int RowsPerStatement = 8;
    private static readonly Statements Traces = new("traces", TraceSchema.Columns, TraceRow.ColumnCount, "id");
    private static readonly Statements Attempts = new("trace_attempts", TraceSchema.AttemptColumns, TraceAttemptRows.ColumnCount, "trace_id, attempt");

    /// <summary>The traces and their attempts' rows, in one transaction: a trace is never stored without them.</summary>
    public static void Write(SqliteConnection connection, IReadOnlyList<TraceRecord> traces)
    {
        using var transaction = connection.BeginTransaction();
        var db = connection.Handle!;
        InsertAll<TraceRecord, TraceRow>(db, Traces, traces);
        if (TraceAttemptRows.Of(traces) is { Count: > 0 } attempts)
        {
            InsertAll<TraceAttemptRow, TraceAttemptRows>(db, Attempts, attempts);
        }

        transaction.Commit();
    }

    private static void InsertAll<TRow, TMapping>(sqlite3 db, Statements statements, IReadOnlyList<TRow> rows)
        where TMapping : IRowMapping<TRow>
    {
        var many = rows.Count - (rows.Count % RowsPerStatement);
        if (many > 0)
        {
            Insert<TRow, TMapping>(db, statements.Many, RowsPerStatement, rows, 0, many);
        }

        if (many < rows.Count)
        {
            Insert<TRow, TMapping>(db, statements.One, 1, rows, many, rows.Count);
        }
    }

    /// <summary>Inserts rows[from..to] with a statement of <paramref name="perStatement"/> rows (to - from is a multiple of it).</summary>
    private static void Insert<TRow, TMapping>(sqlite3 db, string sql, int perStatement, IReadOnlyList<TRow> rows, int from, int to)
        where TMapping : IRowMapping<TRow>
    {
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            var binder = new Binder(statement, db, perStatement, TMapping.ColumnCount);
            for (var first = from; first < to; first += perStatement)
            {
                for (var row = 0; row < perStatement; row++)
                {
                    binder.Row = row;
                    TMapping.Write(rows[first + row], ref binder);
                }

                var done = raw.sqlite3_step(statement);
                if (done != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(done, db);
                }

                Check(raw.sqlite3_reset(statement), db);
            }
        }
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    /// <summary>A table's insert of <see cref="RowsPerStatement"/> rows and of one, numbered parameters, duplicates ignored.</summary>
    private sealed class Statements(string table, string columns, int columnCount, string key)
    {
        public string Many { get; } = Build(table, columns, columnCount, key, RowsPerStatement);

        public string One { get; } = Build(table, columns, columnCount, key, 1);

        private static string Build(string table, string columns, int columnCount, string key, int rows)
        {
            var values = Enumerable.Range(0, rows).Select(row =>
                "(" + string.Join(", ", Enumerable.Range(1, columnCount).Select(column => "?" + ((row * columnCount) + column))) + ")");
            return $"INSERT INTO {table} ({columns}) VALUES {string.Join(", ", values)} ON CONFLICT ({key}) DO NOTHING";
        }
    }

    /// <summary>
    /// Binds the values of the statement's row <see cref="Row"/>. A binding outlives sqlite3_reset, and
    /// most columns repeat from row to row (protocol, models, provider, status, zero counts, nulls), so a
    /// value equal to the one already bound is not bound again: each bind is a native call that takes
    /// SQLite's mutex.
    /// Text goes through one reused UTF-8 buffer (SQLite copies it).
    /// </summary>
    private struct Binder(sqlite3_stmt statement, sqlite3 db, int rows, int columns) : ITraceRowSink
    {
        private readonly Bound[] _bound = new Bound[rows * columns];
        private byte[] _utf8 = new byte[1024];

        private enum Kind : byte
        {
            Unbound,
            Null,
            Text,
            Integer,
            Real,
        }

        public int Row { get; set; }

        public void Text(int column, string? value)
        {
            var parameter = (Row * columns) + column;
            ref var bound = ref _bound[parameter];
            if (value is null)
            {
                BindNull(parameter, ref bound);
                return;
            }

            if (bound.Kind == Kind.Text && string.Equals(bound.Text, value, StringComparison.Ordinal))
            {
                return;
            }

            // Same bytes as Microsoft.Data.Sqlite wrote (Encoding.UTF8: a lone surrogate becomes U+FFFD).
            if (value.Length * 3 > _utf8.Length && Encoding.UTF8.GetByteCount(value) > _utf8.Length)
            {
                _utf8 = new byte[Math.Max(Encoding.UTF8.GetByteCount(value), _utf8.Length * 2)];
            }

            var length = Encoding.UTF8.GetBytes(value, _utf8);
            Check(raw.sqlite3_bind_text(statement, parameter + 1, _utf8.AsSpan(0, length)), db);
            bound = new Bound(Kind.Text, value, 0);
        }

        public readonly void Integer(int column, long value)
        {
            var parameter = (Row * columns) + column;
            ref var bound = ref _bound[parameter];
            if (bound.Kind != Kind.Integer || bound.Bits != value)
            {
                Check(raw.sqlite3_bind_int64(statement, parameter + 1, value), db);
                bound = new Bound(Kind.Integer, null, value);
            }
        }

        public readonly void OptionalInteger(int column, long? value)
        {
            if (value is { } integer)
            {
                Integer(column, integer);
                return;
            }

            var parameter = (Row * columns) + column;
            BindNull(parameter, ref _bound[parameter]);
        }

        public readonly void Real(int column, double? value)
        {
            var parameter = (Row * columns) + column;
            ref var bound = ref _bound[parameter];
            if (value is not { } real)
            {
                BindNull(parameter, ref bound);
                return;
            }

            var bits = BitConverter.DoubleToInt64Bits(real);
            if (bound.Kind != Kind.Real || bound.Bits != bits)
            {
                Check(raw.sqlite3_bind_double(statement, parameter + 1, real), db);
                bound = new Bound(Kind.Real, null, bits);
            }
        }

        private readonly void BindNull(int parameter, ref Bound bound)
        {
            if (bound.Kind != Kind.Null)
            {
                Check(raw.sqlite3_bind_null(statement, parameter + 1), db);
                bound = new Bound(Kind.Null, null, 0);
            }
        }

        /// <summary>What a parameter holds now: its kind, and its text or its integer or double bits.</summary>
        private readonly record struct Bound(Kind Kind, string? Text, long Bits);
    }
}
