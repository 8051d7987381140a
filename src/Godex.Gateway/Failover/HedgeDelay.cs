using Godex.Gateway.Configuration;

namespace Godex.Gateway.Failover;

/// <summary>
/// How long one alias's first candidate may take to its first token before a second attempt is sent:
/// a fixed delay, or a percentile of the alias's recent first tokens (the last <see cref="Window"/>
/// answers). A percentile needs <see cref="MinSamples"/> answers first; until then the fixed delay
/// holds when one is given, else nothing is hedged (a guess could double every request).
/// </summary>
public sealed class HedgeDelay
{
    public const int Window = 128;
    public const int MinSamples = 20;

    /// <summary>The percentile is sorted out again after this many answers, not on every request.</summary>
    private const int RecomputeEvery = 8;

    private readonly TimeSpan? _fixed;
    private readonly double? _percentile;
    private readonly double[] _samples = [];
    private readonly Lock _lock = new();
    private int _count;
    private int _sinceComputed;
    private TimeSpan? _computed;

    public HedgeDelay(HedgeConfig config)
    {
        _fixed = config.AfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
        _percentile = config.Percentile;
        if (_percentile is not null)
        {
            _samples = new double[Window];
        }
    }

    /// <summary>The delay for the next request, or null when it is not hedged.</summary>
    public TimeSpan? Current
    {
        get
        {
            if (_percentile is null)
            {
                return _fixed;
            }

            lock (_lock)
            {
                return _computed ?? _fixed;
            }
        }
    }

    /// <summary>The time a committed attempt took to its first token (only counted for a percentile).</summary>
    public void Observe(TimeSpan firstToken)
    {
        if (_percentile is not { } percentile)
        {
            return;
        }

        lock (_lock)
        {
            _samples[_count++ % Window] = firstToken.TotalMilliseconds;
            var seen = Math.Min(_count, Window);
            if (seen < MinSamples || (++_sinceComputed < RecomputeEvery && _computed is not null))
            {
                return;
            }

            _sinceComputed = 0;
            var sorted = _samples[..seen];
            Array.Sort(sorted);
            var rank = (int)Math.Ceiling(percentile / 100 * seen) - 1; // nearest rank
            _computed = TimeSpan.FromMilliseconds(sorted[Math.Clamp(rank, 0, seen - 1)]);
        }
    }
}
