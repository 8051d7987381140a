using System.Globalization;

using Godex.Gateway.Configuration;
using Godex.Gateway.Failover;
using Godex.Wire;

namespace Godex.Gateway.Reliability;

/// <summary>
/// One member's health. A failure that may pass (429, 5xx, unreachable) cools the member for the
/// upstream's `retry-after`, else for 1 s doubling with each failure in a row (a refused key: 30 s
/// doubling); a spent quota with a known reset parks it until then; a failure rate above
/// `routing.health.max_failure_rate` over the window makes it unhealthy for `ejection_seconds`. When
/// that time is over, exactly one request is let through as a probe (half-open): its success makes the
/// member healthy, its failure takes it out again for at least twice as long. A refusal of the request
/// itself (400, a context window) says the member is up. Thread-safe: every request reports here, and
/// <see cref="Admit"/> runs for every member of every plan, so a healthy member costs one volatile read.
/// </summary>
public sealed class MemberHealth(TimeProvider time, HealthConfig config)
{
    private static readonly TimeSpan MaxCooldown = TimeSpan.FromHours(24);
    private static readonly TimeSpan MaxPark = TimeSpan.FromDays(8); // a weekly usage window, and some
    private static readonly TimeSpan CredentialsBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(1);

    /// <summary>A probe claimed by a plan that never reached the member (an earlier candidate answered) is given to another request after this.</summary>
    private static readonly TimeSpan ProbeClaim = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly FailureWindow _window = new(TimeSpan.FromSeconds(config.WindowSeconds));
    private readonly long[] _cooldowns = new long[Enum.GetValues<CooldownReason>().Length];

    // UTC ticks until which the member is left out; 0 when healthy. Read without the lock on the hot path.
    private long _blockedUntil;
    private MemberState _blockedAs;
    private CooldownReason _reason;
    private TimeSpan _lastBlock;
    private double? _ejectedAtRate;
    private Probe _probe;
    private long _probeClaimedAt;
    private int _consecutive;
    private long _lastFailure;
    private GodexError? _lastError;

    private enum Probe
    {
        None,
        Claimed,
        InFlight,
    }

    /// <summary>Told after a failure takes the member out (or keeps it out longer) and after a success brings it back; set by its <see cref="PoolMember"/>.</summary>
    internal Action<HealthSnapshot, string>? Changed { get; set; }

    /// <summary>The `routing.health` settings this member is judged by.</summary>
    public HealthConfig Settings => config;

    /// <summary>When the member last failed (UTC ticks, 0 never): panic mode tries the longest-ago first.</summary>
    public long LastFailureTicks => Volatile.Read(ref _lastFailure);

    /// <summary>Whether the member is parked for its quota right now (panic mode tries those last).</summary>
    public bool Parked
    {
        get
        {
            var now = time.GetUtcNow().UtcTicks;
            lock (_gate)
            {
                return _blockedAs == MemberState.ParkedForQuota && now < _blockedUntil;
            }
        }
    }

    /// <summary>How many times the member was taken out for <paramref name="reason"/>.</summary>
    public long Cooldowns(CooldownReason reason) => Interlocked.Read(ref _cooldowns[(int)reason]);

    /// <summary>Whether one ordering may use the member: ready, ready as this request's recovery probe, or not.</summary>
    public Admission Admit()
    {
        var until = Volatile.Read(ref _blockedUntil);
        if (until == 0)
        {
            return Admission.Ready;
        }

        var now = time.GetUtcNow().UtcTicks;
        if (now < until)
        {
            return Admission.Skip;
        }

        lock (_gate)
        {
            if (_blockedUntil == 0)
            {
                return Admission.Ready;
            }

            if (now < _blockedUntil || _probe == Probe.InFlight || (_probe == Probe.Claimed && now - _probeClaimedAt < ProbeClaim.Ticks))
            {
                return Admission.Skip;
            }

            _probe = Probe.Claimed;
            _probeClaimedAt = now;
            return Admission.Probe;
        }
    }

    /// <summary>An attempt on the member began; true when it is the member's probe, which is then under way and not given away.</summary>
    public bool AttemptStarted()
    {
        if (Volatile.Read(ref _blockedUntil) == 0)
        {
            return false;
        }

        lock (_gate)
        {
            if (_probe != Probe.Claimed)
            {
                return false;
            }

            _probe = Probe.InFlight;
            return true;
        }
    }

