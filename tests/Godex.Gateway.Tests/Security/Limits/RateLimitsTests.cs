using Godex.Gateway.Configuration;
using Godex.Gateway.Security.Limits;

namespace Godex.Gateway.Tests.Security.Limits;

public sealed class RateLimitsTests
{
    private readonly Clock _clock = new();

    [Fact]
    public void Exactly_the_limit_passes_under_concurrency()
    {
        var limits = new RateLimits(_clock);
        var key = new RateLimitConfig { Rpm = 100 };
        var admitted = 0;

        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (limits.Admit("key-0", key, null, 0).Admitted is not null)
            {
                Interlocked.Increment(ref admitted);
            }
        });

        Assert.Equal(100, admitted);
    }

    [Fact]
    public void A_refusal_names_the_limit_and_when_to_retry()
    {
        var limits = new RateLimits(_clock);
        var key = new RateLimitConfig { Rpm = 1 };
        Assert.NotNull(limits.Admit("key-0", key, null, 0).Admitted);
        _clock.Advance(TimeSpan.FromSeconds(15));

        var refused = limits.Admit("key-0", key, null, 0);

        Assert.Null(refused.Admitted);
        Assert.Equal(429, refused.Refused!.Status);
        Assert.Equal("limit.requests_per_minute", refused.Refused.Code);
        Assert.Equal("50", refused.Refused.RetryAfter);
        Assert.Contains(new KeyValuePair<string, string>("x-godex-limit", "key.rpm"), refused.Headers);
        Assert.Contains(new KeyValuePair<string, string>("x-ratelimit-remaining-requests", "0"), refused.Headers);
        Assert.Contains(new KeyValuePair<string, string>("x-ratelimit-reset-requests", "50s"), refused.Headers);
    }

    [Fact]
    public void Concurrency_is_returned_once_however_often_settled()
    {
        var limits = new RateLimits(_clock);
        var key = new RateLimitConfig { MaxConcurrent = 2 };
        var first = limits.Admit("key-0", key, null, 0).Admitted!;
        var second = limits.Admit("key-0", key, null, 0).Admitted!;
        Assert.Equal("limit.concurrent_requests", limits.Admit("key-0", key, null, 0).Refused?.Code);

        first.Settle(0);
        first.Settle(0);

        Assert.NotNull(limits.Admit("key-0", key, null, 0).Admitted);
        Assert.Equal("limit.concurrent_requests", limits.Admit("key-0", key, null, 0).Refused?.Code);
        second.Settle(0);
    }

    [Fact]
    public void A_model_refusal_gives_back_what_the_key_took()
    {
        var limits = new RateLimits(_clock);
        var key = new RateLimitConfig { Rpm = 2, Tpm = 1000, MaxConcurrent = 1 };
        var model = new ModelLimitConfig("gpt-*", new RateLimitConfig { Rpm = 1 });
        var admitted = limits.Admit("key-0", key, model, 100).Admitted!;
        admitted.Settle(100);

        var refused = limits.Admit("key-0", key, model, 100);

        Assert.Equal("model.rpm", refused.Headers.Single(header => header.Key == "x-godex-limit").Value);
        var other = limits.Admit("key-0", key, null, 100); // the key's second request, its concurrency and tokens were not kept by the refusal
        Assert.NotNull(other.Admitted);
        Assert.Contains(new KeyValuePair<string, string>("x-ratelimit-remaining-requests", "0"), other.Headers);
        Assert.Contains(new KeyValuePair<string, string>("x-ratelimit-remaining-tokens", "800"), other.Headers);
    }

    [Fact]
    public void Idle_partitions_are_dropped_after_a_minute()
    {
        var limits = new RateLimits(_clock);
        for (var i = 0; i < 500; i++)
        {
            limits.Admit($"key-{i}", new RateLimitConfig { Rpm = 10 }, null, 0).Admitted!.Settle(0);
        }

        Assert.Equal(500, limits.PartitionCount);
        _clock.Advance(TimeSpan.FromMinutes(2));
        limits.Admit("key-new", new RateLimitConfig { Rpm = 10 }, null, 0);

        Assert.Equal(1, limits.PartitionCount);
    }

    [Fact]
    public void A_partition_still_counting_is_kept_and_changed_limits_count_afresh()
    {
        var limits = new RateLimits(_clock);
        var held = limits.Admit("key-0", new RateLimitConfig { MaxConcurrent = 1 }, null, 0).Admitted!;
        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.NotNull(limits.Admit("key-1", new RateLimitConfig { Rpm = 1 }, null, 0).Admitted);
        Assert.Equal(2, limits.PartitionCount);
        Assert.NotNull(limits.Admit("key-0", new RateLimitConfig { MaxConcurrent = 2 }, null, 0).Admitted);
        held.Settle(0);
    }

    private sealed class Clock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
