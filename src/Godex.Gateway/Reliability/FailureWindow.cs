namespace Godex.Gateway.Reliability;

/// <summary>
/// Attempts and failures over a sliding window, in ten buckets (a 60 s window moves in 6 s steps), so
/// recording is a few array writes and nothing is allocated. Not thread-safe: <see cref="MemberHealth"/>
/// guards it with its lock.
/// </summary>
internal sealed class FailureWindow
{
    private const int Buckets = 10;
    private const long Never = long.MinValue / 2; // an epoch no bucket's age can reach
    private readonly long _width;
    private readonly long[] _epochs = new long[Buckets];
    private readonly int[] _attempts = new int[Buckets];
    private readonly int[] _failures = new int[Buckets];

    public FailureWindow(TimeSpan window)
    {
        _width = Math.Max(window.Ticks / Buckets, 1);
        Clear();
    }

    public void Record(DateTimeOffset now, bool failed)
    {
        var epoch = now.UtcTicks / _width;
        var slot = (int)(epoch % Buckets);
        if (_epochs[slot] != epoch)
        {
            _epochs[slot] = epoch;
            _attempts[slot] = 0;
            _failures[slot] = 0;
        }

        _attempts[slot]++;
        _failures[slot] += failed ? 1 : 0;
    }

    public (int Attempts, int Failures) Count(DateTimeOffset now)
    {
        var epoch = now.UtcTicks / _width;
        int attempts = 0, failures = 0;
        for (var slot = 0; slot < Buckets; slot++)
        {
            var age = epoch - _epochs[slot];
            if (age is >= 0 and < Buckets)
            {
                attempts += _attempts[slot];
                failures += _failures[slot];
            }
        }

        return (attempts, failures);
    }

    /// <summary>A fresh start: after an ejection the rate is measured anew.</summary>
    public void Clear()
    {
        Array.Fill(_epochs, Never);
        Array.Clear(_attempts);
        Array.Clear(_failures);
    }
}
