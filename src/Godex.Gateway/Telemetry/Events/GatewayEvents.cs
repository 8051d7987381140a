using System.Threading.Channels;

using Godex.Gateway.Reliability;

namespace Godex.Gateway.Telemetry.Events;

/// <summary>
/// The live event broadcast: every subscriber (an open `GET /admin/api/events`) has its own bounded
/// queue, and a publisher only ever tries to add to each, so a slow subscriber loses events (counted,
/// and told to it) and never holds a request up. Publishers ask <see cref="Listening"/> first: with
/// nobody subscribed, nothing is built or allocated on the request path.
/// </summary>
public sealed class GatewayEvents(TimeProvider time) : IMemberStateListener
{
    /// <summary>Events a subscriber may fall behind by before new ones are dropped for it.</summary>
    public const int Capacity = 1024;

    private readonly Lock _gate = new();
    private EventSubscription[] _subscribers = [];
    private long _dropped;

    /// <summary>Someone is subscribed: one volatile read, for publishers to skip building an event.</summary>
    public bool Listening => Volatile.Read(ref _subscribers).Length > 0;

    /// <summary>How many readers follow the events now.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers).Length;

    public TimeProvider Time => time;

    /// <summary>Events dropped for slow subscribers since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Publish(GatewayEvent gatewayEvent)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            if (!subscriber.Offer(gatewayEvent))
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    public EventSubscription Subscribe()
    {
        var subscription = new EventSubscription(this);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    internal void Remove(EventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(other => other != subscription)];
        }
    }

    void IMemberStateListener.StateChanged(PoolMember member, HealthSnapshot state, string cause)
    {
        if (Listening)
        {
            Publish(new MemberStateChanged(time.GetUtcNow(), member.Provider.Name, member.Id, state, member.Disabled, cause));
        }
    }
}

/// <summary>One subscriber's queue; disposing it unsubscribes.</summary>
public sealed class EventSubscription : IDisposable
{
    private readonly GatewayEvents _events;
    private readonly Channel<GatewayEvent> _queue = Channel.CreateBounded<GatewayEvent>(new BoundedChannelOptions(GatewayEvents.Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // with TryWrite: a full queue refuses, and the event is counted as dropped
    });

    private long _dropped;

    internal EventSubscription(GatewayEvents events) => _events = events;

    public ChannelReader<GatewayEvent> Reader => _queue.Reader;

    /// <summary>How many events were dropped for this subscriber since the last call (and resets the count).</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    internal bool Offer(GatewayEvent gatewayEvent)
    {
        if (_queue.Writer.TryWrite(gatewayEvent))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    public void Dispose()
    {
        _events.Remove(this);
        _queue.Writer.TryComplete();
    }
}
