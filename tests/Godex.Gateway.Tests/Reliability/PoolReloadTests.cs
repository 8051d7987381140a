using Godex.Gateway.Failover;
using Godex.Gateway.Reliability;
using Godex.Gateway.Tests.Configuration;
using Godex.Gateway.Tests.Routing;
using Godex.Wire;

namespace Godex.Gateway.Tests.Reliability;

/// <summary>A config reload rebuilds the pools: a member it leaves as it was keeps its health, a changed one starts afresh.</summary>
public sealed class PoolReloadTests
{
    private static string Config(string secondKey) => $$"""
        providers:
          keys3:
            type: openai
            base_url: http://127.0.0.1:9/v1
            pool:
              - { api_key: sk-one }
              - { api_key: {{secondKey}} }
        """;

    [Fact]
    public void A_member_the_reload_keeps_stays_cooling_down_and_a_member_whose_key_changed_is_ready()
    {
        var before = Pools(Config("sk-two"));
        foreach (var member in before.Find("keys3")!.Members)
        {
            member.Health.ReportFailure(new GodexError(429, "rate_limited", "slow down") { RetryAfter = "600" }, AttemptOutcome.TryNext);
        }

        var reloaded = Yaml.Load(Config("sk-two-fixed"));
        var after = new ProviderPools(Routers.Registry(reloaded), reloaded, TimeProvider.System, before).Find("keys3")!;

        Assert.Equal(MemberState.CoolingDown, after.Members[0].Health.Snapshot().State);
        Assert.Equal(MemberState.Healthy, after.Members[1].Health.Snapshot().State);
        Assert.NotSame(before.Find("keys3")!.Members[0].Provider, after.Members[0].Provider);
    }

    [Fact]
    public void The_operators_disable_survives_a_reload_by_member_id_even_when_the_key_changed_and_routing_passes_it_by()
    {
        var before = Pools(Config("sk-two"));
        Assert.True(before.Find("keys3")!.Members[1].SetDisabled(true, DateTimeOffset.UnixEpoch.AddDays(1)));
        Assert.False(before.Find("keys3")!.Members[1].SetDisabled(true, DateTimeOffset.UnixEpoch.AddDays(2)));

        var reloaded = Yaml.Load(Config("sk-two-fixed"));
        var after = new ProviderPools(Routers.Registry(reloaded), reloaded, TimeProvider.System, before).Find("keys3")!;

        Assert.False(after.Members[0].Disabled);
        Assert.True(after.Members[1].Disabled);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1), after.Members[1].DisabledAt);
        Assert.All(Enumerable.Range(0, 4), _ => Assert.Equal(["keys3#1"], after.Order(global::Godex.Gateway.Configuration.PoolStrategy.RoundRobin).Members.Select(member => member.Id)));

        after.Members[0].SetDisabled(true, DateTimeOffset.UnixEpoch);
        Assert.Empty(after.Order(global::Godex.Gateway.Configuration.PoolStrategy.RoundRobin).Members); // not even panic mode tries a disabled member
        Assert.False(after.Panicking);
    }

    private static ProviderPools Pools(string yaml)
    {
        var config = Yaml.Load(yaml);
        return new(Routers.Registry(config), config, TimeProvider.System);
    }
}
