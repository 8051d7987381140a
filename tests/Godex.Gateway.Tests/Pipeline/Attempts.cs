using Godex.Gateway.Compatibility;
using Godex.Gateway.Configuration;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Providers;
using Godex.Gateway.Routing;
using Godex.Gateway.Sessions;
using Godex.Gateway.Tests.Routing;
using Godex.Gateway.TokenCounting;
using Godex.Wire;

using Microsoft.Extensions.Logging.Abstractions;

namespace Godex.Gateway.Tests.Pipeline;

/// <summary>A real <see cref="AttemptRunner"/>, and a request already routed to candidates, for driving attempts.</summary>
internal static class Attempts
{
    public static readonly TokenEstimator Estimator = new();

    public static AttemptRunner Runner(GodexConfig? config = null) =>
        new(new RequiredInstructions(new InstructionsCache(new ServeOptions(), TimeProvider.System)), Estimator, Routers.Live(config ?? new GodexConfig()), TimeProvider.System, NullLogger<AttemptRunner>.Instance);

    public static ChatRequest Request() => new()
    {
        Model = "model",
        Messages = [ChatMessage.Text(ChatRole.User, "What is the capital of France?")],
        Stream = true,
    };

    /// <summary>A context whose plan tries <paramref name="candidates"/> in order, each for `model`.</summary>
    public static GatewayContext Routed(params IProvider[] candidates) => new("req", "openai-chat", System.Diagnostics.Stopwatch.GetTimestamp())
    {
        Request = Request(),
        Plan = new RoutePlan("model", [.. candidates.Select(provider => new Route(provider, "model", RouteReason.ModelList))]),
    };

    public static async Task<List<StreamEvent>> CollectAsync(IAsyncEnumerable<StreamEvent> events)
    {
        var collected = new List<StreamEvent>();
        await foreach (var streamEvent in events)
        {
            collected.Add(streamEvent);
        }

        return collected;
    }

    /// <summary>The text deltas a client saw, joined.</summary>
    public static string Text(IEnumerable<StreamEvent> events) => string.Concat(events.OfType<TextDelta>().Select(delta => delta.Text));
}
