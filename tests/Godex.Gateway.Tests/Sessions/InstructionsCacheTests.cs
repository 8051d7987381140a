using Godex.Gateway.Configuration;
using Godex.Gateway.Sessions;

namespace Godex.Gateway.Tests.Sessions;

public sealed class InstructionsCacheTests
{
    [Fact]
    public void Instructions_are_recalled_per_session_until_the_ttl_passes_without_use()
    {
        var time = new ManualTime();
        var cache = new InstructionsCache(new ServeOptions { CacheTtl = TimeSpan.FromHours(6) }, time);
        cache.Remember("user:a", "Be brief.");

        time.Advance(TimeSpan.FromHours(5));
        Assert.Equal("Be brief.", cache.Recall("user:a"));
        Assert.Null(cache.Recall("user:b"));

        time.Advance(TimeSpan.FromHours(5)); // five hours after the last use: still fresh
        Assert.Equal("Be brief.", cache.Recall("user:a"));

        time.Advance(TimeSpan.FromHours(7));
        cache.Sweep();
        Assert.Equal(0, cache.Count);
        Assert.Null(cache.Recall("user:a"));
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
