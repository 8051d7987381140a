namespace Godex.Gateway.Configuration;

/// <summary>
/// `providers.X.fault`: failures injected into the provider's answers, so a config (and the tests) can
/// rehearse failover. What each field does is on Reliability/FaultInjectingProvider.
/// </summary>
public sealed record FaultConfig
{
    /// <summary>The chance an answer is faulted; null means every answer (1).</summary>
    public double? PError { get; init; }

    /// <summary>The status of the injected error (default 500).</summary>
    public int? Status { get; init; }

    /// <summary>Pass this many events of the real answer, then break the stream.</summary>
    public int? ResetAfterEvents { get; init; }

    /// <summary>Wait this long before the answer starts, faulted or not.</summary>
    public int DelayMs { get; init; }

    /// <summary>Fail as a malformed stream chunk would.</summary>
    public bool Malformed { get; init; }

    /// <summary>Send the status error inside a started (HTTP 200) answer instead of before it.</summary>
    public bool ErrorIn200 { get; init; }

    /// <summary>Seeds the draws, for a rehearsal that fails the same requests every run.</summary>
    public int? Seed { get; init; }
}
