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

    /// <summary>A hedge: <paramref name="candidate"/> starts beside the attempt whose first token is late (instead of <see cref="Starting"/>).</summary>
    void Hedging(T candidate) => Starting(candidate);

    /// <summary>Whether <paramref name="candidate"/> may hedge <paramref name="running"/> (another member, not the same one again).</summary>
    bool HedgesWith(T candidate, T running) => true;

    /// <summary>The other attempt of a hedging race answered first: this one was hung up on.</summary>
    void LostRace(T candidate)
    {
    }

    /// <summary>The attempt's answer is going to the client (its first event that shows anything, or its end).</summary>
    void Committed(T candidate);
}
