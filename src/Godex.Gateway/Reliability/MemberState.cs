using Godex.Wire;

namespace Godex.Gateway.Reliability;

/// <summary>A member's state as `GET /health` and `godex_member_state` show it.</summary>
public enum MemberState
{
    Healthy,

    /// <summary>Failed: left out until a time (its `retry-after`, else a backoff doubling with each failure in a row).</summary>
    CoolingDown,

    /// <summary>Failed too often in the sliding window (`routing.health`): left out for `ejection_seconds`.</summary>
    Unhealthy,

    /// <summary>Its quota is spent (a subscription's usage window, a daily quota): left out until the reset the upstream named.</summary>
    ParkedForQuota,

    /// <summary>Its time out is over: one request goes to it as a probe, the others still pass it by until the probe ends.</summary>
    Probing,
}

/// <summary>Why a member was taken out: the `reason` of `godex_cooldowns_total`.</summary>
public enum CooldownReason
{
    /// <summary>The upstream named the wait (`retry-after`, a reset header, Gemini's RetryInfo).</summary>
    RetryAfter,

    /// <summary>No wait named: 1 s doubling with each failure in a row.</summary>
    Backoff,

    /// <summary>A refused key or login (401/403): 30 s doubling.</summary>
    Credentials,

    /// <summary>The failure rate over the window went above `routing.health.max_failure_rate`.</summary>
    FailureRate,

    /// <summary>A spent quota, parked until its reset.</summary>
    Quota,
}

/// <summary>What one ordering of a pool does with a member.</summary>
public enum Admission
{
    Ready,

    /// <summary>This request is the member's one recovery probe: it goes first.</summary>
    Probe,

    Skip,
}

/// <summary>A member's health at one moment, for `GET /health`.</summary>
/// <param name="Until">When a cooldown, ejection or park ends.</param>
/// <param name="EjectedAtRate">The failure rate that made the member unhealthy.</param>
/// <param name="ProbeInFlight">Probing: the probe request is under way (else the next request will be it).</param>
public readonly record struct HealthSnapshot(
    MemberState State,
    DateTimeOffset? Until,
    CooldownReason? Reason,
    double? EjectedAtRate,
    bool ProbeInFlight,
    int ConsecutiveFailures,
    int WindowRequests,
    int WindowFailures,
    GodexError? LastError);
