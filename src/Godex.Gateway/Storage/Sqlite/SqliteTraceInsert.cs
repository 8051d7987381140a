using System.Text;

using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Telemetry;

using Microsoft.Data.Sqlite;

using SQLitePCL;

namespace Godex.Gateway.Storage.Sqlite;

/// <summary>
/// Inserts a batch of traces in one transaction through one prepared statement whose parameters are
/// bound by position with SQLite's own calls. Through Microsoft.Data.Sqlite each row cost a lookup of
/// every parameter's name, a type switch per value and a data reader: about half of tracing's cost on
/// the two cores the gateway shares with its clients. (One JSON parameter per batch read back with
/// json_each was slower still, and SQLite's JSON number parsing does not round-trip every double.)
/// </summary>
internal static class SqliteTraceInsert
{
    private static readonly string Insert =
        $"INSERT INTO traces ({TraceSchema.Columns}) VALUES ({string.Join(", ", Enumerable.Range(1, TraceRow.ColumnCount).Select(i => "?" + i))}) ON CONFLICT (id) DO NOTHING";

    public static void Write(SqliteConnection connection, IReadOnlyList<TraceRecord> traces)
    {
        using var transaction = connection.BeginTransaction();
        var db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(db, Insert, out var statement), db);
        using (statement)
        {
            var binder = new Binder(statement, db);
            for (var i = 0; i < traces.Count; i++)
            {
                TraceRow.Write(traces[i], ref binder);
                var done = raw.sqlite3_step(statement);
                if (done != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(done, db);
                }

                Check(raw.sqlite3_reset(statement), db);
            }
        }

        transaction.Commit();
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    /// <summary>
    /// Binds a row's values to the statement. A binding outlives sqlite3_reset, and most columns repeat
    /// from row to row (protocol, models, provider, status, zero counts, nulls), so a value equal to the
    /// one already bound is not bound again: each bind is a native call that takes SQLite's mutex.
    /// Text goes through one reused UTF-8 buffer (SQLite copies it).
    /// </summary>
    private struct Binder(sqlite3_stmt statement, sqlite3 db) : ITraceRowSink
    {
        private readonly Bound[] _bound = new Bound[TraceRow.ColumnCount];
        private byte[] _utf8 = new byte[1024];

        private enum Kind : byte
        {
            Unbound,
            Null,
            Text,
            Integer,
            Real,
        }

        public void Text(int column, string? value)
        {
            ref var bound = ref _bound[column];
            if (value is null)
            {
                BindNull(column, ref bound);
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
            Check(raw.sqlite3_bind_text(statement, column + 1, _utf8.AsSpan(0, length)), db);
            bound = new Bound(Kind.Text, value, 0);
        }

        public readonly void Integer(int column, long value)
        {
            ref var bound = ref _bound[column];
            if (bound.Kind != Kind.Integer || bound.Bits != value)
            {
                Check(raw.sqlite3_bind_int64(statement, column + 1, value), db);
                bound = new Bound(Kind.Integer, null, value);
            }
        }

        public readonly void Real(int column, double? value)
        {
            ref var bound = ref _bound[column];
            if (value is not { } real)
            {
                BindNull(column, ref bound);
                return;
            }

            var bits = BitConverter.DoubleToInt64Bits(real);
            if (bound.Kind != Kind.Real || bound.Bits != bits)
            {
                Check(raw.sqlite3_bind_double(statement, column + 1, real), db);
                bound = new Bound(Kind.Real, null, bits);
            }
        }

        private readonly void BindNull(int column, ref Bound bound)
        {
            if (bound.Kind != Kind.Null)
            {
                Check(raw.sqlite3_bind_null(statement, column + 1), db);
                bound = new Bound(Kind.Null, null, 0);
            }
        }

        /// <summary>What a parameter holds now: its kind, and its text or its integer or double bits.</summary>
        private readonly record struct Bound(Kind Kind, string? Text, long Bits);
    }
}
