using Microsoft.Extensions.Caching.Memory;

namespace Godex.Gateway.Security.Budgets;

/// <summary>
/// What each agent session has spent (`limits.session_budget_usd`), in memory: a session is one
/// caller's Codex, Claude Code or OpenClaw conversation (<see cref="AgentSessionIds"/>). Sessions idle
/// for a day are forgotten, and at most <see cref="MaxSessions"/> are kept (the least recent go first).
/// </summary>
public sealed class SessionBudgets : IDisposable
{
    public const int MaxSessions = 100_000;
    public static readonly TimeSpan Idle = TimeSpan.FromDays(1);

    private readonly MemoryCache _sessions = new(new MemoryCacheOptions { SizeLimit = MaxSessions, CompactionPercentage = 0.1 });

    /// <summary>The tally of a caller's session, started when first seen.</summary>
    public BudgetTally For(string? owner, string sessionId) =>
        _sessions.GetOrCreate((owner ?? "") + "\n" + sessionId, static entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = Idle;
            return new BudgetTally();
        })!;

    public void Dispose() => _sessions.Dispose();
}
