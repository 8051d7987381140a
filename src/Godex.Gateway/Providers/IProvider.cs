using Godex.Wire;

namespace Godex.Gateway.Providers;

/// <summary>
/// An upstream that answers canonical requests. Errors the upstream reports before answering are
/// thrown as <see cref="GodexException"/> (from the first MoveNextAsync for streams), so front doors
/// can still choose the HTTP status; failures after that arrive as <see cref="ResponseFailed"/>.
/// </summary>
public interface IProvider
{
    string Name { get; }

    /// <summary>The protocol family from the config (`openai`, `mock`, ...).</summary>
    string Type { get; }

    /// <summary>Models this provider is known to serve (configured or built in).</summary>
    IReadOnlyList<string> Models { get; }

    /// <summary>False when the provider serves only <see cref="Models"/> (the mock); true when the upstream decides.</summary>
    bool ServesAnyModel { get; }

    /// <summary>What the provider can do, which the compatibility planner reads.</summary>
    Specs.ProviderSpec Spec { get; }

    Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken);

    IAsyncEnumerable<StreamEvent> StreamAsync(ChatRequest request, CancellationToken cancellationToken);

    /// <summary>The upstream's own count of the request's input tokens, or null when it cannot count (callers then estimate).</summary>
    Task<long?> CountTokensAsync(ChatRequest request, CancellationToken cancellationToken);

    /// <summary>The models the upstream lists right now (every page), or null when it has no model list to ask.</summary>
    Task<IReadOnlyList<DiscoveredModel>?> ListModelsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DiscoveredModel>?>(null);
}
