using System.Collections.Concurrent;

namespace Godex.Gateway.Security.Budgets;

/// <summary>
/// The keys' budgets as this process counts them: each key's tally for its current window, loaded
/// from the ledger once (the first request of a window, or after the key's usage was reset) and then
/// kept in memory, so admission costs a lock rather than a query. Charges go back to the ledger
/// through <see cref="BudgetQueue"/>.
/// </summary>
public sealed class KeyBudgets(SqlBudgetStore store, BudgetQueue queue, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);

    public TimeProvider Time => time;

    /// <summary>The key's tally for the window <paramref name="rule"/> is in now, loading it if this window is new to the process.</summary>
    public async ValueTask<(BudgetTally Tally, BudgetWindow Window)> TallyAsync(string keyId, BudgetRule rule, CancellationToken cancellationToken)
    {
        var account = _accounts.GetOrAdd(keyId, static _ => new Account());
        var (window, from) = rule.CountingAt(time.GetUtcNow());
        if (account.CountsFrom != from)
        {
            await account.Gate.WaitAsync(cancellationToken);
            try
            {
                if (account.CountsFrom != from)
                {
                    var (tokens, usd) = await store.SpentAsync(keyId, from, cancellationToken);
                    account.Tally.Restart(tokens, usd);
                    account.CountsFrom = from;
                }
            }
            finally
            {
                account.Gate.Release();
            }
        }

        return (account.Tally, window);
    }

    /// <summary>Puts a request's spending on the ledger (nothing when it spent nothing).</summary>
    public void Charge(BudgetCharge charge)
    {
        if (charge.Tokens > 0 || charge.CostUsd > 0)
        {
            queue.Add(charge);
        }
    }

    private sealed class Account
    {
        public BudgetTally Tally { get; } = new();

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>What the tally counts from; read without the gate, so it is written last.</summary>
        public DateTimeOffset? CountsFrom
        {
            get => _countsFrom == 0 ? null : new DateTimeOffset(Volatile.Read(ref _countsFrom), TimeSpan.Zero);
            set => Volatile.Write(ref _countsFrom, value?.UtcTicks ?? 0);
        }

        private long _countsFrom;
    }
}
