using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;
using Godex.Gateway.Reliability;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Routing;

/// <summary>Builds a <see cref="RoutingState"/> from effective options: at start-up, and again on each reload.</summary>
/// <param name="members">Told of pool members' state changes (the admin API's live events); null: nobody.</param>
public sealed class RoutingStateBuilder(IHttpClientFactory httpClients, TimeProvider time, ILoggerFactory loggers, IEnumerable<IProviderWrapper> wrappers, IMemberStateListener? members = null)
{
    /// <param name="previous">The gateway being replaced: pool members that stay the same keep their health.</param>
    public RoutingState Build(ServeOptions options, RoutingState? previous)
    {
        var registry = new ProviderRegistry(options.Config, httpClients, time, loggers.CreateLogger<ProviderRegistry>(), wrappers);
        var pools = new ProviderPools(registry, options.Config, time, previous?.Pools, members);
        var router = new Router(registry, options.Config, pools);
        var catalogue = new ModelCatalogue(registry, options.Config, time, loggers.CreateLogger<ModelCatalogue>());
        return new RoutingState(options, registry, pools, router, catalogue);
    }
}
