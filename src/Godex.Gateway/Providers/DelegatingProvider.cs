using Godex.Wire;

namespace Godex.Gateway.Providers;

/// <summary>
/// A provider that wraps another and passes everything through: the base for cross-cutting wrappers
/// around one provider (Reliability's per-member timeouts and health reporting, fault injection),
/// which override only what they change. It sits beside <see cref="IProvider"/>, as Microsoft.Extensions.AI
/// keeps DelegatingChatClient beside IChatClient, so the wrappers depend on Providers and not back.
/// </summary>
public abstract class DelegatingProvider(IProvider inner) : IProvider
{
    protected IProvider Inner { get; } = inner;

    public virtual string Name => Inner.Name;

    public virtual string Type => Inner.Type;

    public virtual IReadOnlyList<string> Models => Inner.Models;

    public virtual bool ServesAnyModel => Inner.ServesAnyModel;

    public virtual Specs.ProviderSpec Spec => Inner.Spec;

    public virtual string? UnavailableReason => Inner.UnavailableReason;

    public virtual IAsyncEnumerable<StreamEvent> AnswerAsync(ProviderCall call, CancellationToken cancellationToken) => Inner.AnswerAsync(call, cancellationToken);

    public virtual Task<long?> CountTokensAsync(ProviderCall call, CancellationToken cancellationToken) => Inner.CountTokensAsync(call, cancellationToken);

    public virtual Task<IReadOnlyList<DiscoveredModel>?> ListModelsAsync(CancellationToken cancellationToken) => Inner.ListModelsAsync(cancellationToken);
}