    /// <summary>The probe ended without an outcome (the client left): the next request probes instead.</summary>
    public void ProbeAbandoned()
    {
        lock (_gate)
        {
            if (_probe == Probe.InFlight)
            {
                _probe = Probe.None;
            }
        }
    }

    public void ReportSuccess()
    {
        var now = time.GetUtcNow();
        var recovered = false;
        lock (_gate)
        {
            _window.Record(now, failed: false);
            _consecutive = 0;

            // A cooldown ends with any success; an ejection or a park only with its probe's.
            if (_blockedUntil != 0 && (_blockedAs == MemberState.CoolingDown || _probe != Probe.None))
            {
                Volatile.Write(ref _blockedUntil, 0);
                _probe = Probe.None;
                _lastBlock = TimeSpan.Zero;
                _ejectedAtRate = null;
                recovered = true;
            }
        }

        if (recovered)
        {
            Changed?.Invoke(Snapshot(), "recovered");
        }
    }

    public void ReportFailure(GodexError error, AttemptOutcome outcome)
    {
        if (outcome is AttemptOutcome.Stop or AttemptOutcome.ContextWindow)
        {
            ReportSuccess(); // the upstream answered; only the request was refused
            return;
        }

        var now = time.GetUtcNow();
        var blocked = false;
        lock (_gate)
        {
            _consecutive++;
            _window.Record(now, failed: true);
            _lastError = error;
            Volatile.Write(ref _lastFailure, now.UtcTicks);
            var probeFailed = _probe != Probe.None;
            _probe = Probe.None;

            var (block, state, reason, rate) = Block(error, outcome, now, probeFailed);
            var until = now + block;
            if (until.UtcTicks > _blockedUntil)
            {
                // A late failure never shortens a longer time out (a park) already set.
                Volatile.Write(ref _blockedUntil, until.UtcTicks);
                _blockedAs = state;
                _reason = reason;
                _lastBlock = block;
                _ejectedAtRate = rate;
                _cooldowns[(int)reason]++;
                blocked = true;
            }
        }

        if (blocked)
        {
            Changed?.Invoke(Snapshot(), "failure");
        }
    }

    /// <summary>How long, as what and why a failure takes the member out (and the failure rate, for an ejection). Called under the lock.</summary>
    private (TimeSpan Block, MemberState State, CooldownReason Reason, double? Rate) Block(GodexError error, AttemptOutcome outcome, DateTimeOffset now, bool probeFailed)
    {
        var wait = RetryAfter(error.RetryAfter, now);
        if (error.QuotaExhausted && wait is { } reset)
        {
            return (reset < MaxPark ? reset : MaxPark, MemberState.ParkedForQuota, CooldownReason.Quota, null);
        }

        var credentials = outcome == AttemptOutcome.SkipProvider;
        var block = wait ?? (credentials ? CredentialsBackoff : FailureBackoff) * (1 << Math.Min(_consecutive - 1, 16));
        var reason = wait is not null ? CooldownReason.RetryAfter : credentials ? CooldownReason.Credentials : CooldownReason.Backoff;
        if (probeFailed && block < _lastBlock * 2)
        {
            block = _lastBlock * 2;
        }

        var state = MemberState.CoolingDown;
        double? rate = null;
        var (attempts, failures) = _window.Count(now);
        if (attempts >= config.MinRequests && (double)failures / attempts > config.MaxFailureRate)
        {
            var ejection = TimeSpan.FromSeconds(config.EjectionSeconds);
            block = block > ejection ? block : ejection;
            state = MemberState.Unhealthy;
            reason = CooldownReason.FailureRate;
            rate = (double)failures / attempts;
            _window.Clear();
        }

        return (block < MaxCooldown ? block : MaxCooldown, state, reason, rate);
    }

    public HealthSnapshot Snapshot()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var (attempts, failures) = _window.Count(now);
            var state = _blockedUntil == 0 ? MemberState.Healthy : now.UtcTicks < _blockedUntil ? _blockedAs : MemberState.Probing;
            var blocked = state != MemberState.Healthy;
            return new HealthSnapshot(
                state,
                blocked ? new DateTimeOffset(_blockedUntil, TimeSpan.Zero) : null,
                blocked ? _reason : null,
                blocked ? _ejectedAtRate : null,
                _probe == Probe.InFlight,
                _consecutive,
                attempts,
                failures,
                _lastError);
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
