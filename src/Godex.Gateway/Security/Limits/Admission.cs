using System.Threading.RateLimiting;

namespace Godex.Gateway.Security.Limits;

/// <summary>
/// What one admitted request holds: a request and a token reservation per limited partition, and a
/// concurrency lease. <see cref="Settle"/> runs when the answer ends (complete, failed or cut off):
/// tokens become what was spent, leases are returned; it acts once however often it is called.
/// </summary>
public sealed class Admission(IReadOnlyList<Admission.Held> held, TimeProvider time)
{
    private int _settled;

    /// <summary>The rate-limit headers of a successful answer (the key's figures where the key is limited, else the model's).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Charges <paramref name="spentTokens"/> instead of the reservation and returns the concurrency leases.</summary>
    public void Settle(long spentTokens)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1)
        {
            return;
        }

        var now = time.GetUtcNow().UtcTicks;
        foreach (var part in held)
        {
            part.Settle(spentTokens, now, keepRequest: true);
        }
    }

    /// <summary>One partition's share of an admission.</summary>
    public sealed record Held(LimitPartition Partition, WindowCharge? Request, WindowCharge? Tokens, RateLimitLease? Lease)
    {
        /// <summary>Tokens become <paramref name="spentTokens"/>; the request itself is given back too unless <paramref name="keepRequest"/> (an admission undone because another limit refused).</summary>
        public void Settle(long spentTokens, long nowTicks, bool keepRequest)
        {
            lock (Partition)
            {
                if (Tokens is { } tokens)
                {
                    Partition.Tokens!.Settle(tokens, spentTokens, nowTicks);
                }

                if (!keepRequest && Request is { } request)
                {
                    Partition.Requests!.Settle(request, 0, nowTicks);
                }
            }

            Lease?.Dispose();
        }
    }
}
