namespace Godex.Gateway.Security.Budgets;

/// <summary>
/// The windows quotas and budgets are counted in, fixed rather than sliding so that a reset time can
/// be named: `1h` and `1d` are UTC clock hours and days, `month` the UTC calendar month, and `30d`
/// runs in 30-day periods from the key's creation.
/// </summary>
public readonly record struct BudgetWindow(DateTimeOffset Start, DateTimeOffset End)
{
    private static readonly TimeSpan ThirtyDays = TimeSpan.FromDays(30);

    public static BudgetWindow At(string window, DateTimeOffset anchor, DateTimeOffset now)
    {
        now = now.ToUniversalTime();
        switch (window)
        {
            case "1h":
                var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
                return new(hour, hour.AddHours(1));
            case "1d":
                var day = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero);
                return new(day, day.AddDays(1));
            case "month":
                var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
                return new(month, month.AddMonths(1));
            case "30d":
                var periods = now < anchor ? 0 : (now - anchor).Ticks / ThirtyDays.Ticks;
                var start = anchor + (ThirtyDays * periods);
                return new(start, start + ThirtyDays);
            default:
                throw new ArgumentOutOfRangeException(nameof(window), window, "not a budget window");
        }
    }

    public bool Contains(DateTimeOffset time) => time >= Start && time < End;
}
