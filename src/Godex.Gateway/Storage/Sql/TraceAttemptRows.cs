using System.Data.Common;

using Godex.Gateway.Telemetry;

namespace Godex.Gateway.Storage.Sql;

/// <summary>One trace_attempts row: the trace it belongs to, its position in the request, the attempt.</summary>
internal readonly record struct TraceAttemptRow(string TraceId, int Position, TraceAttempt Attempt);

/// <summary>
/// Attempts as rows: which are stored, their columns (<see cref="TraceSchema.AttemptColumns"/> order),
/// and reading them back. Most requests make one attempt that answers, and their trace row already
/// names its provider, member, model and outcome: only a request that tried several candidates, or
/// whose lone attempt failed (to keep its message), stores rows; the rest read their one attempt from
/// the trace row (<see cref="FromTrace"/>).
/// </summary>
internal sealed class TraceAttemptRows : IRowMapping<TraceAttemptRow>
{
    private TraceAttemptRows()
    {
    }

    public static int ColumnCount => 13;

    /// <summary>The rows of a batch's traces, in batch order; empty when no trace needs any (nearly every batch).</summary>
    public static IReadOnlyList<TraceAttemptRow> Of(IReadOnlyList<TraceRecord> traces)
    {
        List<TraceAttemptRow>? rows = null;
        foreach (var trace in traces)
        {
            if (trace.Attempts is { Count: > 0 } attempts && (attempts.Count > 1 || attempts[0].ErrorMessage is not null))
            {
                for (var i = 0; i < attempts.Count; i++)
                {
                    (rows ??= []).Add(new TraceAttemptRow(trace.Id, i, attempts[i]));
                }
            }
        }

        return rows ?? (IReadOnlyList<TraceAttemptRow>)[];
    }

    public static void Write<TSink>(TraceAttemptRow row, ref TSink sink)
        where TSink : struct, ITraceRowSink
    {
        var a = row.Attempt;
        sink.Text(0, row.TraceId);
        sink.Integer(1, row.Position);
        sink.Text(2, a.Provider);
        sink.Text(3, a.Member);
        sink.Text(4, a.Model);
        sink.Text(5, a.Reason);
        sink.Text(6, a.Outcome);
        sink.Real(7, a.StartMs);
        sink.Real(8, a.DurationMs);
        sink.Real(9, a.BackoffMs);
        sink.OptionalInteger(10, a.Status);
        sink.Text(11, a.ErrorCode);
        sink.Text(12, a.ErrorMessage);
    }

    /// <summary>Reads the columns after trace_id and attempt, from <paramref name="o"/>.</summary>
    public static TraceAttempt Read(DbDataReader r, int o)
    {
        string? Text(int i) => r.IsDBNull(o + i) ? null : r.GetString(o + i);
        double? Real(int i) => r.IsDBNull(o + i) ? null : r.GetDouble(o + i);
        return new TraceAttempt
        {
            Provider = r.GetString(o),
            Member = Text(1),
            Model = r.GetString(o + 2),
            Reason = r.GetString(o + 3),
            Outcome = r.GetString(o + 4),
            StartMs = Real(5),
            DurationMs = Real(6),
            BackoffMs = Real(7),
            Status = r.IsDBNull(o + 8) ? null : r.GetInt32(o + 8),
            ErrorCode = Text(9),
            ErrorMessage = Text(10),
        };
    }

    /// <summary>
    /// The one attempt of a trace that stored no rows, from its own columns: the first choice, which
    /// ran through the upstream part of the request. When it started was not kept.
    /// </summary>
    public static TraceAttempt FromTrace(TraceRecord trace)
    {
        var failed = trace.Outcome == "error";
        return new TraceAttempt
        {
            Provider = trace.Provider ?? "",
            Member = trace.Member,
            Model = trace.ResolvedModel ?? "",
            Reason = TraceAttempts.Reason(Pipeline.AttemptReason.FirstChoice),
            Outcome = trace.Outcome == "client_disconnected" ? TraceAttempt.Abandoned : failed ? TraceAttempt.Failed : TraceAttempt.Answered,
            DurationMs = trace.UpstreamLatencyMs,
            Status = failed ? trace.Status : null,
            ErrorCode = failed ? trace.ErrorCode : null,
        };
    }
}
