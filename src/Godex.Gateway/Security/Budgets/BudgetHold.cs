namespace Godex.Gateway.Security.Budgets;

/// <summary>
/// What one admitted request has reserved against its key's budget and its agent session's, settled
/// once when the answer ends: the reservation is released and what was spent charged, to both tallies
/// and (for the key) the ledger. Settling again does nothing, so a request is never charged twice.
/// </summary>
public sealed class BudgetHold(KeyBudgets ledger, string requestId, string keyId, long tokens, decimal usd)
{
    private int _settled;

    public BudgetTally? Key { get; init; }

    public BudgetTally? Session { get; init; }

    public void Settle(long spentTokens, decimal spentUsd)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1)
        {
            return;
        }

        Session?.Settle(tokens, usd, spentTokens, spentUsd);
        if (Key is { } key)
        {
            key.Settle(tokens, usd, spentTokens, spentUsd);
            ledger.Charge(new BudgetCharge(requestId, keyId, ledger.Time.GetUtcNow(), spentTokens, spentUsd));
        }
    }
}
