namespace Godex.Gateway.Security.Budgets;

/// <summary>
/// What one budget has spent and what requests in flight have reserved against it, in tokens and US
/// dollars. A request is let in while there is room once the reservations are counted, so concurrent
/// requests cannot together overrun the budget: at most the last one admitted can take it past, by
/// what it spends beyond its room. Thread-safe: callers hold no lock.
/// </summary>
public sealed class BudgetTally
{
    private readonly Lock _lock = new();
    private long _spentTokens;
    private decimal _spentUsd;
    private long _reservedTokens;
    private decimal _reservedUsd;

    /// <summary>Spent and reserved, read together.</summary>
    public (long SpentTokens, long ReservedTokens, decimal SpentUsd, decimal ReservedUsd) Snapshot()
    {
        lock (_lock)
        {
            return (_spentTokens, _reservedTokens, _spentUsd, _reservedUsd);
        }
    }

    /// <summary>Reserves the amounts if both limits still have room, else says which has none.</summary>
    public BudgetShortfall? TryReserve(long? tokenQuota, decimal? budgetUsd, long tokens, decimal usd)
    {
        lock (_lock)
        {
            if (tokenQuota is { } quota && _spentTokens + _reservedTokens >= quota)
            {
                return new BudgetShortfall(BudgetLimit.Tokens, _spentTokens, _reservedTokens, _spentUsd, _reservedUsd);
            }

            if (budgetUsd is { } budget && _spentUsd + _reservedUsd >= budget)
            {
                return new BudgetShortfall(BudgetLimit.Usd, _spentTokens, _reservedTokens, _spentUsd, _reservedUsd);
            }

            _reservedTokens += tokens;
            _reservedUsd += usd;
            return null;
        }
    }

    /// <summary>A reservation ends: it is released and what the request spent is charged.</summary>
    public void Settle(long reservedTokens, decimal reservedUsd, long spentTokens, decimal spentUsd)
    {
        lock (_lock)
        {
            _reservedTokens -= reservedTokens;
            _reservedUsd -= reservedUsd;
            _spentTokens += spentTokens;
            _spentUsd += spentUsd;
        }
    }

    /// <summary>Spending counts from zero (a new window, or a usage reset); reservations in flight stay.</summary>
    public void Restart(long spentTokens, decimal spentUsd)
    {
        lock (_lock)
        {
            _spentTokens = spentTokens;
            _spentUsd = spentUsd;
        }
    }
}

public enum BudgetLimit
{
    Tokens,
    Usd,
}

/// <summary>Which limit had no room, and the figures when it was checked.</summary>
public sealed record BudgetShortfall(BudgetLimit Limit, long SpentTokens, long ReservedTokens, decimal SpentUsd, decimal ReservedUsd)
{
    /// <summary>Spent alone has reached the limit: only a new window (or a reset) makes room, not requests ending.</summary>
    public bool Exhausted(long? tokenQuota, decimal? budgetUsd) => Limit == BudgetLimit.Tokens
        ? SpentTokens >= tokenQuota
        : SpentUsd >= budgetUsd;
}
