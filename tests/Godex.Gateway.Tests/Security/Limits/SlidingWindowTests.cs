using Godex.Gateway.Security.Limits;

namespace Godex.Gateway.Tests.Security.Limits;

public sealed class SlidingWindowTests
{
    private static readonly long Start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    private static long At(double seconds) => Start + TimeSpan.FromSeconds(seconds).Ticks;

    [Fact]
    public void Takes_up_to_the_limit_then_refuses_until_the_minute_has_passed()
    {
        var window = new SlidingWindow(3);

        Assert.True(window.TryTake(1, At(0), out _));
        Assert.True(window.TryTake(1, At(10), out _));
        Assert.True(window.TryTake(1, At(20), out _));
        Assert.False(window.TryTake(1, At(30), out _));
        Assert.Equal(TimeSpan.FromSeconds(35), window.WaitFor(1, At(30)));
        Assert.False(window.TryTake(1, At(64.9), out _));
        Assert.True(window.TryTake(1, At(65), out _)); // the first request's segment ended a minute ago
        Assert.False(window.TryTake(1, At(65), out _));
    }

    [Fact]
    public void No_trailing_minute_ever_holds_more_than_the_limit()
    {
        var window = new SlidingWindow(10);
        var taken = new List<double>();
        for (var second = 0.0; second < 300; second += 0.7)
        {
            if (window.TryTake(1, At(second), out _))
            {
                taken.Add(second);
            }
        }

        foreach (var time in taken)
        {
            Assert.True(taken.Count(other => other >= time - 60 && other <= time) <= 10, $"more than 10 in the minute ending at {time}s");
        }

        Assert.True(taken.Count >= 45, $"only {taken.Count} taken in 5 minutes"); // the limit is used, not starved
    }

    [Fact]
    public void A_settled_reservation_gives_back_what_was_not_spent()
    {
        var window = new SlidingWindow(1000);
        Assert.True(window.TryTake(800, At(0), out var charge));
        Assert.False(window.TryTake(300, At(1), out _));

        window.Settle(charge, 150, At(2));

        Assert.Equal(850, window.Remaining(At(2)));
        Assert.True(window.TryTake(300, At(2), out _));
    }

    [Fact]
    public void Spending_more_than_reserved_is_charged_even_past_the_limit()
    {
        var window = new SlidingWindow(100);
        Assert.True(window.TryTake(50, At(0), out var charge));

        window.Settle(charge, 170, At(1));

        Assert.Equal(0, window.Remaining(At(1)));
        Assert.False(window.TryTake(1, At(30), out _));
        Assert.True(window.TryTake(1, At(65), out _));
    }

    [Fact]
    public void Settling_after_the_reservation_left_the_window_charges_only_the_excess_now()
    {
        var window = new SlidingWindow(100);
        Assert.True(window.TryTake(40, At(0), out var charge));

        window.Settle(charge, 70, At(90));

        Assert.Equal(70, window.Remaining(At(90)));
    }

    [Fact]
    public void Reset_is_when_the_newest_charge_leaves_and_wait_is_when_enough_has_left()
    {
        var window = new SlidingWindow(100);
        Assert.True(window.TryTake(60, At(0), out _));
        Assert.True(window.TryTake(40, At(20), out _));

        Assert.Equal(TimeSpan.FromSeconds(55), window.ResetsIn(At(30)));
        Assert.Equal(TimeSpan.FromSeconds(35), window.WaitFor(50, At(30)));
        Assert.Equal(TimeSpan.FromSeconds(55), window.WaitFor(70, At(30)));
        Assert.Equal(TimeSpan.FromSeconds(5), window.ResetsIn(At(80)));
        Assert.Equal(TimeSpan.Zero, window.ResetsIn(At(85)));
    }

    [Fact]
    public void A_reservation_larger_than_the_limit_is_capped_so_it_can_pass_an_empty_window()
    {
        var window = new SlidingWindow(100);

        Assert.True(window.TryTake(5000, At(0), out var charge));
        Assert.Equal(100, charge.Amount);
        Assert.False(window.TryTake(1, At(1), out _));
    }
}
