using Godex.Gateway.Routing;
using Godex.Wire;

namespace Godex.Gateway.Pipeline;

/// <summary>Routes the requested model (or the default one) to its candidates: <see cref="GatewayContext.Plan"/>.</summary>
public sealed class ResolvePlan(LiveRouting live) : IRequestStep
{
    public ValueTask RunAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        var gateway = live.Current;
        var requested = context.Request!.Model;
        var model = requested.Length > 0 ? requested : gateway.Options.DefaultModel;
        if (string.IsNullOrEmpty(model))
        {
            throw new GodexException(GodexError.BadRequest("'model' is required (or start Godex with --model to set a default).", "model"));
        }

        context.RequestedModel = model;
        context.Plan = gateway.Router.Plan(model, context.ProviderOverride);
        return ValueTask.CompletedTask;
    }
}
