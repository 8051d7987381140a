using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;

namespace Godex.Gateway.Reliability;

/// <summary>A pool's member at run time: the provider built for it, its weight, its health, and the load and speed the strategies read.</summary>
public sealed class PoolMember(IProvider provider, string id, int weight, TimeProvider time, HealthConfig settings, string endpoint = "", MemberHealth? health = null)
{
    private int _inFlight;
    private long _latencyTicks;

    public IProvider Provider { get; } = provider;

    /// <summary>`keys3` for a provider without a pool; `keys3#2` for its second member.</summary>
    public string Id { get; } = id;

    public int Weight { get; } = weight;

    /// <summary>See <see cref="ProviderMember.Endpoint"/>: what a reload compares to keep this member's health.</summary>
    internal string Endpoint { get; } = endpoint;

    public MemberHealth Health { get; } = health ?? new(time, settings);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Moving average of time to the first event (EWMA, α = 0.3); zero until measured.</summary>
    public TimeSpan Latency => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));

    /// <summary>Smooth weighted round-robin's running score (see <see cref="ProviderPool"/>).</summary>
    internal long Score;

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    public void ObserveLatency(TimeSpan firstEvent)
    {
        var previous = Interlocked.Read(ref _latencyTicks);
        var next = previous == 0 ? firstEvent.Ticks : (long)((previous * 0.7) + (firstEvent.Ticks * 0.3));
        Interlocked.Exchange(ref _latencyTicks, next);
    }
}
