using Godex.Gateway.Sessions;
using Godex.Gateway.TokenCounting;
using Godex.Wire;

namespace Godex.Gateway.Pipeline;

/// <summary>
/// What happens between a front door and a provider: the request steps in order (resolve the plan,
/// expand the session; see GatewayServices), then the attempts. Every answer is a stream of events;
/// a front door whose client wants a whole answer folds it (<see cref="ResponseAccumulator.FoldAsync"/>).
/// Authentication and the body limit run before the front door reads the request; recording runs in
/// the middleware once the response is written.
/// </summary>
public sealed class ChatPipeline(IEnumerable<IRequestStep> steps, AttemptRunner attempts, ResponseSessions sessions)
{
    private readonly IRequestStep[] _steps = [.. steps];

    /// <summary>
    /// Runs the steps and returns the answer's events. Errors the steps or the provider report before
    /// answering are thrown, from here or from the first MoveNextAsync, while the HTTP status can still be chosen.
    /// </summary>
    public async ValueTask<IAsyncEnumerable<StreamEvent>> StartAsync(GatewayContext context, ChatRequest request, CancellationToken cancellationToken)
    {
        await RunStepsAsync(context, request, cancellationToken);
        var events = UpstreamObserver.ObserveAsync(context, attempts.RunAsync(context, cancellationToken), cancellationToken);
        return context.Turn is { } turn ? sessions.StreamAsync(turn, events, cancellationToken) : events;
    }

    /// <summary>Input tokens for a request: the provider's own count where it has one, else a local estimate (flagged).</summary>
    public async Task<TokenCount> CountTokensAsync(GatewayContext context, ChatRequest request, CancellationToken cancellationToken)
    {
        context.CountingTokens = true;
        await RunStepsAsync(context, request, cancellationToken);
        return await attempts.CountAsync(context, cancellationToken);
    }

    private async ValueTask RunStepsAsync(GatewayContext context, ChatRequest request, CancellationToken cancellationToken)
    {
        context.Request = request;
        foreach (var step in _steps)
        {
            await step.RunAsync(context, cancellationToken);
        }
    }
}
