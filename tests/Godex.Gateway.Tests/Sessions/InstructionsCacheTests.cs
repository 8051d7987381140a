using Godex.Gateway.Configuration;
using Godex.Gateway.Sessions;
using Godex.Gateway.Tests.Infrastructure;

namespace Godex.Gateway.Tests.Sessions;

public sealed class InstructionsCacheTests
{
    private const string Key = "key:a";
    private readonly ManualClock _time = new();

    /// <summary>A cache whose bounds hold exactly <paramref name="total"/> and <paramref name="perKey"/> entries of <see cref="Text"/>.</summary>
    private InstructionsCache Cache(int total, int perKey) => new(new ServeOptions
    {
        CacheTtl = TimeSpan.FromHours(6),
        Config = new GodexConfig { Sessions = new SessionsConfig { InstructionsCacheBytes = total * EntryCost, InstructionsCacheBytesPerKey = perKey * EntryCost } },
    }, _time);

    private static readonly string Text = new('x', 1000);
    private static readonly long EntryCost = InstructionsCache.Cost("user:000", Text);

    private static string User(int i) => $"user:{i:000}";

    [Fact]
    public void Instructions_are_recalled_per_session_until_the_ttl_passes_without_use()
    {
        var cache = Cache(10, 10);
        cache.Remember(Key, "user:a", "Be brief.");

        _time.Advance(TimeSpan.FromHours(5));
        Assert.Equal("Be brief.", cache.Recall(Key, "user:a"));
        Assert.Null(cache.Recall(Key, "user:b"));

        _time.Advance(TimeSpan.FromHours(5)); // five hours after the last use: still fresh
        Assert.Equal("Be brief.", cache.Recall(Key, "user:a"));

        _time.Advance(TimeSpan.FromHours(7));
        cache.Sweep();
        Assert.Equal((0, 0L, 1L), (cache.Count, cache.Bytes, cache.Expired));
        Assert.Null(cache.Recall(Key, "user:a"));
    }

    [Fact]
    public void An_expired_entry_is_not_recalled_even_before_the_sweep()
    {
        var cache = Cache(10, 10);
        cache.Remember(Key, "user:a", "Be brief.");
        _time.Advance(TimeSpan.FromHours(6));

        Assert.Null(cache.Recall(Key, "user:a"));
        Assert.Equal((0, 1L), (cache.Count, cache.Expired));
    }

    [Fact]
    public void The_sweep_drops_only_the_entries_unused_for_the_ttl()
    {
        var cache = Cache(10, 10);
        cache.Remember(Key, User(0), Text);
        _time.Advance(TimeSpan.FromHours(2));
        cache.Remember(Key, User(1), Text);
        _time.Advance(TimeSpan.FromHours(2));
        cache.Remember(Key, User(2), Text);
        Assert.Equal(Text, cache.Recall(Key, User(0))); // used again: now the newest

        _time.Advance(TimeSpan.FromHours(4.5)); // user 1 last used 6.5 h ago, user 2 4.5 h ago
        cache.Sweep();

        Assert.Equal(2, cache.Count);
        Assert.Null(cache.Recall(Key, User(1)));
        Assert.Equal(Text, cache.Recall(Key, User(0)));
        Assert.Equal(Text, cache.Recall(Key, User(2)));
    }

    [Fact]
    public void The_total_bound_drops_the_least_recently_used_session_of_any_key()
    {
        var cache = Cache(total: 3, perKey: 3);
        cache.Remember("key:a", User(0), Text);
        cache.Remember("key:b", User(1), Text);
        cache.Remember("key:c", User(2), Text);
        Assert.Equal(Text, cache.Recall("key:a", User(0))); // key:b's session is now the least recently used

        cache.Remember("key:a", User(3), Text);

        Assert.Equal((3, 3 * EntryCost, 1L), (cache.Count, cache.Bytes, cache.EvictedForCapacity));
        Assert.Null(cache.Recall("key:b", User(1)));
        Assert.Equal(Text, cache.Recall("key:a", User(0)));
        Assert.Equal(Text, cache.Recall("key:c", User(2)));
        Assert.Equal(Text, cache.Recall("key:a", User(3)));
    }

