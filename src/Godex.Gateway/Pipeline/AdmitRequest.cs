using Godex.Gateway.Configuration;
using Godex.Gateway.Routing;
using Godex.Gateway.Security;
using Godex.Gateway.Security.Budgets;
using Godex.Gateway.Security.Limits;
using Godex.Gateway.Telemetry;
using Godex.Gateway.Telemetry.Prices;
using Godex.Gateway.TokenCounting;
using Godex.Wire;

namespace Godex.Gateway.Pipeline;

/// <summary>
/// The admit step: counts the request against its key's limits (its own, else `limits.per_key`), its
/// model's (`limits.models`), its key's budget and its agent session's (`limits.session_budget_usd`), or
/// refuses it with a 429 (a budget: 429 or 402) naming the limit. Tokens per minute and budgets are
/// reserved (input estimate plus the output allowance, priced as the first candidate's model) and
/// settled to what the request used by <see cref="Finish"/>, which the middleware calls once the answer
/// has ended. Token-count requests are not charged. Runs after the plan is made and never sees the attempts.
/// </summary>
/// <remarks>`limits:` is read from the config the server started with: like `keys`, it waits for a restart.</remarks>
public sealed class AdmitRequest(GodexConfig startup, RateLimits limits, KeyBudgets budgets, SessionBudgets sessions, PriceCatalogue prices, TokenEstimator estimator) : IRequestStep
{
    /// <summary>What a request that sets no output limit reserves for its answer until its usage is known.</summary>
    public const int DefaultOutputReserve = 1024;

    public ValueTask RunAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        var config = startup.Limits;
        if (context.CountingTokens)
        {
            return ValueTask.CompletedTask;
        }

        var key = KeyRates(context, config.PerKey);
        var model = config.Models.Count == 0 ? null : ModelRule(context, config.Models);
        var budget = context.CallerKeyId is null || context.StateOwner is null ? null : context.Limits.Budget ?? config.PerKeyBudget;
        var sessionBudget = context.AgentSessionId is null ? null : config.SessionBudgetUsd;
        if (key is null && model is null && budget is null && sessionBudget is null)
        {
            return ValueTask.CompletedTask; // nothing limits this caller: no work, no allocation
        }

