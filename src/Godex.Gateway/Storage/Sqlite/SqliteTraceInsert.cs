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

    /// <summary>Binds a row's values to the statement; text goes through one reused UTF-8 buffer (SQLite copies it).</summary>
    private struct Binder(sqlite3_stmt statement, sqlite3 db) : ITraceRowSink
    {
        private byte[] _utf8 = new byte[1024];

        public void Text(int column, string? value)
        {
            if (value is null)
            {
                Check(raw.sqlite3_bind_null(statement, column + 1), db);
                return;
            }

            // Same bytes as Microsoft.Data.Sqlite wrote (Encoding.UTF8: a lone surrogate becomes U+FFFD).
            if (value.Length * 3 > _utf8.Length && Encoding.UTF8.GetByteCount(value) > _utf8.Length)
            {
                _utf8 = new byte[Math.Max(Encoding.UTF8.GetByteCount(value), _utf8.Length * 2)];
            }

            var length = Encoding.UTF8.GetBytes(value, _utf8);
            Check(raw.sqlite3_bind_text(statement, column + 1, _utf8.AsSpan(0, length)), db);
        }

        public readonly void Integer(int column, long value) => Check(raw.sqlite3_bind_int64(statement, column + 1, value), db);

        public readonly void Real(int column, double? value) =>
            Check(value is { } real ? raw.sqlite3_bind_double(statement, column + 1, real) : raw.sqlite3_bind_null(statement, column + 1), db);
    }
}
