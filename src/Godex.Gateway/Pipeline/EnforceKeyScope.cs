using Godex.Gateway.Security.Keys;
using Godex.Wire;

namespace Godex.Gateway.Pipeline;

/// <summary>
/// Right after routing: a key limited to some models or providers keeps only the candidates it may
/// use (fallbacks included); with none left the request is refused with 403 `auth.model_not_allowed`.
/// A model is allowed when the requested name, the upstream model or `provider/model` matches a glob.
/// </summary>
public sealed class EnforceKeyScope : IRequestStep
{
    public ValueTask RunAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        var limits = context.Limits;
        if ((limits.Models.Count == 0 && limits.Providers.Count == 0) || context.Plan is not { } plan)
        {
            return ValueTask.CompletedTask;
        }

        var requestedAllowed = KeyManager.Allows(limits.Models, plan.RequestedModel);
        var allowed = plan.Candidates.Where(route =>
            KeyManager.Allows(limits.Providers, route.Provider.Name)
            && (requestedAllowed || KeyManager.Allows(limits.Models, route.UpstreamModel) || KeyManager.Allows(limits.Models, $"{route.Provider.Name}/{route.UpstreamModel}"))).ToList();
        if (allowed.Count == 0)
        {
            throw new GodexException(new GodexError(403, "auth.model_not_allowed", $"API key {context.CallerKeyId} may not use model '{plan.RequestedModel}'."));
        }

        if (allowed.Count != plan.Candidates.Count)
        {
            context.Plan = plan with { Candidates = allowed };
        }

        return ValueTask.CompletedTask;
    }
}
