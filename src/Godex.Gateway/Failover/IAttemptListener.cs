using Godex.Wire;

namespace Godex.Gateway.Failover;

/// <summary>Told about each attempt of a <see cref="FailoverLoop"/>, and decides whether a failure moves on to the next candidate.</summary>
public interface IAttemptListener<in T>
{
    void Starting(T candidate);

    /// <summary>
    /// The attempt failed before anything reached the client. True to try the next candidate (there is
    /// one), false to give the client this failure.
    /// </summary>
    bool FailsOver(T candidate, GodexError error);

    /// <summary>
    /// Whether <paramref name="candidate"/> is tried after a candidate before it failed with
    /// <paramref name="error"/>; false passes over it (a candidate kept for one kind of failure only).
    /// Every candidate is, unless the listener says otherwise.
    /// </summary>
    bool TriedAfter(T candidate, GodexError error) => true;

    /// <summary>The attempt's answer is going to the client (its first event that shows anything, or its end).</summary>
    void Committed(T candidate);
}
