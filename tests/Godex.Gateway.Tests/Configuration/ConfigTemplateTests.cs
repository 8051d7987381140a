using Godex.Gateway.Configuration;
using Godex.Gateway.Providers.Mock;
using Godex.Gateway.Routing;
using Godex.Gateway.Tests.Routing;
using Godex.Wire;

namespace Godex.Gateway.Tests.Configuration;

public sealed class ConfigTemplateTests
{
    [Fact]
    public void Template_loads_without_errors_and_routes_default_to_mock()
    {
        var config = Yaml.Load(ConfigTemplate.Text, ("GODEX_API_KEY", "sk-client"));

        Assert.Equal("127.0.0.1:39001", config.Listen);
        Assert.Equal(["sk-client"], config.Keys);
        Assert.Equal(32L * 1024 * 1024, config.Limits.MaxBodyBytes);
        Assert.Equal(ProviderTypes.Mock, Assert.Single(config.Providers).Value.Type);
        Assert.Equal("mock", config.Routing.Default);
        Assert.Empty(config.Warnings);

        var route = Routers.For(config).Resolve("mock");
        Assert.Equal("mock", route.Provider.Name);
        Assert.Equal(RouteReason.ModelList, route.Reason);
    }

    [Fact]
    public void Template_without_GODEX_API_KEY_runs_keyless_with_a_warning()
    {
        var config = Yaml.Load(ConfigTemplate.Text);

        Assert.Empty(config.Keys);
        Assert.Contains("$GODEX_API_KEY", Assert.Single(config.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Template_with_the_local_provider_uncommented_loads_and_skips_it_without_its_key()
    {
        var uncommented = ConfigTemplate.Text
            .Replace("  # local:", "  local:", StringComparison.Ordinal)
            .Replace("  #   ", "    ", StringComparison.Ordinal)
            .Replace("  # patterns:", "  patterns:", StringComparison.Ordinal)
            .Replace("  # aliases:", "  aliases:", StringComparison.Ordinal);

        var config = Yaml.Load(uncommented, ("GODEX_API_KEY", "sk-client"));

        Assert.Equal("$LOCAL_API_KEY is not set", config.Providers["local"].SkipReason);
        Assert.Equal("local/llama-3.3-70b", config.Routing.Aliases["fast"]);
        var error = Assert.Throws<GodexException>(() => Routers.For(config).Resolve("fast"));
        Assert.Equal(503, error.Error.Status);
    }

    [Fact]
    public void Embedded_defaults_route_mock_models_to_the_mock()
    {
        var route = Routers.For(EmbeddedDefaults.Config).Resolve("mock-tool-loop");

        Assert.IsType<MockProvider>(route.Provider);
        Assert.Equal("mock-tool-loop", route.UpstreamModel);
    }
}
