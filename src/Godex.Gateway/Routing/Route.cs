using Godex.Gateway.Providers;

namespace Godex.Gateway.Routing;

/// <summary>Where a request goes: the provider, and the model name to send it.</summary>
public sealed record Route(IProvider Provider, string UpstreamModel, RouteReason Reason);

/// <summary>Which rule chose the route; useful in logs and traces.</summary>
public enum RouteReason
{
    ExplicitProvider,
    Alias,
    ModelList,
    Pattern,
    Default,
}