        return AdmitAsync(context, key, model, budget, sessionBudget, cancellationToken);
    }

    private async ValueTask AdmitAsync(GatewayContext context, RateLimitConfig? key, ModelLimitConfig? model, BudgetRule? budget, decimal? sessionBudget, CancellationToken cancellationToken)
    {
        long input = 0, tokens = 0;
        decimal usd = 0;
        var request = context.Request!;
        if (key?.Tpm is not null || model?.Limits.Tpm is not null || budget is not null || sessionBudget is not null)
        {
            input = estimator.Count(request);
            var output = request.MaxOutputTokens ?? DefaultOutputReserve;
            tokens = input + output;
            if ((budget?.BudgetUsd is not null || sessionBudget is not null) && context.Plan?.First is { } first
                && prices.Find(first.Provider.Name, first.UpstreamModel) is { } price)
            {
                usd = PriceCatalogue.Cost(price, new Usage { InputTokens = input, OutputTokens = output });
            }
        }

        List<KeyValuePair<string, string>>? budgetHeaders = null;
        if (budget is not null || sessionBudget is not null)
        {
            budgetHeaders = await ReserveBudgetAsync(context, budget, sessionBudget, tokens, usd, cancellationToken);
        }

        if (key is null && model is null)
        {
            context.LimitHeaders = budgetHeaders;
            return;
        }

        var result = limits.Admit(context.CallerKeyId!, key, model, tokens);
        context.LimitHeaders = budgetHeaders is null ? result.Headers : [.. result.Headers, .. budgetHeaders];
        if (result.Refused is { } refused)
        {
            context.BudgetHold?.Settle(0, 0);
            throw new GodexException(refused);
        }

        context.Admission = result.Admitted;
    }

    /// <summary>Reserves against the key's budget and the session's, all or nothing; the headers say what the key has left.</summary>
    private async ValueTask<List<KeyValuePair<string, string>>> ReserveBudgetAsync(GatewayContext context, BudgetRule? budget, decimal? sessionBudget, long tokens, decimal usd, CancellationToken cancellationToken)
    {
        var status = startup.Limits.BudgetStatus;
        var headers = new List<KeyValuePair<string, string>>(3);
        BudgetTally? keyTally = null;
        if (budget is not null)
        {
            var (tally, window) = await budgets.TallyAsync(context.CallerKeyId!, budget, cancellationToken);
            if (tally.TryReserve(budget.TokenQuota, budget.BudgetUsd, tokens, usd) is { } shortfall)
            {
                var (error, refusal) = BudgetRefusal.ForKey(shortfall, budget, window, status, budgets.Time.GetUtcNow());
                context.LimitHeaders = refusal;
                throw new GodexException(error);
            }

            keyTally = tally;
            BudgetRefusal.AddRemaining(headers, budget, window, tally);
        }

        BudgetTally? sessionTally = null;
        if (sessionBudget is { } perSession)
        {
            sessionTally = sessions.For(context.StateOwner, context.AgentSessionId!);
            if (sessionTally.TryReserve(null, perSession, tokens, usd) is { } shortfall)
            {
                keyTally?.Settle(tokens, usd, 0, 0);
                var (error, refusal) = BudgetRefusal.ForSession(shortfall, perSession, status);
                context.LimitHeaders = refusal;
                throw new GodexException(error);
            }
        }

        context.BudgetHold = new BudgetHold(budgets, context.RequestId, context.CallerKeyId ?? "", tokens, usd) { Key = keyTally, Session = sessionTally };
        return headers;
    }

    /// <summary>
    /// The answer has ended (finished, failed, or the client left): limits and budgets are charged what
    /// the provider billed (<see cref="RequestCharge.Billed"/>), reservations released, leases returned. Idempotent.
    /// </summary>
    public static void Finish(GatewayContext context, RequestCharge charge)
    {
        context.Admission?.Settle(charge.BilledTokens);
        context.BudgetHold?.Settle(charge.BilledTokens, charge.BilledUsd);
    }

    /// <summary>A key's limits, each its own or else the default; null for a caller without a key (loopback, any-key mode) or with no limit.</summary>
    private static RateLimitConfig? KeyRates(GatewayContext context, RateLimitConfig defaults)
    {
        if (context.StateOwner is null || context.CallerKeyId is null)
        {
            return null;
        }

        var own = context.Limits;
        if (own.RequestsPerMinute is null && own.TokensPerMinute is null && own.MaxConcurrentRequests is null)
        {
            return defaults.IsEmpty ? null : defaults;
        }

        return new RateLimitConfig
        {
            Rpm = own.RequestsPerMinute ?? defaults.Rpm,
            Tpm = own.TokensPerMinute ?? defaults.Tpm,
            MaxConcurrent = own.MaxConcurrentRequests ?? defaults.MaxConcurrent,
        };
    }

    /// <summary>The first `limits.models` pattern matching the requested model, else the routed one (`provider/model` or the upstream name).</summary>
    private static ModelLimitConfig? ModelRule(GatewayContext context, IReadOnlyList<ModelLimitConfig> rules)
    {
        if (rules.Count == 0)
        {
            return null;
        }

        var requested = context.RequestedModel ?? "";
        foreach (var rule in rules)
        {
            if (ModelPattern.Matches(rule.Pattern, requested))
            {
                return rule;
            }
        }

        if (context.Plan?.First is not { } routed)
        {
            return null;
        }

        var qualified = routed.Provider.Name + "/" + routed.UpstreamModel;
        foreach (var rule in rules)
        {
            if (ModelPattern.Matches(rule.Pattern, routed.UpstreamModel) || ModelPattern.Matches(rule.Pattern, qualified))
            {
                return rule;
            }
        }

        return null;
    }
}
