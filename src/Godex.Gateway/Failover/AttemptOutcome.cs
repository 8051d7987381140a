using Godex.Wire;

namespace Godex.Gateway.Failover;

/// <summary>What a failed attempt means for the ones after it.</summary>
public enum AttemptOutcome
{
    /// <summary>The request itself was refused (bad input, unknown model): every candidate would refuse it too.</summary>
    Stop,

    /// <summary>The upstream could not serve now (unreachable, timed out, overloaded: 5xx, 529, 429, 408, 409 busy): another endpoint may.</summary>
    TryNext,

    /// <summary>This provider's credentials failed (a login to renew, a key refused): another provider may serve, its other endpoints would not.</summary>
    SkipProvider,

    /// <summary>The request is too long for this model: final, except for the fallbacks kept for it (`on: context_window`).</summary>
    ContextWindow,
}

/// <summary>The table that classifies a failure before the answer started.</summary>
public static class AttemptOutcomes
{
    private static readonly string[] LoginCodes = ["provider.unavailable", "provider.login_expired", "provider.token_refresh_failed"];

    public static AttemptOutcome Classify(GodexError error) =>
        Array.IndexOf(LoginCodes, error.Code) >= 0 || error.Status is 401 or 403 ? AttemptOutcome.SkipProvider
        : error.Status >= 500 || error.Status is 429 or 408 or 409 ? AttemptOutcome.TryNext
        : ContextWindowErrors.Is(error) ? AttemptOutcome.ContextWindow
        : AttemptOutcome.Stop;
}
