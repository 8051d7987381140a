using System.Data.Common;
using System.Globalization;
using System.Text;

using Godex.Gateway.Telemetry;

namespace Godex.Gateway.Storage.Sql;

/// <summary>Reads the attempts of traces just read, in one query for all of them.</summary>
internal static class TraceAttemptReader
{
    private const string Select = "SELECT " + TraceSchema.AttemptColumns + " FROM trace_attempts WHERE trace_id IN (";

    /// <summary>
    /// Sets each trace's attempts from its count (null: stored before attempts were counted): its
    /// stored rows; else, for one attempt, the one its own row describes; none for a count of zero.
    /// </summary>
    public static async Task FillAsync(DbConnection connection, List<TraceRecord> traces, List<int?> counts, CancellationToken cancellationToken)
    {
        var stored = await StoredAsync(connection, traces, counts, cancellationToken);
        for (var i = 0; i < traces.Count; i++)
        {
            IReadOnlyList<TraceAttempt>? attempts = counts[i] switch
            {
                null => null,
                0 => [],
                _ when stored is not null && stored.TryGetValue(traces[i].Id, out var rows) => rows,
                1 => [TraceAttemptRows.FromTrace(traces[i])],
                _ => null, // counted but not stored: unknown rather than wrong
            };
            traces[i] = traces[i] with { Attempts = attempts };
        }
    }

    private static async Task<Dictionary<string, List<TraceAttempt>>?> StoredAsync(DbConnection connection, List<TraceRecord> traces, List<int?> counts, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        var sql = new StringBuilder(Select);
        for (var i = 0; i < traces.Count; i++)
        {
            if (counts[i] > 0)
            {
                var name = "@t" + select.Parameters.Count.ToString(CultureInfo.InvariantCulture);
                sql.Append(select.Parameters.Count == 0 ? "" : ", ").Append(name);
                Sql.Add(select, name, traces[i].Id);
            }
        }

        if (select.Parameters.Count == 0)
        {
            return null;
        }

        select.CommandText = sql.Append(") ORDER BY trace_id, attempt").ToString();
        var stored = new Dictionary<string, List<TraceAttempt>>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            if (!stored.TryGetValue(id, out var rows))
            {
                stored[id] = rows = [];
            }

            rows.Add(TraceAttemptRows.Read(reader, 2));
        }

        return stored;
    }
}
