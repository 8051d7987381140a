using Godex.Gateway.Compatibility;
using Godex.Gateway.Configuration;
using Godex.Gateway.Routing;
using Godex.Gateway.TokenCounting;
using Godex.Wire;

namespace Godex.Gateway.Pipeline;

/// <summary>
/// The steps between a front door and a provider: resolve the route, then invoke the provider.
/// (Authentication runs before the front door reads the body; sessions, compatibility planning,
/// admission and recording slot in here as they arrive.)
/// </summary>
public sealed class ChatPipeline(Router router, ServeOptions options, TokenEstimator estimator, RequiredInstructions instructions)
{
    public async Task<ChatResponse> CompleteAsync(GatewayContext context, ChatRequest request, CancellationToken cancellationToken)
    {
        var routed = Resolve(context, request);
        context.UpstreamStartTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var response = await context.Route!.Provider.CompleteAsync(routed, cancellationToken);
            UpstreamObserver.Note(context, response);
            return response;
        }
        finally
        {
            context.UpstreamEndTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }

    public IAsyncEnumerable<StreamEvent> StreamAsync(GatewayContext context, ChatRequest request, CancellationToken cancellationToken)
    {
        var routed = Resolve(context, request);
        context.Stream = true;
        return UpstreamObserver.ObserveAsync(context, context.Route!.Provider.StreamAsync(routed, cancellationToken), cancellationToken);
    }

    /// <summary>Input tokens for a request: the provider's own count where it has one, else a local estimate (flagged).</summary>
    public async Task<TokenCount> CountTokensAsync(GatewayContext context, ChatRequest request, CancellationToken cancellationToken)
    {
        var routed = Resolve(context, request);
        var counted = await context.Route!.Provider.CountTokensAsync(routed, cancellationToken);
        return counted is { } tokens ? new TokenCount(tokens, Estimated: false) : new TokenCount(estimator.Count(routed), Estimated: true);
    }

    /// <summary>
    /// The route for a model, resolved once per request: a front door that must know the provider before
    /// its request is final (the Responses sessions) asks first, and the provider call reuses the answer.
    /// </summary>
    public Route RouteFor(GatewayContext context, string requestedModel)
    {
        var model = requestedModel.Length > 0 ? requestedModel : options.DefaultModel;
        if (string.IsNullOrEmpty(model))
        {
            throw new GodexException(GodexError.BadRequest("'model' is required (or start Godex with --model to set a default).", "model"));
        }

        if (context.Route is { } known && context.RequestedModel == model)
        {
            return known;
        }

        context.RequestedModel = model;
        context.Route = context.ProviderOverride is { } provider ? router.ResolveOn(provider, model) : router.Resolve(model);
        return context.Route;
    }

    private ChatRequest Resolve(GatewayContext context, ChatRequest request)
    {
        var route = RouteFor(context, request.Model);
        var routed = CompatibilityPlanner.Plan(request with { Model = route.UpstreamModel, ProviderKey = context.ProviderKey }, route.Provider.Spec, route.Provider.Name, context.ClientProtocol, context.Degradations);
        routed = instructions.Apply(routed, route.Provider.Spec, context);
        if (request.ResponseFormat is { Kind: ResponseFormatKind.JsonSchema, Schema: { } schema } && routed.ResponseFormat?.Kind != ResponseFormatKind.JsonSchema)
        {
            context.AnswerSchema = schema;
            context.AnswerText = new System.Text.StringBuilder();
        }

        context.Request = routed;
        return routed;
    }
}
