using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;
using Godex.Gateway.Routing;

using Microsoft.Extensions.Logging.Abstractions;

namespace Godex.Gateway.Tests.Routing;

/// <summary>Builds a real <see cref="ProviderRegistry"/> and <see cref="Router"/> from a configuration.</summary>
internal static class Routers
{
    public static ProviderRegistry Registry(GodexConfig config) =>
        new(config, new PlainHttpClientFactory(), TimeProvider.System, NullLogger<ProviderRegistry>.Instance);

    public static Router For(GodexConfig config) => new(Registry(config), config);

    /// <summary>The routing a gateway started with <paramref name="config"/> (and <paramref name="options"/>' other settings) serves.</summary>
    public static LiveRouting Live(GodexConfig config, ServeOptions? options = null) =>
        new(new RoutingStateBuilder(new PlainHttpClientFactory(), TimeProvider.System, NullLoggerFactory.Instance, []).Build((options ?? new ServeOptions()) with { Config = config }, previous: null));

    /// <summary>Providers are built but never called here, so a plain client is enough.</summary>
    private sealed class PlainHttpClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
