namespace Godex.Gateway.Telemetry;

/// <summary>
/// What happened to one request, as stored. Times are milliseconds. Usage is what the upstream
/// reported (UsageEstimated when Godex had to count, e.g. the client left mid-stream).
/// </summary>
public sealed record TraceRecord
{
    public required string Id { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required string ClientProtocol { get; init; }
    public string? CallerKeyId { get; init; }
    public string? RequestedModel { get; init; }
    public string? ResolvedModel { get; init; }
    public string? Provider { get; init; }

    /// <summary>The pool member that answered (or failed last), e.g. `keys3#2`; null without a pool.</summary>
    public string? Member { get; init; }
    public bool Stream { get; init; }
    public int Status { get; init; }

    /// <summary>ok, error, or client_disconnected.</summary>
    public string Outcome { get; init; } = "ok";

    public string? ErrorCode { get; init; }
    public double LatencyMs { get; init; }
    public double? TimeToFirstTokenMs { get; init; }
    public double? UpstreamLatencyMs { get; init; }
    public double? OverheadMs { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CachedInputTokens { get; init; }
    public long CacheWriteTokens { get; init; }
    public long ReasoningTokens { get; init; }
    public bool UsageEstimated { get; init; }
    public decimal? CostUsd { get; init; }
    public IReadOnlyList<string> Degradations { get; init; } = [];
    public int StreamEvents { get; init; }

    /// <summary>
    /// Every candidate tried, in order: empty when none was (refused before routing or planning); null
    /// when unknown (traces stored before attempts were recorded).
    /// </summary>
    public IReadOnlyList<TraceAttempt>? Attempts { get; init; }

    /// <summary>The request body, credentials redacted; only with trace.capture_payload.</summary>
    public string? RequestPayload { get; init; }
}
