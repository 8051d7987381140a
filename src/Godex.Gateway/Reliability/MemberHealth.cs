using System.Globalization;

using Godex.Gateway.Failover;
using Godex.Wire;

namespace Godex.Gateway.Reliability;

/// <summary>
/// One pool member's health: consecutive failures and a cooldown. A failure that may pass (429, 5xx,
/// unreachable) cools the member for the upstream's `retry-after` (Gemini's RetryInfo arrives as one),
/// else for 1 s doubling with each failure in a row; a refused credential (401/403) for 30 s doubling.
/// A success ends it. Thread-safe: every request of every caller reports here.
/// </summary>
public sealed class MemberHealth(TimeProvider time)
{
    private static readonly TimeSpan MaxCooldown = TimeSpan.FromHours(24);
    private readonly Lock _gate = new();
    private int _consecutive;
    private DateTimeOffset _coolingUntil;

    public int ConsecutiveFailures
    {
        get { lock (_gate) { return _consecutive; } }
    }

    public GodexError? LastError { get; private set; }

    public DateTimeOffset? LastFailure { get; private set; }

    /// <summary>When the member may be tried again, or null when it may be now.</summary>
    public DateTimeOffset? CoolingUntil
    {
        get
        {
            lock (_gate)
            {
                return _coolingUntil > time.GetUtcNow() ? _coolingUntil : null;
            }
        }
    }

    public void ReportSuccess()
    {
        lock (_gate)
        {
            _consecutive = 0;
            _coolingUntil = default;
        }
    }

    public void ReportFailure(GodexError error, AttemptOutcome outcome)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _consecutive++;
            var doubling = Math.Min(_consecutive - 1, 16);
            var cooldown = RetryAfter(error.RetryAfter, now)
                ?? (outcome == AttemptOutcome.SkipProvider ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(1)) * (1 << doubling);
            _coolingUntil = now + (cooldown < MaxCooldown ? cooldown : MaxCooldown);
            LastError = error;
            LastFailure = now;
        }
    }

    /// <summary>`retry-after` as seconds or an HTTP date.</summary>
    internal static TimeSpan? RetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at > now ? at - now : null;
    }
}
