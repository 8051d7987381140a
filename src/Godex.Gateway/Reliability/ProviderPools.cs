using Godex.Gateway.Providers;

namespace Godex.Gateway.Reliability;

/// <summary>The pools of every provider configured with several members, with their health; shared by every request.</summary>
public sealed class ProviderPools
{
    private readonly Dictionary<string, ProviderPool> _pools = new(StringComparer.Ordinal);

    public ProviderPools(ProviderRegistry registry, TimeProvider time)
    {
        foreach (var (name, members) in registry.Members)
        {
            if (members.Count > 1)
            {
                _pools[name] = new ProviderPool(name, [.. members.Select(member => new PoolMember(member.Provider, member.Id, member.Weight, time))]);
            }
        }
    }

    public ProviderPool? Find(string provider) => _pools.GetValueOrDefault(provider);

    public IEnumerable<ProviderPool> All => _pools.Values;
}
