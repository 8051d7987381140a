using Godex.Gateway.Configuration;

namespace Godex.Gateway.Providers;

/// <summary>
/// Wraps each provider the registry builds (every pool member) in a cross-cutting
/// <see cref="DelegatingProvider"/> its config asks for (fault injection, timeouts). Implemented in
/// Reliability and registered in order, so Providers never depends on them.
/// </summary>
public interface IProviderWrapper
{
    IProvider Wrap(IProvider provider, ProviderConfig config);
}
