using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;

namespace Godex.Gateway.Reliability;

/// <summary>A pool's member at run time: the provider built for it, its weight, its health, and the load and speed the strategies read.</summary>
public sealed class PoolMember(IProvider provider, string id, int weight, TimeProvider time, HealthConfig settings, string endpoint = "", MemberHealth? health = null)
{
    private int _inFlight;
    private long _latencyTicks;
    private long _disabledAt;
    private IMemberStateListener? _listener;

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

    /// <summary>The last answers' time to first event, for the admin API.</summary>
    public LatencyWindow FirstEventLatency { get; private set; } = new();

    /// <summary>The last attempts' whole duration (answered or failed), for the admin API.</summary>
    public LatencyWindow AttemptLatency { get; private set; } = new();

    /// <summary>
    /// Disabled by the operator (`POST /admin/api/providers/{name}/disable`): routing passes it by, even
    /// in panic mode, until it is enabled; a reload keeps the flag for a member of the same id. One
    /// volatile read per ordering.
    /// </summary>
    public bool Disabled => Volatile.Read(ref _disabledAt) != 0;

    /// <summary>When the operator disabled it, or null.</summary>
    public DateTimeOffset? DisabledAt => Volatile.Read(ref _disabledAt) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Sets the operator's override; false when it already was so (nothing changed, nobody told).</summary>
    public bool SetDisabled(bool disabled, DateTimeOffset now)
    {
        var before = Volatile.Read(ref _disabledAt);
        if ((before != 0) == disabled || Interlocked.CompareExchange(ref _disabledAt, disabled ? Math.Max(now.UtcTicks, 1) : 0, before) != before)
        {
            return false; // already so, or another call just changed it
        }

        _listener?.StateChanged(this, Health.Snapshot(), disabled ? "disabled by operator" : "enabled by operator");
        return true;
    }

    /// <summary>Reports this member's health changes to <paramref name="listener"/> (the health may be one a reload kept from an older member).</summary>
    internal void Listen(IMemberStateListener? listener)
    {
        _listener = listener;
        Health.Changed = listener is null ? null : (state, cause) => listener.StateChanged(this, state, cause);
    }

    /// <summary>After a reload: the operator's override carries over by id; the recent latencies only when the endpoint is the same.</summary>
    internal void Inherit(PoolMember previous)
    {
        Volatile.Write(ref _disabledAt, Volatile.Read(ref previous._disabledAt));
        if (previous.Endpoint == Endpoint)
        {
            FirstEventLatency = previous.FirstEventLatency;
            AttemptLatency = previous.AttemptLatency;
        }
    }

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    public void ObserveLatency(TimeSpan firstEvent)
    {
        FirstEventLatency.Record(firstEvent);
        var previous = Interlocked.Read(ref _latencyTicks);
        var next = previous == 0 ? firstEvent.Ticks : (long)((previous * 0.7) + (firstEvent.Ticks * 0.3));
        Interlocked.Exchange(ref _latencyTicks, next);
    }
}
