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

        var firsts = Enumerable.Range(0, 300).Select(_ => pool.Order(PoolStrategy.Weighted)[0].Id).ToList();

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
            var order = pool.Order(strategy).Select(member => member.Id).Order(StringComparer.Ordinal);
            Assert.Equal(["a", "b", "c"], order);
        }
    }

    [Fact]
    public void Round_robin_takes_turns()
    {
        var pool = Pool((1, "a"), (1, "b"), (1, "c"));

        var firsts = Enumerable.Range(0, 6).Select(_ => pool.Order(PoolStrategy.RoundRobin)[0].Id);

        Assert.Equal(["a", "b", "c", "a", "b", "c"], firsts);
    }

    [Fact]
    public void Least_busy_puts_the_member_with_fewest_requests_in_flight_first()
    {
        var pool = Pool((1, "a"), (1, "b"));
        pool.Members[0].Enter();
        pool.Members[0].Enter();

        Assert.Equal("b", pool.Order(PoolStrategy.LeastBusy)[0].Id);
        Assert.Equal("b", pool.Order(PoolStrategy.LeastBusy)[0].Id);
    }

    [Fact]
    public void Latency_prefers_the_faster_member()
    {
        var pool = Pool((1, "a"), (1, "b"));
        pool.Members[0].ObserveLatency(TimeSpan.FromMilliseconds(400));
        pool.Members[1].ObserveLatency(TimeSpan.FromMilliseconds(40));

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal("b", pool.Order(PoolStrategy.Latency)[0].Id));
    }

    [Fact]
    public void A_member_told_to_retry_after_60_s_is_left_out_until_then()
    {
        var pool = Pool((1, "a"), (1, "b"));
        pool.Members[0].Health.ReportFailure(new GodexError(429, "provider.rate_limited", "slow down") { RetryAfter = "60" }, AttemptOutcome.TryNext);

        Assert.Equal(["b"], pool.Order(PoolStrategy.Weighted).Select(member => member.Id));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(["b"], pool.Order(PoolStrategy.Weighted).Select(member => member.Id));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, pool.Order(PoolStrategy.Weighted).Count);
    }

    [Fact]
    public void Failures_in_a_row_cool_a_member_longer_each_time_and_a_success_ends_it()
    {
        var health = new MemberHealth(_clock);
        var error = ScriptedProvider.Error(503);

        health.ReportFailure(error, AttemptOutcome.TryNext);
        var first = health.CoolingUntil!.Value - _clock.GetUtcNow();
        health.ReportFailure(error, AttemptOutcome.TryNext);
        var second = health.CoolingUntil!.Value - _clock.GetUtcNow();
        health.ReportSuccess();

        Assert.Equal(TimeSpan.FromSeconds(1), first);
        Assert.Equal(TimeSpan.FromSeconds(2), second);
        Assert.Null(health.CoolingUntil);
        Assert.Equal(0, health.ConsecutiveFailures);
    }

    [Fact]
    public void When_every_member_is_cooling_down_all_are_tried_the_longest_failed_first()
    {
        var pool = Pool((1, "a"), (1, "b"));
        pool.Members[1].Health.ReportFailure(ScriptedProvider.Error(500), AttemptOutcome.TryNext);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        pool.Members[0].Health.ReportFailure(ScriptedProvider.Error(500), AttemptOutcome.TryNext);

        var order = pool.Order(PoolStrategy.Weighted);

        Assert.True(pool.Panicking);
        Assert.Equal(["b", "a"], order.Select(member => member.Id));
    }

    [Theory]
    [InlineData("120", 120)]
    [InlineData("1.5", 1.5)]
    public void Retry_after_reads_seconds(string value, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), MemberHealth.RetryAfter(value, DateTimeOffset.UnixEpoch));

    [Fact]
    public void Retry_after_reads_an_http_date()
    {
        var now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMinutes(5), MemberHealth.RetryAfter("Thu, 03 Dec 2026 12:05:00 GMT", now));
    }

    private ProviderPool Pool(params (int Weight, string Id)[] members) =>
        new("pool", [.. members.Select(member => new PoolMember(ScriptedProvider.Answering(member.Id, "hi"), member.Id, member.Weight, _clock))]);
}
