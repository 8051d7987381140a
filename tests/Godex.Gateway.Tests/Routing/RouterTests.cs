using Godex.Gateway.Providers;
using Godex.Gateway.Routing;
using Godex.Gateway.Tests.Configuration;
using Godex.Wire;

namespace Godex.Gateway.Tests.Routing;

public sealed class RouterTests
{
    private const string Example = """
        providers:
          mock:
            type: mock
          local:
            type: openai
            base_url: http://127.0.0.1:8000/v1
            models: [ llama-3.3-70b, shared-model ]
          cloud:
            type: openai
            base_url: https://api.example.com/v1
            api_key: ${CLOUD_API_KEY}
            models: [ cloud-special ]
        routing:
          default: local
          patterns:
            cloud: [ "gpt-", "o*-mini" ]
          aliases:
            fast: local/llama-3.3-70b
            smart: cloud/gpt-5
        """;

    private static readonly Router Router = Routers.For(Yaml.Load(Example, ("CLOUD_API_KEY", "sk-cloud")));

    private static readonly Router RouterWithoutCloudKey = Routers.For(Yaml.Load(Example));

    [Theory]
    [InlineData("local/qwen3-coder", "local", "qwen3-coder", RouteReason.ExplicitProvider)]
    [InlineData("cloud/llama-3.3-70b", "cloud", "llama-3.3-70b", RouteReason.ExplicitProvider)]
    [InlineData("local/org/model", "local", "org/model", RouteReason.ExplicitProvider)]
    [InlineData("fast", "local", "llama-3.3-70b", RouteReason.Alias)]
    [InlineData("smart", "cloud", "gpt-5", RouteReason.Alias)]
    [InlineData("llama-3.3-70b", "local", "llama-3.3-70b", RouteReason.ModelList)]
    [InlineData("cloud-special", "cloud", "cloud-special", RouteReason.ModelList)]
    [InlineData("mock-tool-call", "mock", "mock-tool-call", RouteReason.ModelList)]
    [InlineData("gpt-4.1", "cloud", "gpt-4.1", RouteReason.Pattern)]
    [InlineData("o4-mini", "cloud", "o4-mini", RouteReason.Pattern)]
    [InlineData("qwen3-coder", "local", "qwen3-coder", RouteReason.Default)]
    [InlineData("o4-mini-high", "local", "o4-mini-high", RouteReason.Default)]
    public void Resolves_by_the_first_rule_that_matches(string model, string provider, string upstreamModel, RouteReason reason)
    {
        var route = Router.Resolve(model);

        Assert.Equal(provider, route.Provider.Name);
        Assert.Equal(upstreamModel, route.UpstreamModel);
        Assert.Equal(reason, route.Reason);
    }

    [Fact]
    public void Slash_model_whose_prefix_is_not_a_provider_falls_through_to_the_default()
    {
        var route = Router.Resolve("meta-llama/Llama-3.3-70B-Instruct");

        Assert.Equal("local", route.Provider.Name);
        Assert.Equal("meta-llama/Llama-3.3-70B-Instruct", route.UpstreamModel);
        Assert.Equal(RouteReason.Default, route.Reason);
    }

    [Fact]
    public void Only_provider_is_the_default_without_routing_default()
    {
        var router = Routers.For(Yaml.Load("providers:\n  local:\n    type: openai\n    base_url: http://127.0.0.1:8000/v1"));

        var route = router.Resolve("anything");

        Assert.Equal("local", route.Provider.Name);
        Assert.Equal(RouteReason.Default, route.Reason);
    }

    [Fact]
    public void Unknown_model_with_only_the_mock_is_404_pointing_at_the_models_list()
    {
        var router = Routers.For(Yaml.Load("providers:\n  mock:\n    type: mock\nrouting:\n  default: mock"));

        var error = Assert.Throws<GodexException>(() => router.Resolve("gpt-5")).Error;

        Assert.Equal(404, error.Status);
        Assert.Equal("routing.model_not_found", error.Code);
        Assert.Equal("model", error.Param);
        Assert.Contains("'gpt-5'", error.Message, StringComparison.Ordinal);
        Assert.Contains("GET /v1/models", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_default_and_no_match_is_404()
    {
        var router = Routers.For(Yaml.Load("providers:\n  a:\n    type: mock\n  b:\n    type: mock"));

        Assert.Equal(404, Assert.Throws<GodexException>(() => router.Resolve("gpt-5")).Error.Status);
    }

    [Theory]
    [InlineData("cloud/gpt-5")]
    [InlineData("smart")]
    [InlineData("gpt-4.1")]
    [InlineData("cloud-special")]
    public void Skipped_provider_is_503_naming_the_reason(string model)
    {
        var error = Assert.Throws<GodexException>(() => RouterWithoutCloudKey.Resolve(model)).Error;

        Assert.Equal(503, error.Status);
        Assert.Equal("provider.skipped", error.Code);
        Assert.Contains("'cloud'", error.Message, StringComparison.Ordinal);
        Assert.Contains("$CLOUD_API_KEY is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skipped_default_provider_is_503()
    {
        var router = Routers.For(Yaml.Load(Example.Replace("default: local", "default: cloud", StringComparison.Ordinal)));

        Assert.Equal("provider.skipped", Assert.Throws<GodexException>(() => router.Resolve("qwen3")).Error.Code);
    }

    [Fact]
    public void Model_listed_by_a_usable_provider_still_routes_when_another_is_skipped()
    {
        var route = RouterWithoutCloudKey.Resolve("llama-3.3-70b");

        Assert.Equal("local", route.Provider.Name);
    }

    [Fact]
    public void Registry_keeps_skipped_providers_apart_with_their_reason()
    {
        var registry = Routers.Registry(Yaml.Load(Example));

        Assert.Equal(["mock", "local"], registry.All.Select(provider => provider.Name));
        var skipped = Assert.Single(registry.Skipped);
        Assert.Equal(new SkippedProvider("cloud", "openai", "$CLOUD_API_KEY is not set"), skipped);
        Assert.Null(registry.Find("cloud"));
    }
}
