using Godex.Gateway.Configuration;
using Godex.Gateway.Routing;
using Godex.Gateway.Security;
using Godex.Gateway.Security.Limits;
using Godex.Gateway.TokenCounting;
using Godex.Wire;

namespace Godex.Gateway.Pipeline;

/// <summary>
/// The admit step: counts the request against its key's limits (its own, else `limits.per_key`) and
/// its model's (`limits.models`), or refuses it with a 429 naming the limit. Tokens per minute are
/// reserved (input estimate plus the output allowance) and settled to the reported usage by
/// <see cref="Finish"/>, which the middleware calls once the answer has ended. Token-count requests
/// are not charged. Runs after the plan is made and never sees the attempts.
/// </summary>
/// <remarks>`limits:` is read from the config the server started with: like `keys`, it waits for a restart.</remarks>
public sealed class AdmitRequest(GodexConfig startup, RateLimits limits, TokenEstimator estimator) : IRequestStep
{
    /// <summary>What a request that sets no output limit reserves for its answer until its usage is known.</summary>
    public const int DefaultOutputReserve = 1024;

    public ValueTask RunAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        var config = startup.Limits;
        var key = KeyRates(context, config.PerKey);
        if ((key is null && config.Models.Count == 0) || context.CountingTokens)
        {
            return ValueTask.CompletedTask; // nothing limits this caller: no work, no allocation
        }

        var model = ModelRule(context, config.Models);
        if (key is null && model is null)
        {
            return ValueTask.CompletedTask;
        }

        long input = 0, tokens = 0;
        if (key?.Tpm is not null || model?.Limits.Tpm is not null)
        {
            var request = context.Request!;
            input = estimator.Count(request);
            tokens = input + (request.MaxOutputTokens ?? DefaultOutputReserve);
        }

        var result = limits.Admit(context.CallerKeyId!, key, model, tokens, input);
        context.LimitHeaders = result.Headers;
        if (result.Refused is { } refused)
        {
            throw new GodexException(refused);
        }

        context.Admission = result.Admitted;
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The answer has ended (finished, failed, or the client left): tokens become the provider's
    /// reported usage; without one, the input estimate plus the output seen (nothing if none was);
    /// leases are returned. Idempotent.
    /// </summary>
    public static void Finish(GatewayContext context)
    {
        if (context.Admission is not { } admission)
        {
            return;
        }

        var spent = context.Usage is { } usage ? usage.TotalTokens
            : context.OutputCharacters > 0 ? admission.EstimatedInputTokens + ((context.OutputCharacters + 3) / 4)
            : 0;
        admission.Settle(spent);
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
