using Godex.Gateway.Routing;
using Godex.Wire;

namespace Godex.Gateway.Pipeline;

/// <summary>One candidate tried: what it was sent, what planning changed for it, and how it ended.</summary>
public sealed class AttemptRecord(Route route, ChatRequest sent, IReadOnlyList<string> degradations)
{
    public Route Route { get; } = route;

    /// <summary>The request as planned for this candidate's provider.</summary>
    public ChatRequest Sent { get; } = sent;

    public IReadOnlyList<string> Degradations { get; } = degradations;

    /// <summary>Why the attempt was left for the next candidate, or null.</summary>
    public GodexError? Failure { get; set; }

    /// <summary>The client got this attempt's outcome.</summary>
    public bool Committed { get; set; }
}
