using System.Globalization;

using Godex.Gateway.Security.Limits;
using Godex.Wire;

namespace Godex.Gateway.Security.Budgets;

/// <summary>
/// The answers of a budget: the refusal (429, or 402 with `limits.budget_status`) naming the budget,
/// its figures and its reset, and on an admitted request the headers saying what is left.
/// OpenAI's clients get `insufficient_quota`, the type they treat as "stop", not "retry".
/// </summary>
public static class BudgetRefusal
{
    public const string RemainingUsdHeader = "x-godex-budget-remaining-usd";
    public const string RemainingTokensHeader = "x-godex-quota-remaining-tokens";
    public const string ResetHeader = "x-godex-budget-reset";

    /// <summary>A requests-in-flight shortfall frees up when one of them ends: ask again after this.</summary>
    private static readonly TimeSpan HeldRetry = TimeSpan.FromSeconds(1);

    public static (GodexError Error, List<KeyValuePair<string, string>> Headers) ForKey(BudgetShortfall shortfall, BudgetRule rule, BudgetWindow window, int status, DateTimeOffset now)
    {
        var tokens = shortfall.Limit == BudgetLimit.Tokens;
        var which = tokens ? "key.token_quota" : "key.budget_usd";
        var size = tokens ? $"{rule.TokenQuota} tokens" : Usd(rule.BudgetUsd!.Value);
        var exhausted = shortfall.Exhausted(rule.TokenQuota, rule.BudgetUsd);
        var used = tokens ? $"{shortfall.SpentTokens} tokens used" : $"{Usd(shortfall.SpentUsd)} used";
        var reset = Reset(window);
        var message = exhausted
            ? $"This key's {(tokens ? "token quota" : "budget")} of {size} per {rule.Window} is spent ({used}, {which}); it resets at {reset}."
            : $"This key's {(tokens ? "token quota" : "budget")} of {size} per {rule.Window} has no room left: {used} and {Reserved(shortfall, tokens)} reserved by requests in flight ({which}); try again when one of them ends.";
        var wait = exhausted ? window.End - now : HeldRetry;
        var headers = new List<KeyValuePair<string, string>> { new(LimitHeaders.Which, which), new(ResetHeader, reset) };
        return (Error(status, tokens ? "limit.token_quota_exhausted" : "limit.budget_exhausted", message, wait, exhausted), headers);
    }

    public static (GodexError Error, List<KeyValuePair<string, string>> Headers) ForSession(BudgetShortfall shortfall, decimal budget, int status)
    {
        const string Which = "limits.session_budget_usd";
        var exhausted = shortfall.Exhausted(null, budget);
        var message = exhausted
            ? $"This agent session's budget of {Usd(budget)} is spent ({Usd(shortfall.SpentUsd)} used, {Which}); start a new session to go on."
            : $"This agent session's budget of {Usd(budget)} has no room left: {Usd(shortfall.SpentUsd)} used and {Reserved(shortfall, tokens: false)} reserved by requests in flight ({Which}); try again when one of them ends.";
        var error = Error(status, "limit.session_budget_exhausted", message, exhausted ? null : HeldRetry, exhausted);
        return (error, [new(LimitHeaders.Which, "session.budget_usd")]);
    }

    /// <summary>What an admitted request's key has left after its reservation.</summary>
    public static void AddRemaining(List<KeyValuePair<string, string>> headers, BudgetRule rule, BudgetWindow window, BudgetTally tally)
    {
        var (spentTokens, reservedTokens, spentUsd, reservedUsd) = tally.Snapshot();
        if (rule.BudgetUsd is { } budget)
        {
            headers.Add(new(RemainingUsdHeader, Math.Max(0, budget - spentUsd - reservedUsd).ToString("0.########", CultureInfo.InvariantCulture)));
        }

        if (rule.TokenQuota is { } quota)
        {
            headers.Add(new(RemainingTokensHeader, Math.Max(0, quota - spentTokens - reservedTokens).ToString(CultureInfo.InvariantCulture)));
        }

        headers.Add(new(ResetHeader, Reset(window)));
    }

    private static GodexError Error(int status, string code, string message, TimeSpan? wait, bool exhausted) => new(status, code, message)
    {
        UpstreamType = "insufficient_quota",
        UpstreamCode = "insufficient_quota",
        RetryAfter = wait is { } w ? LimitHeaders.RetryAfter(w) : null,
        QuotaExhausted = exhausted,
    };

    private static string Reserved(BudgetShortfall shortfall, bool tokens) =>
        tokens ? $"{shortfall.ReservedTokens} tokens" : Usd(shortfall.ReservedUsd);

    /// <summary>When a window resets, to the second, in UTC.</summary>
    private static string Reset(BudgetWindow window) => window.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Usd(decimal amount) => "$" + amount.ToString("0.00##", CultureInfo.InvariantCulture);
}
