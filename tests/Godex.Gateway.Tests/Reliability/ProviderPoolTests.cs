using Godex.Gateway.Configuration;
using Godex.Gateway.Failover;
using Godex.Gateway.Reliability;
using Godex.Gateway.Tests.Infrastructure;
using Godex.Gateway.Tests.Pipeline;
using Godex.Wire;

namespace Godex.Gateway.Tests.Reliability;

public sealed class ProviderPoolTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void Weighted_members_1_to_2_share_300_requests_within_ten_percent()
    {
        var pool = Pool((1, "a"), (2, "b"));

        var firsts = Enumerable.Range(0, 300).Select(_ => pool.Order(PoolStrategy.Weighted).Members[0].Id).ToList();

        Assert.InRange(firsts.Count(id => id == "a"), 90, 110);
        Assert.InRange(firsts.Count(id => id == "b"), 190, 210);
        Assert.Equal(["b", "a", "b", "b", "a", "b"], firsts.Take(6)); // smooth: the heavy member never runs in a burst
    }

    [Fact]
    public void Every_order_holds_every_ready_member_once()
    {
        var pool = Pool((1, "a"), (1, "b"), (1, "c"));

        foreach (var strategy in Enum.GetValues<PoolStrategy>())
        {
            var order = pool.Order(strategy).Members.Select(member => member.Id).Order(StringComparer.Ordinal);
            Assert.Equal(["a", "b", "c"], order);
        }
    }

    [Fact]
    public void Round_robin_takes_turns()
    {
        var pool = Pool((1, "a"), (1, "b"), (1, "c"));

        var firsts = Enumerable.Range(0, 6).Select(_ => pool.Order(PoolStrategy.RoundRobin).Members[0].Id);

        Assert.Equal(["a", "b", "c", "a", "b", "c"], firsts);
    }

    [Fact]
    public void Least_busy_puts_the_member_with_fewest_requests_in_flight_first()
    {
        var pool = Pool((1, "a"), (1, "b"));
        pool.Members[0].Enter();
        pool.Members[0].Enter();

        Assert.Equal("b", pool.Order(PoolStrategy.LeastBusy).Members[0].Id);
        Assert.Equal("b", pool.Order(PoolStrategy.LeastBusy).Members[0].Id);
    }

    [Fact]
    public void Latency_prefers_the_faster_member()
    {
        var pool = Pool((1, "a"), (1, "b"));
        pool.Members[0].ObserveLatency(TimeSpan.FromMilliseconds(400));
        pool.Members[1].ObserveLatency(TimeSpan.FromMilliseconds(40));

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal("b", pool.Order(PoolStrategy.Latency).Members[0].Id));
    }

    [Fact]
    public void A_member_told_to_retry_after_60_s_is_left_out_until_then()
    {
        var pool = Pool((1, "a"), (1, "b"));
        pool.Members[0].Health.ReportFailure(new GodexError(429, "provider.rate_limited", "slow down") { RetryAfter = "60" }, AttemptOutcome.TryNext);

        Assert.Equal(["b"], pool.Order(PoolStrategy.Weighted).Members.Select(member => member.Id));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(["b"], pool.Order(PoolStrategy.Weighted).Members.Select(member => member.Id));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, pool.Order(PoolStrategy.Weighted).Members.Count);
    }

    [Fact]
    public void When_every_member_is_cooling_down_all_are_tried_the_longest_failed_first()
    {
        var pool = Pool((1, "a"), (1, "b"));
        pool.Members[1].Health.ReportFailure(ScriptedProvider.Error(500), AttemptOutcome.TryNext);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        pool.Members[0].Health.ReportFailure(ScriptedProvider.Error(500), AttemptOutcome.TryNext);

        var order = pool.Order(PoolStrategy.Weighted);

        Assert.True(order.Panicking);
        Assert.Equal(["b", "a"], order.Members.Select(member => member.Id));
    }

    [Fact]
    public void A_member_whose_cooldown_ended_goes_first_as_one_requests_probe_and_the_others_pass_it_by()
    {
        var pool = Pool((1, "a"), (1, "b"));
        pool.Members[0].Health.ReportFailure(ScriptedProvider.Error(500), AttemptOutcome.TryNext);
        _clock.Advance(TimeSpan.FromSeconds(2));

        var orders = Enumerable.Range(0, 4).Select(_ => string.Join(",", pool.Order(PoolStrategy.RoundRobin).Members.Select(member => member.Id))).ToList();

        Assert.Equal(["a,b", "b", "b", "b"], orders);
    }

    [Fact]
    public void In_panic_mode_members_parked_for_quota_come_last()
    {
        var pool = Pool((1, "a"), (1, "b"));
        pool.Members[0].Health.ReportFailure(new GodexError(429, "provider.http_error", "usage limit") { RetryAfter = "3600", QuotaExhausted = true }, AttemptOutcome.TryNext);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        pool.Members[1].Health.ReportFailure(ScriptedProvider.Error(500), AttemptOutcome.TryNext);

        var order = pool.Order(PoolStrategy.Weighted);

        Assert.True(order.Panicking);
        Assert.Equal(["b", "a"], order.Members.Select(member => member.Id));
    }

    [Fact]
    public void A_provider_without_a_pool_is_a_pool_of_one_that_says_when_its_member_is_out()
    {
        var pool = Pool((1, "solo"));

        var healthy = pool.Order(PoolStrategy.Weighted);
        pool.Members[0].Health.ReportFailure(ScriptedProvider.Error(503), AttemptOutcome.TryNext);
        var cooling = pool.Order(PoolStrategy.Weighted);

        Assert.False(healthy.Panicking);
        Assert.True(cooling.Panicking);
        Assert.Same(pool.Members, cooling.Members); // still tried when nothing else is, and nothing allocated
    }

    private ProviderPool Pool(params (int Weight, string Id)[] members) =>
        new("pool", [.. members.Select(member => new PoolMember(ScriptedProvider.Answering(member.Id, "hi"), member.Id, member.Weight, _clock, new HealthConfig()))]);
}
