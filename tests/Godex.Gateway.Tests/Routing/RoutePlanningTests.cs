using Godex.Gateway.Failover;
using Godex.Gateway.Routing;
using Godex.Gateway.Tests.Configuration;
using Godex.Wire;

namespace Godex.Gateway.Tests.Routing;

/// <summary>Plans with pools, pooled aliases, fallbacks and retries, from a real config and registry.</summary>
public sealed class RoutePlanningTests
{
    private const string Example = """
        providers:
          gem-a: { type: openai, base_url: "http://127.0.0.1:9001/v1" }
          gem-b: { type: openai, base_url: "http://127.0.0.1:9002/v1" }
          ds: { type: openai, base_url: "http://127.0.0.1:9003/v1" }
          keys3:
            type: openai
            base_url: http://127.0.0.1:9004/v1
            pool:
              - { api_key: k1 }
              - { api_key: k2, weight: 2 }
              - { api_key: k3, base_url: "http://127.0.0.1:9005/v1" }
        routing:
          default: ds
          aliases:
            flash: [ gem-a/gemini-2.5-flash, gem-b/gemini-2.5-flash ]
          fallbacks:
            flash: [ ds/deepseek-chat ]
            "gem-a/*": [ gem-b ]
        """;

    [Fact]
    public void A_pooled_alias_plans_each_target_then_its_fallback()
    {
        var plan = Routers.For(Yaml.Load(Example)).Plan("flash", providerOverride: null);

        Assert.Equal(["ds/deepseek-chat"], plan.Candidates.Skip(2).Select(Qualified));
        Assert.Equal(["gem-a/gemini-2.5-flash", "gem-b/gemini-2.5-flash"], plan.Candidates.Take(2).Select(Qualified).Order(StringComparer.Ordinal));
        Assert.Equal(RouteReason.Fallback, plan.Candidates[2].Reason);
    }

    [Fact]
    public void A_glob_fallback_naming_only_a_provider_keeps_the_model()
    {
        var plan = Routers.For(Yaml.Load(Example)).Plan("gem-a/gemini-2.5-pro", providerOverride: null);

        Assert.Equal(["gem-a/gemini-2.5-pro", "gem-b/gemini-2.5-pro"], plan.Candidates.Select(Qualified));
    }

    [Fact]
    public void A_pool_expands_into_its_members_each_with_its_own_provider()
    {
        var plan = Routers.For(Yaml.Load(Example)).Plan("keys3/some-model", providerOverride: null);

        Assert.Equal(["keys3#1", "keys3#2", "keys3#3"], plan.Candidates.Select(route => route.Member!.Id).Order(StringComparer.Ordinal));
        Assert.Equal(3, plan.Candidates.Select(route => route.Provider).Distinct().Count());
        Assert.All(plan.Candidates, route => Assert.Equal("keys3", route.Provider.Name));
    }

    [Fact]
    public void Max_attempts_cycles_a_choices_members()
    {
        var config = Yaml.Load(Example + "\n  retries: { max_attempts: 3 }");

        var plan = Routers.For(config).Plan("ds/deepseek-chat", providerOverride: null);

        Assert.Equal(["ds/deepseek-chat", "ds/deepseek-chat", "ds/deepseek-chat"], plan.Candidates.Select(Qualified));
    }

    [Fact]
    public void Without_pools_or_fallbacks_a_plan_is_the_one_route_with_the_providers_one_member()
    {
        var plan = Routers.For(Yaml.Load(Example)).Plan("deepseek-chat", providerOverride: null);

        Assert.Equal(["ds/deepseek-chat"], plan.Candidates.Select(Qualified));
        Assert.Equal("ds", plan.Candidates[0].Member!.Id);
    }

    [Fact]
    public void A_provider_without_a_pool_that_is_cooling_down_goes_after_its_fallbacks_not_out_of_the_plan()
    {
        var router = Routers.For(Yaml.Load(Example));
        var first = router.Plan("gem-a/gemini-2.5-pro", providerOverride: null);
        first.Candidates[0].Member!.Health.ReportFailure(new GodexError(503, "provider.http_error", "down") { RetryAfter = "60" }, AttemptOutcome.TryNext);

        var plan = router.Plan("gem-a/gemini-2.5-pro", providerOverride: null);

        Assert.Equal(["gem-b/gemini-2.5-pro", "gem-a/gemini-2.5-pro"], plan.Candidates.Select(Qualified));
    }

    [Fact]
    public void A_pooled_alias_tries_its_cooling_targets_last()
    {
        var router = Routers.For(Yaml.Load(Example));
        var gemA = router.Plan("gem-a/x", providerOverride: null).Candidates[0].Member!;
        gemA.Health.ReportFailure(new GodexError(503, "provider.http_error", "down") { RetryAfter = "60" }, AttemptOutcome.TryNext);

        var firsts = Enumerable.Range(0, 4).Select(_ => Qualified(router.Plan("flash", providerOverride: null).Candidates[0]));

        Assert.All(firsts, first => Assert.Equal("gem-b/gemini-2.5-flash", first));
    }

    [Fact]
    public void Context_window_targets_come_last_marked_as_such_and_plain_entries_stay_as_they_were()
    {
        var config = Yaml.Load(Example.Replace(
            """    flash: [ ds/deepseek-chat ]""",
            """
                flash: [ ds/deepseek-chat ]
                "ds/deepseek-chat": [ { to: gem-a/gemini-2.5-pro, on: context_window }, gem-b/deepseek-chat ]
            """.TrimEnd(), StringComparison.Ordinal));

        var plan = Routers.For(config).Plan("ds/deepseek-chat", providerOverride: null);

        Assert.Equal(["ds/deepseek-chat", "gem-b/deepseek-chat", "gem-a/gemini-2.5-pro"], plan.Candidates.Select(Qualified));
        Assert.Equal([RouteReason.ExplicitProvider, RouteReason.Fallback, RouteReason.ContextWindowFallback], plan.Candidates.Select(route => route.Reason));
    }

    private static string Qualified(Route route) => $"{route.Provider.Name}/{route.UpstreamModel}";
}
