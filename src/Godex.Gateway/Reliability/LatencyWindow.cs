namespace Godex.Gateway.Reliability;

/// <summary>Percentiles over a member's recent samples, in milliseconds: null when nothing was measured yet.</summary>
public readonly record struct LatencyPercentiles(int Samples, double? P50, double? P95);

/// <summary>
/// The last <see cref="Size"/> samples of one measure (a ring of doubles, 1 KiB), for the admin API's
/// p50/p95. Recording is one interlocked increment and one store, no lock: a reader copying the ring
/// while a sample lands may see the old or the new value in that slot, which a percentile does not mind.
/// </summary>
public sealed class LatencyWindow
{
    public const int Size = 128;

    private readonly double[] _samples = new double[Size];
    private long _count;

    public void Record(TimeSpan elapsed)
    {
        var at = Interlocked.Increment(ref _count) - 1;
        Volatile.Write(ref _samples[at % Size], elapsed.TotalMilliseconds);
    }

    /// <summary>Nearest-rank p50 and p95 of what the ring holds (sorted on each call: it is read per admin request, not per request).</summary>
    public LatencyPercentiles Percentiles()
    {
        var seen = (int)Math.Min(Interlocked.Read(ref _count), Size);
        if (seen == 0)
        {
            return new LatencyPercentiles(0, null, null);
        }

        var sorted = new double[seen];
        Array.Copy(_samples, sorted, seen);
        Array.Sort(sorted);
        return new LatencyPercentiles(seen, Rank(sorted, 50), Rank(sorted, 95));
    }

    private static double Rank(double[] sorted, double percentile) =>
        Math.Round(sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)], 3);
}
