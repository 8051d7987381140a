using Godex.Wire;

namespace Godex.Gateway.Providers;

/// <summary>
/// An upstream that answers canonical requests, always as canonical events: a client that wants a whole
/// answer gets their fold, made once at the front door. Errors the upstream reports before answering are
/// thrown as <see cref="GodexException"/> from the first MoveNextAsync, so front doors can still choose
/// the HTTP status (and the attempt runner can try another candidate); failures after that arrive as
/// <see cref="ResponseFailed"/>.
/// </summary>
public interface IProvider
{
    string Name { get; }

    /// <summary>The configured type: a protocol family (`openai`, `mock`, ...) or a preset built on one (`deepseek`, `codex`, ...); <see cref="Spec"/> names the family.</summary>
    string Type { get; }

    /// <summary>Models this provider is known to serve (configured or built in).</summary>
    IReadOnlyList<string> Models { get; }

    /// <summary>False when the provider serves only <see cref="Models"/> (the mock); true when the upstream decides.</summary>
    bool ServesAnyModel { get; }

    /// <summary>What the provider can do, which the compatibility planner reads.</summary>
    Specs.ProviderSpec Spec { get; }

    /// <summary>Why the provider cannot serve now (its login cannot be read or was refused), or null when it can.</summary>
    string? UnavailableReason => null;

    /// <summary>The answer as events. Whether the upstream is asked for a stream is the provider's choice (the request says what the client wants).</summary>
    IAsyncEnumerable<StreamEvent> AnswerAsync(ProviderCall call, CancellationToken cancellationToken);

    /// <summary>The upstream's own count of the request's input tokens, or null when it cannot count (callers then estimate).</summary>
    Task<long?> CountTokensAsync(ProviderCall call, CancellationToken cancellationToken);

    /// <summary>The models the upstream lists right now (every page), or null when it has no model list to ask.</summary>
    Task<IReadOnlyList<DiscoveredModel>?> ListModelsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DiscoveredModel>?>(null);
}
