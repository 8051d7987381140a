using Godex.Gateway.Routing;
using Godex.Gateway.Tests.Pipeline;

namespace Godex.Gateway.Tests.Routing;

public sealed class RoutePlanTests
{
    private static readonly Route A1 = new(new ScriptedProvider("a"), "m1", RouteReason.ModelList);
    private static readonly Route B = new(new ScriptedProvider("b"), "m", RouteReason.ModelList);
    private static readonly Route A2 = new(A1.Provider, "m2", RouteReason.ModelList);

    [Fact]
    public void Keeping_one_provider_drops_every_other_providers_candidates_and_keeps_the_order()
    {
        var plan = new RoutePlan("m", [A1, B, A2]);

        var kept = plan.KeepOnly("a");

        Assert.Equal([A1, A2], kept.Candidates);
        Assert.Equal("m", kept.RequestedModel);
        Assert.Same(A1, kept.First);
        Assert.Equal(3, plan.Candidates.Count);
    }

    [Fact]
    public void Keeping_a_provider_the_plan_does_not_have_leaves_the_plan_as_it_is()
    {
        var plan = new RoutePlan("m", [A1, B]);

        Assert.Same(plan, plan.KeepOnly("elsewhere"));
    }

    [Fact]
    public void Keeping_the_only_provider_leaves_the_plan_as_it_is()
    {
        var plan = new RoutePlan("m", [A1, A2]);

        Assert.Same(plan, plan.KeepOnly("a"));
    }
}
