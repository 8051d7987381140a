using Godex.Gateway.Sessions;
using Godex.Gateway.Specs;
using Godex.Wire;

namespace Godex.Gateway.Compatibility;

/// <summary>
/// For an upstream that refuses requests without instructions (ChatGPT's Codex backend: 400
/// "Instructions are required"): a request that has none gets its session's last instructions, else
/// the provider's default. Recorded on the trace either way.
/// </summary>
public sealed class RequiredInstructions(InstructionsCache cache)
{
    public ChatRequest Apply(ChatRequest request, ProviderSpec spec, string? sessionKey, string? owner, List<string> degradations)
    {
        if (spec.DefaultInstructions is not { } fallback || request.Instructions is not null)
        {
            return request;
        }

        if (sessionKey is { } session && cache.Recall(owner, session) is { } remembered)
        {
            degradations.Add("instructions: the session's last instructions sent (the provider requires instructions)");
            return request with { Instructions = remembered };
        }

        degradations.Add("instructions: the provider's default sent (the provider requires instructions)");
        return request with { Instructions = fallback };
    }
}
