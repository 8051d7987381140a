namespace Godex.Gateway.Pipeline;

/// <summary>Why a candidate was tried: the trace's answer to "what was tried, and why".</summary>
public enum AttemptReason
{
    /// <summary>The plan's first candidate.</summary>
    FirstChoice,

    /// <summary>Another member of the first choice's pool (or a pooled alias's next target) after a failure.</summary>
    NextMember,

    /// <summary>A member tried again (`routing.retries.max_attempts`), after its backoff.</summary>
    Retry,

    /// <summary>A `routing.fallbacks` entry, once the first choice's members had failed.</summary>
    Fallback,

    /// <summary>A hedge: started beside an attempt whose first token was late (an alias's `hedge_after_ms` or `hedge`).</summary>
    Hedge,
}
