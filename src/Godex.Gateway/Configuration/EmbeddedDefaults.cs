using Godex.Gateway.Configuration;

namespace Godex.Gateway.Configuration;

/// <summary>What Godex runs with when there is no config file: the built-in mock provider, offline.</summary>
public static class EmbeddedDefaults
{
    public static readonly GodexConfig Config = new()
    {
        Source = "embedded defaults",
        Providers = new Dictionary<string, ProviderConfig>
        {
            ["mock"] = new() { Name = "mock", Type = ProviderTypes.Mock },
        },
        Routing = new RoutingConfig { Default = "mock" },
    };
}
