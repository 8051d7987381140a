namespace Godex.Gateway.Security.Budgets;

/// <summary>
/// A key's token quota and money budget per window (either or both). Usage counts from the start of
/// the current window, or from <see cref="CountsFrom"/> when the key's usage was reset within it.
/// </summary>
public sealed record BudgetRule
{
    public long? TokenQuota { get; init; }

    public decimal? BudgetUsd { get; init; }

    /// <summary>`1h`, `1d`, `30d` or `month` (<see cref="BudgetWindow"/>).</summary>
    public string Window { get; init; } = "30d";

    /// <summary>Where `30d` windows are counted from: the key's creation.</summary>
    public DateTimeOffset Anchor { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>`godex usage reset`: nothing before this counts.</summary>
    public DateTimeOffset? CountsFrom { get; init; }

    /// <summary>The window <paramref name="now"/> is in, and where its counting starts (its start, or a reset within it).</summary>
    public (BudgetWindow Window, DateTimeOffset From) CountingAt(DateTimeOffset now)
    {
        var window = BudgetWindow.At(Window, Anchor, now);
        return (window, CountsFrom is { } reset && reset > window.Start ? reset : window.Start);
    }
}
