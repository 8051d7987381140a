namespace Godex.Gateway.Security.Limits;

/// <summary>
/// A per-minute budget (requests or tokens) counted in five-second segments: what was taken in a
/// segment comes back once the segment's end is a minute old (60 to 65 s after it was taken), so no
/// 60 seconds ever hold more than the limit, and the window knows exactly when capacity returns (the
/// `retry-after` a refusal names).
/// Unlike System.Threading.RateLimiting's window it can also give back what a reservation did not use
/// (tokens reconciled to the provider's usage). Not thread-safe: its <see cref="LimitPartition"/> locks.
/// </summary>
public sealed class SlidingWindow(long limit)
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(1);
    /// <summary>A minute of five-second segments, and the current one.</summary>
    private const int Segments = 13;
    private static readonly long SegmentTicks = Length.Ticks / (Segments - 1);

    private readonly long[] _counts = new long[Segments];
    private long _newest = long.MinValue;
    private long _total;

    public long Limit { get; } = limit;

    /// <summary>What may still be taken now.</summary>
    public long Remaining(long nowTicks)
    {
        Advance(nowTicks);
        return Math.Max(0, Limit - _total);
    }

    /// <summary>Nothing taken in the last minute: the window can be dropped without losing anything.</summary>
    public bool IsEmpty(long nowTicks)
    {
        Advance(nowTicks);
        return _total == 0;
    }

    /// <summary>Takes <paramref name="amount"/> (at most the limit) if it fits; the charge says where, so it can be adjusted later.</summary>
    public bool TryTake(long amount, long nowTicks, out WindowCharge charge)
    {
        Advance(nowTicks);
        amount = Math.Min(amount, Limit);
        if (_total + amount > Limit)
        {
            charge = default;
            return false;
        }

        _counts[Slot(_newest)] += amount;
        _total += amount;
        charge = new WindowCharge(_newest, amount);
        return true;
    }

    /// <summary>
    /// Changes a charge to <paramref name="actual"/>: a smaller figure gives the difference back (if its
    /// segment is still in the window), a larger one is taken now even past the limit (it was spent).
    /// </summary>
    public void Settle(WindowCharge charge, long actual, long nowTicks)
    {
        Advance(nowTicks);
        var delta = actual - charge.Amount;
        if (charge.Segment > _newest - Segments)
        {
            var slot = Slot(charge.Segment);
            var adjusted = Math.Max(0, _counts[slot] + delta);
            _total += adjusted - _counts[slot];
            _counts[slot] = adjusted;
        }
        else if (delta > 0)
        {
            _counts[Slot(_newest)] += delta;
            _total += delta;
        }
    }

    /// <summary>How long until <paramref name="amount"/> fits (zero if it does now).</summary>
    public TimeSpan WaitFor(long amount, long nowTicks)
    {
        Advance(nowTicks);
        var excess = _total + Math.Min(amount, Limit) - Limit;
        for (var segment = _newest - Segments + 1; segment <= _newest && excess > 0; segment++)
        {
            excess -= _counts[Slot(segment)];
            if (excess <= 0)
            {
                return Until(segment, nowTicks);
            }
        }

        return TimeSpan.Zero;
    }

    /// <summary>How long until the window is whole again (everything taken has come back).</summary>
    public TimeSpan ResetsIn(long nowTicks)
    {
        Advance(nowTicks);
        for (var segment = _newest; segment > _newest - Segments; segment--)
        {
            if (_counts[Slot(segment)] > 0)
            {
                return Until(segment, nowTicks);
            }
        }

        return TimeSpan.Zero;
    }

    /// <summary>When what <paramref name="segment"/> holds leaves the window.</summary>
    private static TimeSpan Until(long segment, long nowTicks) => TimeSpan.FromTicks(Math.Max(0, ((segment + Segments) * SegmentTicks) - nowTicks));

    private static int Slot(long segment) => (int)(segment % Segments);

    private void Advance(long nowTicks)
    {
        var current = nowTicks / SegmentTicks;
        if (current <= _newest)
        {
            return;
        }

        var steps = _newest == long.MinValue ? Segments : Math.Min(current - _newest, Segments);
        for (var i = 1; i <= steps; i++)
        {
            var slot = Slot(current - steps + i);
            _total -= _counts[slot];
            _counts[slot] = 0;
        }

        _newest = current;
    }
}

/// <summary>What a <see cref="SlidingWindow"/> took: in which segment, and how much.</summary>
public readonly record struct WindowCharge(long Segment, long Amount);
