using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;

namespace Godex.Gateway.Reliability;

/// <summary>
/// Every provider's members with their health, shared by every request: a provider with a `pool` has
/// one member per entry, any other provider is its one member (so a plan passes over it while it is out).
/// </summary>
public sealed class ProviderPools
{
    private readonly Dictionary<string, ProviderPool> _pools = new(StringComparer.Ordinal);

    public ProviderPools(ProviderRegistry registry, GodexConfig config, TimeProvider time)
    {
        var health = config.Routing.Health;
        foreach (var (name, members) in registry.Members)
        {
            var built = new PoolMember[members.Count];
            for (var i = 0; i < members.Count; i++)
            {
                built[i] = new PoolMember(members[i].Provider, members[i].Id, members[i].Weight, time, health);
            }

            _pools[name] = new ProviderPool(name, built);
        }
    }

    public ProviderPool? Find(string provider) => _pools.GetValueOrDefault(provider);

    public IEnumerable<ProviderPool> All => _pools.Values;
}
