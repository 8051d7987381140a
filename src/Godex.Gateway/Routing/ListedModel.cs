using Godex.Gateway.Providers;
using Godex.Gateway.Specs;

namespace Godex.Gateway.Routing;

/// <summary>Where a listed model came from.</summary>
public enum ModelOrigin
{
    /// <summary>The provider's own list: `models` in godex.yaml, a preset's default, or the mock's.</summary>
    Configured,

    /// <summary>An entry of `routing.aliases`.</summary>
    Alias,

    /// <summary>Only the upstream's model list names it.</summary>
    Discovered,
}

/// <summary>
/// One entry of the merged model list: the id a client sends back (it routes to <see cref="Provider"/>),
/// the model the upstream is asked for, and what discovery told about it (null when nothing).
/// </summary>
public sealed record ListedModel(string Id, string Provider, string UpstreamModel, ModelOrigin Origin, DiscoveredModel? Details, ProviderSpec? Spec);
