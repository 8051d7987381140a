using System.Globalization;
using System.Text.Json;

using Godex.Gateway.Telemetry;

namespace Godex.Gateway.Storage.Sql;

/// <summary>Takes one row's values (a trace's, an attempt's), column by column, each with its storage type.</summary>
internal interface ITraceRowSink
{
    void Text(int column, string? value);

    void Integer(int column, long value);

    void OptionalInteger(int column, long? value);

    void Real(int column, double? value);
}

/// <summary>How one kind of row becomes its table's columns, for the engines' batch inserts to share.</summary>
internal interface IRowMapping<TRow>
{
    static abstract int ColumnCount { get; }

    static abstract void Write<TSink>(TRow row, ref TSink sink)
        where TSink : struct, ITraceRowSink;
}

/// <summary>
/// The one place a <see cref="TraceRecord"/> becomes a row: every value in <see cref="TraceSchema.Columns"/>
/// order, handed to a sink that binds it. The sink is a struct type argument, so the calls are direct
/// (no boxing, no per-row reflection) in each engine's batch insert.
/// </summary>
internal sealed class TraceRow : IRowMapping<TraceRecord>
{
    private TraceRow()
    {
    }

    public static int ColumnCount => 28;

    public static void Write<TSink>(TraceRecord t, ref TSink sink)
        where TSink : struct, ITraceRowSink
    {
        sink.Text(0, t.Id);
        sink.Integer(1, t.StartedAt.ToUnixTimeMilliseconds());
        sink.Text(2, Day(t.StartedAt));
        sink.Text(3, t.ClientProtocol);
        sink.Text(4, t.CallerKeyId);
        sink.Text(5, t.RequestedModel);
        sink.Text(6, t.ResolvedModel);
        sink.Text(7, t.Provider);
        sink.Integer(8, t.Stream ? 1 : 0);
        sink.Integer(9, t.Status);
        sink.Text(10, t.Outcome);
        sink.Text(11, t.ErrorCode);
        sink.Real(12, t.LatencyMs);
        sink.Real(13, t.TimeToFirstTokenMs);
        sink.Real(14, t.UpstreamLatencyMs);
        sink.Real(15, t.OverheadMs);
        sink.Integer(16, t.InputTokens);
        sink.Integer(17, t.OutputTokens);
        sink.Integer(18, t.CachedInputTokens);
        sink.Integer(19, t.CacheWriteTokens);
        sink.Integer(20, t.ReasoningTokens);
        sink.Integer(21, t.UsageEstimated ? 1 : 0);
        sink.Real(22, t.CostUsd is { } cost ? (double)cost : null);
        sink.Text(23, Degradations(t.Degradations));
        sink.Integer(24, t.StreamEvents);
        sink.Text(25, t.RequestPayload);
        sink.Text(26, t.Member);
        sink.OptionalInteger(27, t.Attempts?.Count);
    }

    /// <summary>yyyy-MM-dd in UTC, cut from the sortable format, which has a fast path (a custom pattern is parsed per call).</summary>
    private static string Day(DateTimeOffset startedAt)
    {
        Span<char> sortable = stackalloc char[19];
        startedAt.UtcDateTime.TryFormat(sortable, out _, "s", CultureInfo.InvariantCulture);
        return new string(sortable[..10]);
    }

    // Nearly every request degrades nothing: skip the serializer for the common case (same text it writes).
    private static string Degradations(IReadOnlyList<string> degradations) =>
        degradations.Count == 0 ? "[]" : JsonSerializer.Serialize(degradations, TelemetryJsonContext.Default.IReadOnlyListString);
}
