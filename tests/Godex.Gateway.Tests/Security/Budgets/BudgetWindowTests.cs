using Godex.Gateway.Security.Budgets;

namespace Godex.Gateway.Tests.Security.Budgets;

public sealed class BudgetWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 15, 42, 7, TimeSpan.Zero);
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1h", "2026-12-04T15:00:00Z", "2026-12-04T16:00:00Z")]
    [InlineData("1d", "2026-12-04T00:00:00Z", "2026-12-05T00:00:00Z")]
    [InlineData("month", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("30d", "2026-12-01T09:30:00Z", "2026-12-31T09:30:00Z")]
    public void Each_window_is_fixed_and_names_its_reset(string window, string start, string end)
    {
        var at = BudgetWindow.At(window, Created, Now);

        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), at.Start);
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), at.End);
        Assert.True(at.Contains(Now));
    }

    [Fact]
    public void A_local_time_is_counted_in_utc()
    {
        var local = new DateTimeOffset(2026, 12, 4, 23, 30, 0, TimeSpan.FromHours(-5)); // 04:30 UTC on the 5th

        Assert.Equal(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), BudgetWindow.At("1d", Created, local).Start);
    }

    [Fact]
    public void Concurrent_reservations_never_overrun_a_tally_by_more_than_the_last_admitted()
    {
        var tally = new BudgetTally();
        var admitted = 0;
        Parallel.For(0, 1000, _ =>
        {
            if (tally.TryReserve(null, 10m, 0, 0.25m) is null)
            {
                Interlocked.Increment(ref admitted);
            }
        });

        Assert.Equal(40, admitted); // $10 of room, $0.25 reserved each: exactly 40 in flight at once
        tally.Settle(0, 0.25m, 0, 0.3m);
        var (_, _, spent, reserved) = tally.Snapshot();
        Assert.Equal(0.3m, spent);
        Assert.Equal(9.75m, reserved);
    }
}
