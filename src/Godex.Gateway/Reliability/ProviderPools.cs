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

    /// <param name="previous">The pools a config reload replaces: a member with the same id, endpoint and
    /// `routing.health` keeps its health (a reload does not forgive a key that is rate limited, nor keep
    /// blaming one that was fixed: a new endpoint starts healthy).</param>
    /// <param name="listener">Told of every member's state changes (the admin API's events).</param>
    public ProviderPools(ProviderRegistry registry, GodexConfig config, TimeProvider time, ProviderPools? previous = null, IMemberStateListener? listener = null)
    {
        var settings = config.Routing.Health;
        foreach (var (name, members) in registry.Members)
        {
            var before = previous?.Find(name);
            var built = new PoolMember[members.Count];
            for (var i = 0; i < members.Count; i++)
            {
                var member = members[i];
                var old = before?.Members.FirstOrDefault(old => old.Id == member.Id);
                var kept = old is not null && old.Endpoint == member.Endpoint && old.Health.Settings == settings ? old.Health : null;
                built[i] = new PoolMember(member.Provider, member.Id, member.Weight, time, settings, member.Endpoint, kept);
                if (old is not null)
                {
                    built[i].Inherit(old);
                }

                built[i].Listen(listener);
            }

            _pools[name] = new ProviderPool(name, built);
        }
    }

    public ProviderPool? Find(string provider) => _pools.GetValueOrDefault(provider);

    public IEnumerable<ProviderPool> All => _pools.Values;
}
