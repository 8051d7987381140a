using Godex.Gateway.Configuration;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Routing;
using Godex.Gateway.Tests.Configuration;
using Godex.Gateway.Tests.Routing;
using Godex.Wire;

namespace Godex.Gateway.Tests.Pipeline;

public sealed class ResolvePlanTests
{
    private static readonly GodexConfig Config = Yaml.Load("""
        providers:
          mock:
            type: mock
          spare:
            type: mock
        routing:
          default: mock
        """);

    [Fact]
    public async Task The_requested_model_is_routed_to_its_candidates()
    {
        var context = await ResolveAsync("mock-tool-call", new ServeOptions { DefaultModel = "mock" });

        Assert.Equal("mock-tool-call", context.RequestedModel);
        Assert.Equal("mock-tool-call", context.Plan!.RequestedModel);
        var route = Assert.Single(context.Plan.Candidates);
        Assert.Equal(("mock", "mock-tool-call", RouteReason.ModelList), (route.Provider.Name, route.UpstreamModel, route.Reason));
    }

    [Fact]
    public async Task A_request_without_a_model_is_routed_with_the_default_model()
    {
        var context = await ResolveAsync("", new ServeOptions { DefaultModel = "mock-tool-loop" });

        Assert.Equal("mock-tool-loop", context.RequestedModel);
        Assert.Equal("mock-tool-loop", context.Plan!.First.UpstreamModel);
    }

    [Fact]
    public async Task A_request_without_a_model_and_no_default_is_refused_as_a_bad_request()
    {
        var context = Context("");

        var thrown = await Assert.ThrowsAsync<GodexException>(() => new ResolvePlan(Routers.Live(Config)).RunAsync(context, CancellationToken.None).AsTask());

        Assert.Equal(400, thrown.Error.Status);
        Assert.Equal("bridge.invalid_request", thrown.Error.Code);
        Assert.Equal("model", thrown.Error.Param);
        Assert.Null(context.Plan);
    }

    [Fact]
    public async Task A_provider_the_client_picked_is_used_as_an_explicit_route()
    {
        var context = await ResolveAsync("mock", new ServeOptions(), providerOverride: "spare");

        var route = Assert.Single(context.Plan!.Candidates);
        Assert.Equal(("spare", "mock", RouteReason.ExplicitProvider), (route.Provider.Name, route.UpstreamModel, route.Reason));
    }

    [Fact]
    public async Task A_provider_the_client_picked_that_is_not_configured_is_not_found()
    {
        var thrown = await Assert.ThrowsAsync<GodexException>(() => ResolveAsync("mock", new ServeOptions(), providerOverride: "nowhere"));

        Assert.Equal((404, "routing.provider_not_found"), (thrown.Error.Status, thrown.Error.Code));
    }

    private static async Task<GatewayContext> ResolveAsync(string model, ServeOptions options, string? providerOverride = null)
    {
        var context = Context(model);
        context.ProviderOverride = providerOverride;
        await new ResolvePlan(Routers.Live(Config, options)).RunAsync(context, CancellationToken.None);
        return context;
    }

    private static GatewayContext Context(string model) => new("req", "openai-chat", 0) { Request = Attempts.Request() with { Model = model } };
}
