using Godex.Gateway.Providers;

namespace Godex.Gateway.Routing;

/// <summary>Where a request goes: the provider, and the model name to send it.</summary>
public sealed record Route(IProvider Provider, string UpstreamModel, RouteReason Reason)
{
    /// <summary>The pool member this candidate is (its health and load), once the plan has picked members.</summary>
    public Reliability.PoolMember? Member { get; init; }
}

/// <summary>Which rule chose the route; useful in logs and traces.</summary>
public enum RouteReason
{
    ExplicitProvider,
    Alias,
    ModelList,
    Pattern,
    Default,

    /// <summary>A `routing.fallbacks` entry, tried once the first choice's members all failed.</summary>
    Fallback,

    /// <summary>A `routing.fallbacks` entry with `on: context_window`: tried only when a candidate before it found the request too long.</summary>
    ContextWindowFallback,
}
