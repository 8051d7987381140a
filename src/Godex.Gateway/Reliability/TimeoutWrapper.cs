using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;

namespace Godex.Gateway.Reliability;

/// <summary>The registry's seam for <see cref="ProviderTimeouts"/>: every member gets its provider's timeouts.</summary>
public sealed class TimeoutWrapper(TimeProvider time) : IProviderWrapper
{
    public IProvider Wrap(IProvider provider, ProviderConfig config) => ProviderTimeouts.Wrap(provider, config, time);
}
