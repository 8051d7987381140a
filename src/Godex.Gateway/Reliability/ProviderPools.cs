using Godex.Gateway.Providers;

namespace Godex.Gateway.Reliability;

/// <summary>The pools of every provider configured with several members, with their health; shared by every request.</summary>
public sealed class ProviderPools
{
    private readonly Dictionary<string, ProviderPool> _pools = new(StringComparer.Ordinal);

    /// <param name="previous">The pools a config reload replaces: a member with the same id and endpoint keeps its health
    /// (a reload does not forgive a key that is rate limited, nor forget one that was fixed: a new endpoint starts healthy).</param>
    public ProviderPools(ProviderRegistry registry, TimeProvider time, ProviderPools? previous = null)
    {
        foreach (var (name, members) in registry.Members)
        {
            if (members.Count <= 1)
            {
                continue;
            }

            var before = previous?.Find(name);
            var pooled = new PoolMember[members.Count];
            for (var i = 0; i < members.Count; i++)
            {
                var member = members[i];
                var health = before?.Members.FirstOrDefault(old => old.Id == member.Id && old.Endpoint == member.Endpoint)?.Health;
                pooled[i] = new PoolMember(member.Provider, member.Id, member.Weight, time, member.Endpoint, health);
            }

            _pools[name] = new ProviderPool(name, pooled);
        }
    }

    public ProviderPool? Find(string provider) => _pools.GetValueOrDefault(provider);

    public IEnumerable<ProviderPool> All => _pools.Values;
}
