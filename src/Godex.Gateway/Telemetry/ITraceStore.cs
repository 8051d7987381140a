namespace Godex.Gateway.Telemetry;

/// <summary>Filters for listing traces; null means any.</summary>
public sealed record TraceQuery
{
    public string? Model { get; init; }
    public string? Provider { get; init; }
    public int? Status { get; init; }
    public string? CallerKeyId { get; init; }
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only traces that started before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>ok, error or client_disconnected.</summary>
    public string? Outcome { get; init; }

    /// <summary>Text in the error: its code, or the message of any of its attempts (case-insensitive).</summary>
    public string? ErrorText { get; init; }

    /// <summary>Only traces stored after this sequence number, oldest first (for tail -f).</summary>
    public long? AfterSequence { get; init; }

    /// <summary>Only traces stored before this sequence number, newest first (the next page of a listing).</summary>
    public long? BeforeSequence { get; init; }

    public int Limit { get; init; } = 50;
}

/// <summary>A stored trace and its insertion sequence number.</summary>
public sealed record StoredTrace(long Sequence, TraceRecord Trace);

/// <summary>Usage summed over a group (key, model, provider and/or day).</summary>
public sealed record UsageRow(IReadOnlyDictionary<string, string> Group, long Requests, long InputTokens, long OutputTokens, long CachedInputTokens, long CacheWriteTokens, long ReasoningTokens, decimal CostUsd, long Errors);

/// <summary>Where traces live: SQLite by default, PostgreSQL behind the same interface.</summary>
public interface ITraceStore
{
    Task MigrateAsync(CancellationToken cancellationToken);

    Task WriteAsync(IReadOnlyList<TraceRecord> traces, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredTrace>> ListAsync(TraceQuery query, CancellationToken cancellationToken);

    Task<TraceRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Sums usage grouped by any of: key, model, provider, day; from <paramref name="since"/> (inclusive) to <paramref name="until"/> (exclusive).</summary>
    Task<IReadOnlyList<UsageRow>> UsageAsync(IReadOnlyList<string> groupBy, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken);

    Task<IReadOnlyList<UsageRow>> UsageAsync(IReadOnlyList<string> groupBy, DateTimeOffset? since, CancellationToken cancellationToken) =>
        UsageAsync(groupBy, since, until: null, cancellationToken);

    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