    [Fact]
    public void One_key_flooding_sessions_pushes_out_only_its_own()
    {
        var cache = Cache(total: 10, perKey: 4);
        cache.Remember("key:quiet", User(0), Text);
        for (var i = 1; i <= 100; i++)
        {
            cache.Remember("key:loud", User(i), Text);
        }

        Assert.Equal(Text, cache.Recall("key:quiet", User(0)));
        Assert.Equal(5, cache.Count);
        Assert.Equal(5 * EntryCost, cache.Bytes);
        Assert.Equal((96L, 0L), (cache.EvictedForKeyCapacity, cache.EvictedForCapacity));
        Assert.Equal(Text, cache.Recall("key:loud", User(100)));
        Assert.Equal(Text, cache.Recall("key:loud", User(97)));
        Assert.Null(cache.Recall("key:loud", User(96)));
    }

    [Fact]
    public void Callers_not_told_apart_are_bounded_by_the_total_alone()
    {
        var cache = Cache(total: 6, perKey: 2);
        for (var i = 0; i < 20; i++)
        {
            cache.Remember(null, User(i), Text);
        }

        Assert.Equal((6, 14L, 0L), (cache.Count, cache.EvictedForCapacity, cache.EvictedForKeyCapacity));
        Assert.Equal(Text, cache.Recall(null, User(14)));
        Assert.Null(cache.Recall(null, User(13)));
    }

    [Fact]
    public void A_session_belongs_to_its_key()
    {
        var cache = Cache(10, 10);
        cache.Remember("key:a", "user:bob", "A's prompt");
        cache.Remember("key:b", "user:bob", "B's prompt");

        Assert.Equal("A's prompt", cache.Recall("key:a", "user:bob"));
        Assert.Equal("B's prompt", cache.Recall("key:b", "user:bob"));
        Assert.Null(cache.Recall(null, "user:bob"));
    }

    [Fact]
    public void New_instructions_replace_the_old_and_their_bytes()
    {
        var cache = Cache(10, 10);
        cache.Remember(Key, User(0), Text);
        cache.Remember(Key, User(0), Text + Text);

        Assert.Equal(Text + Text, cache.Recall(Key, User(0)));
        Assert.Equal((1, InstructionsCache.Cost(User(0), Text + Text)), (cache.Count, cache.Bytes));
    }

    [Fact]
    public void Instructions_too_large_for_a_bound_are_not_kept_and_the_stale_ones_go()
    {
        var cache = Cache(total: 10, perKey: 2);
        cache.Remember(Key, User(0), Text);
        var huge = new string('y', 3 * Text.Length);

        cache.Remember(Key, User(0), huge);

        Assert.Null(cache.Recall(Key, User(0)));
        Assert.Equal((0, 0L, 1L), (cache.Count, cache.Bytes, cache.TooLarge));
        cache.Remember(null, User(0), huge); // the total is the only bound for callers not told apart
        Assert.Equal(huge, cache.Recall(null, User(0)));
    }

    [Fact]
    public void The_same_instructions_again_keep_the_copy_already_held_and_refresh_recency()
    {
        var cache = Cache(total: 2, perKey: 2);
        cache.Remember(Key, User(0), Text);
        cache.Remember(Key, User(1), Text);
        cache.Remember(Key, User(0), new string(Text.AsSpan())); // an equal string, another instance

        cache.Remember(Key, User(2), Text);

        Assert.Same(Text, cache.Recall(Key, User(0)));
        Assert.Null(cache.Recall(Key, User(1)));
    }

    [Fact]
    public void Concurrent_use_keeps_the_bounds_and_the_byte_count_exact()
    {
        var cache = Cache(total: 50, perKey: 20);
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var key = $"key:{i % 5}";
            var session = User(i % 97);
            if (i % 3 == 0)
            {
                _ = cache.Recall(key, session);
            }
            else
            {
                cache.Remember(key, session, Text);
            }

            Assert.True(cache.Bytes <= 50 * EntryCost);
        });

        // Every entry has the same cost, so the bytes held are exactly the entries times that cost.
        Assert.Equal(cache.Count * EntryCost, cache.Bytes);
        Assert.InRange(cache.Count, 1, 50);
        var held = 0;
        for (var key = 0; key < 5; key++)
        {
            var ofKey = 0;
            for (var session = 0; session < 97; session++)
            {
                ofKey += cache.Recall($"key:{key}", User(session)) is null ? 0 : 1;
            }

            Assert.InRange(ofKey, 0, 20);
            held += ofKey;
        }

        Assert.Equal(cache.Count, held);
    }
}
