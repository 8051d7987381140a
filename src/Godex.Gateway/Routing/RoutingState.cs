using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;
using Godex.Gateway.Reliability;

namespace Godex.Gateway.Routing;

/// <summary>
/// What one configuration builds and a reload replaces: the effective options, the providers and their
/// pools, routing, and the model catalogue. A request takes the current one when it is routed and keeps
/// what it was given to the end, so a reload never changes or drops a request in flight.
/// </summary>
public sealed class RoutingState(ServeOptions options, ProviderRegistry registry, ProviderPools pools, Router router, ModelCatalogue catalogue)
{
    public ServeOptions Options { get; } = options;

    public GodexConfig Config => Options.Config;

    public ProviderRegistry Registry { get; } = registry;

    public ProviderPools Pools { get; } = pools;

    public Router Router { get; } = router;

    public ModelCatalogue Catalogue { get; } = catalogue;
}
