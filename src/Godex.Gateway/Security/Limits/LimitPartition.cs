using System.Threading.RateLimiting;

using Godex.Gateway.Configuration;

namespace Godex.Gateway.Security.Limits;

/// <summary>
/// The counters of one limited party (a key, or a `limits.models` pattern across every key): requests
/// and tokens per minute, and requests at once (System.Threading.RateLimiting's ConcurrencyLimiter,
/// no queue: a request over the limit is refused, not held). Every take and settle happens under the
/// partition's lock, so under any concurrency no more than the limit gets through.
/// </summary>
public sealed class LimitPartition
{
    public LimitPartition(RateLimitConfig limits)
    {
        Limits = limits;
        Requests = limits.Rpm is { } rpm ? new SlidingWindow(rpm) : null;
        Tokens = limits.Tpm is { } tpm ? new SlidingWindow(tpm) : null;
        Concurrency = limits.MaxConcurrent is { } concurrent ? new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = concurrent, QueueLimit = 0 }) : null;
    }

    /// <summary>The limits this partition counts against (a partition whose limits changed is replaced).</summary>
    public RateLimitConfig Limits { get; }

    public SlidingWindow? Requests { get; }

    public SlidingWindow? Tokens { get; }

    public ConcurrencyLimiter? Concurrency { get; }

    /// <summary>Dropped from its map (idle, or its limits changed); a request that finds it so looks again.</summary>
    public bool Retired { get; set; }

    /// <summary>Holds nothing: no request or token in the last minute, none in flight.</summary>
    public bool IsIdle(long nowTicks) =>
        (Requests?.IsEmpty(nowTicks) ?? true)
        && (Tokens?.IsEmpty(nowTicks) ?? true)
        && (Concurrency is null || Concurrency.GetStatistics()?.CurrentAvailablePermits == Limits.MaxConcurrent);
}
