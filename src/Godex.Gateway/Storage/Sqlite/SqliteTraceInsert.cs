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
    private static readonly string InsertMany = InsertSql(RowsPerStatement);
    private static readonly string InsertOne = InsertSql(1);

    public static void Write(SqliteConnection connection, IReadOnlyList<TraceRecord> traces)
    {
        using var transaction = connection.BeginTransaction();
        var db = connection.Handle!;
        var many = traces.Count - (traces.Count % RowsPerStatement);
        if (many > 0)
        {
            Insert(db, InsertMany, RowsPerStatement, traces, 0, many);
        }

        if (many < traces.Count)
        {
            Insert(db, InsertOne, 1, traces, many, traces.Count);
        }

        transaction.Commit();
    }

    private static string InsertSql(int rows)
    {
        var values = Enumerable.Range(0, rows).Select(row =>
            "(" + string.Join(", ", Enumerable.Range(1, TraceRow.ColumnCount).Select(column => "?" + ((row * TraceRow.ColumnCount) + column))) + ")");
        return $"INSERT INTO traces ({TraceSchema.Columns}) VALUES {string.Join(", ", values)} ON CONFLICT (id) DO NOTHING";
    }

    /// <summary>Inserts traces[from..to] with a statement of <paramref name="rows"/> rows (to - from is a multiple of it).</summary>
    private static void Insert(sqlite3 db, string sql, int rows, IReadOnlyList<TraceRecord> traces, int from, int to)
    {
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            var binder = new Binder(statement, db, rows);
            for (var first = from; first < to; first += rows)
            {
                for (var row = 0; row < rows; row++)
                {
                    binder.Row = row;
                    TraceRow.Write(traces[first + row], ref binder);
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

    /// <summary>
    /// Binds the values of the statement's row <see cref="Row"/>. A binding outlives sqlite3_reset, and
    /// most columns repeat from row to row (protocol, models, provider, status, zero counts, nulls), so a
    /// value equal to the one already bound is not bound again: each bind is a native call that takes
    /// SQLite's mutex.
    /// Text goes through one reused UTF-8 buffer (SQLite copies it).
    /// </summary>
    private struct Binder(sqlite3_stmt statement, sqlite3 db, int rows) : ITraceRowSink
    {
        private readonly Bound[] _bound = new Bound[rows * TraceRow.ColumnCount];
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
            var parameter = (Row * TraceRow.ColumnCount) + column;
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
            var parameter = (Row * TraceRow.ColumnCount) + column;
            ref var bound = ref _bound[parameter];
            if (bound.Kind != Kind.Integer || bound.Bits != value)
            {
                Check(raw.sqlite3_bind_int64(statement, parameter + 1, value), db);
                bound = new Bound(Kind.Integer, null, value);
            }
        }

        public readonly void Real(int column, double? value)
        {
            var parameter = (Row * TraceRow.ColumnCount) + column;
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
