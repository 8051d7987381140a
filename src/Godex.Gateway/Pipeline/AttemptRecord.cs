using Godex.Gateway.Routing;
using Godex.Wire;

namespace Godex.Gateway.Pipeline;

/// <summary>One candidate tried: what it was sent, what planning changed for it, why and when it ran, and how it ended.</summary>
public sealed class AttemptRecord(Route route, ChatRequest sent, IReadOnlyList<string> degradations, AttemptReason reason, long startTimestamp)
{
    public Route Route { get; } = route;

    /// <summary>The request as planned for this candidate's provider.</summary>
    public ChatRequest Sent { get; } = sent;

    public IReadOnlyList<string> Degradations { get; } = degradations;

    public AttemptReason Reason { get; } = reason;

    /// <summary>When the runner began the attempt (a <see cref="TimeProvider"/> timestamp, the clock the request's own timestamps use).</summary>
    public long StartTimestamp { get; } = startTimestamp;

    /// <summary>The wait before calling the member again (a retry's backoff), inside the attempt's time.</summary>
    public TimeSpan Backoff { get; set; }

    /// <summary>When the attempt was left for the next candidate; null while it runs or once committed (its answer ends with the request's).</summary>
    public long? EndTimestamp { get; set; }

    /// <summary>Why the attempt was left for the next candidate, or null.</summary>
    public GodexError? Failure { get; set; }

    /// <summary>It lost a hedging race: the other attempt showed a token first and this one was hung up on.</summary>
    public bool LostRace { get; set; }

    /// <summary>The client got this attempt's outcome.</summary>
    public bool Committed { get; set; }
}
