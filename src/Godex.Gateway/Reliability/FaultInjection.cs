using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;

namespace Godex.Gateway.Reliability;

/// <summary>Puts a provider behind its configured faults (`providers.X.fault`), or leaves it as it is.</summary>
public sealed class FaultInjection(TimeProvider time) : IProviderWrapper
{
    public IProvider Wrap(IProvider provider, ProviderConfig config) => Wrap(provider, config.Fault, time);

    public static IProvider Wrap(IProvider provider, FaultConfig? fault, TimeProvider? time = null) => fault is null
        ? provider
        : new FaultInjectingProvider(provider, fault, fault.Seed is { } seed ? new Random(seed) : new Random(), time ?? TimeProvider.System);
}
