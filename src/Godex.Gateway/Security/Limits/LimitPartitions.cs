using System.Collections.Concurrent;

using Godex.Gateway.Configuration;

namespace Godex.Gateway.Security.Limits;

/// <summary>
/// The partitions of one kind (keys, or model patterns) by id. Bounded by use: once a minute (on the
/// request path, one caller at a time) partitions that hold nothing are dropped, so ids that stop
/// calling do not accumulate; a dropped partition held nothing, so dropping it changes no count.
/// </summary>
public sealed class LimitPartitions
{
    private readonly ConcurrentDictionary<string, LimitPartition> _partitions = new(StringComparer.Ordinal);
    private long _nextSweep;

    public int Count => _partitions.Count;

    /// <summary>
    /// Runs <paramref name="take"/> under the lock of <paramref name="id"/>'s partition for these
    /// limits (a new one when they changed), never on a partition the sweep has dropped.
    /// </summary>
    public T Take<T>(string id, RateLimitConfig limits, long nowTicks, Func<LimitPartition, T> take)
    {
        Sweep(nowTicks);
        while (true)
        {
            var partition = _partitions.GetOrAdd(id, static (_, limits) => new LimitPartition(limits), limits);
            lock (partition)
            {
                if (partition.Retired)
                {
                    continue;
                }

                if (partition.Limits == limits)
                {
                    return take(partition);
                }

                // The limits changed (a reload, a key update): count afresh against the new ones.
                partition.Retired = true;
                _partitions.TryRemove(new KeyValuePair<string, LimitPartition>(id, partition));
            }
        }
    }

    private void Sweep(long nowTicks)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (nowTicks < due || Interlocked.CompareExchange(ref _nextSweep, nowTicks + SlidingWindow.Length.Ticks, due) != due)
        {
            return;
        }

        foreach (var (id, partition) in _partitions)
        {
            lock (partition)
            {
                if (!partition.Retired && partition.IsIdle(nowTicks))
                {
                    partition.Retired = true;
                    _partitions.TryRemove(new KeyValuePair<string, LimitPartition>(id, partition));
                }
            }
        }
    }
}
