using Godex.Gateway.Configuration;
using Godex.Gateway.Failover;
using Godex.Gateway.Reliability;
using Godex.Gateway.Tests.Infrastructure;
using Godex.Gateway.Tests.Pipeline;
using Godex.Wire;

namespace Godex.Gateway.Tests.Reliability;

/// <summary>One member's health on a manual clock: cooldowns, the recovery probe, the failure rate, quota parking.</summary>
public sealed class MemberHealthTests
{
    private static readonly GodexError ServerError = ScriptedProvider.Error(503);
    private readonly ManualClock _clock = new();

    [Fact]
    public void Failures_in_a_row_cool_a_member_longer_each_time_and_a_success_ends_it()
    {
        var health = Health();

        health.ReportFailure(ServerError, AttemptOutcome.TryNext);
        var first = health.Snapshot().Until - _clock.GetUtcNow();
        health.ReportFailure(ServerError, AttemptOutcome.TryNext);
        var second = health.Snapshot().Until - _clock.GetUtcNow();
        health.ReportSuccess();

        Assert.Equal(TimeSpan.FromSeconds(1), first);
        Assert.Equal(TimeSpan.FromSeconds(2), second);
        Assert.Equal(MemberState.Healthy, health.Snapshot().State);
        Assert.Equal(0, health.Snapshot().ConsecutiveFailures);
        Assert.Equal(Admission.Ready, health.Admit());
    }

    [Fact]
    public void When_a_cooldown_ends_exactly_one_request_probes_and_its_success_makes_the_member_healthy()
    {
        var health = Health();
        health.ReportFailure(ServerError, AttemptOutcome.TryNext);
        Assert.Equal(Admission.Skip, health.Admit());
        _clock.Advance(TimeSpan.FromSeconds(2));

        var admissions = Enumerable.Range(0, 5).Select(_ => health.Admit()).ToList();
        Assert.True(health.AttemptStarted());
        var probing = health.Snapshot();
        health.ReportSuccess();

        Assert.Equal([Admission.Probe, Admission.Skip, Admission.Skip, Admission.Skip, Admission.Skip], admissions);
        Assert.Equal(MemberState.Probing, probing.State);
        Assert.True(probing.ProbeInFlight);
        Assert.Equal(Admission.Ready, health.Admit());
        Assert.Equal(MemberState.Healthy, health.Snapshot().State);
    }

    [Fact]
    public void A_failed_probe_takes_the_member_out_again_for_twice_as_long()
    {
        var health = Health();
        health.ReportFailure(ServerError with { RetryAfter = "60" }, AttemptOutcome.TryNext);
        _clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(Admission.Probe, health.Admit());
        health.AttemptStarted();
        health.ReportFailure(ServerError, AttemptOutcome.TryNext);

        Assert.Equal(TimeSpan.FromSeconds(120), health.Snapshot().Until - _clock.GetUtcNow());
        Assert.Equal(Admission.Skip, health.Admit());
    }

    [Fact]
    public void A_probe_claimed_by_a_plan_that_never_reached_the_member_is_given_to_another_request_later()
    {
        var health = Health();
        health.ReportFailure(ServerError, AttemptOutcome.TryNext);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(Admission.Probe, health.Admit());
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(Admission.Skip, health.Admit());
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(Admission.Probe, health.Admit());
    }

    [Fact]
    public void A_probe_whose_client_left_is_given_to_the_next_request()
    {
        var health = Health();
        health.ReportFailure(ServerError, AttemptOutcome.TryNext);
        _clock.Advance(TimeSpan.FromSeconds(2));
        health.Admit();
        health.AttemptStarted();

        health.ProbeAbandoned();

        Assert.Equal(Admission.Probe, health.Admit());
    }

    [Fact]
    public void A_failure_rate_above_the_limit_over_the_window_makes_the_member_unhealthy_for_the_ejection_time()
    {
        var health = Health(new HealthConfig { WindowSeconds = 60, MinRequests = 5, MaxFailureRate = 0.5, EjectionSeconds = 30 });

        // Failures that never come twice in a row: each cooldown is 1 s, yet three in five is too many.
        foreach (var failed in new[] { true, false, true, false, true })
        {
            _clock.Advance(TimeSpan.FromSeconds(2));
            if (failed)
            {
                health.ReportFailure(ServerError, AttemptOutcome.TryNext);
            }
            else
            {
                health.ReportSuccess();
            }
        }

        var state = health.Snapshot();
        Assert.Equal(MemberState.Unhealthy, state.State);
        Assert.Equal(0.6, state.EjectedAtRate);
        Assert.Equal(TimeSpan.FromSeconds(30), state.Until - _clock.GetUtcNow());
        Assert.Equal(1, health.Cooldowns(CooldownReason.FailureRate));

        health.ReportSuccess(); // an answer that was already under way does not end an ejection
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(Admission.Skip, health.Admit());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(Admission.Probe, health.Admit());
    }

    [Fact]
    public void Failures_below_the_minimum_count_or_older_than_the_window_do_not_eject()
    {
        var health = Health(new HealthConfig { WindowSeconds = 60, MinRequests = 4, MaxFailureRate = 0.5, EjectionSeconds = 30 });
        health.ReportFailure(ServerError, AttemptOutcome.TryNext);
        health.ReportFailure(ServerError, AttemptOutcome.TryNext);
        health.ReportFailure(ServerError, AttemptOutcome.TryNext);
        Assert.Equal(MemberState.CoolingDown, health.Snapshot().State);

        _clock.Advance(TimeSpan.FromSeconds(70));
        health.ReportSuccess();
        health.ReportFailure(ServerError, AttemptOutcome.TryNext);

        Assert.Equal(MemberState.CoolingDown, health.Snapshot().State);
        Assert.Equal(2, health.Snapshot().WindowRequests);
    }

    [Fact]
    public void A_spent_quota_parks_the_member_until_its_reset_without_doubling()
    {
        var health = Health();
        var quota = new GodexError(429, "provider.http_error", "usage limit") { RetryAfter = "7200", QuotaExhausted = true };

        health.ReportFailure(quota, AttemptOutcome.TryNext);
        health.ReportFailure(ServerError, AttemptOutcome.TryNext); // a late failure does not shorten the park
        health.ReportSuccess(); // nor does an answer that was already under way end it

        var state = health.Snapshot();
        Assert.Equal(MemberState.ParkedForQuota, state.State);
        Assert.Equal(_clock.GetUtcNow().AddHours(2), state.Until);
        Assert.True(health.Parked);
        Assert.Equal(1, health.Cooldowns(CooldownReason.Quota));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(Admission.Probe, health.Admit());
    }

    [Fact]
    public void A_quota_error_without_a_reset_is_an_ordinary_cooldown()
    {
        var health = Health();

        health.ReportFailure(new GodexError(429, "provider.http_error", "usage limit") { QuotaExhausted = true }, AttemptOutcome.TryNext);

        Assert.Equal(MemberState.CoolingDown, health.Snapshot().State);
        Assert.Equal(CooldownReason.Backoff, health.Snapshot().Reason);
    }

    [Theory]
    [InlineData(AttemptOutcome.Stop)]
    [InlineData(AttemptOutcome.ContextWindow)]
    public void A_refusal_of_the_request_itself_leaves_the_member_healthy(AttemptOutcome outcome)
    {
        var health = Health();

        health.ReportFailure(ScriptedProvider.Error(400), outcome);

        Assert.Equal(MemberState.Healthy, health.Snapshot().State);
        Assert.Equal(Admission.Ready, health.Admit());
    }

    [Fact]
    public void A_refused_key_cools_for_30_s_and_each_cooldown_is_counted_by_its_reason()
    {
        var health = Health();

        health.ReportFailure(ScriptedProvider.Error(401), AttemptOutcome.SkipProvider);
        _clock.Advance(TimeSpan.FromSeconds(31));
        health.ReportFailure(ServerError with { RetryAfter = "5" }, AttemptOutcome.TryNext);

        Assert.Equal(1, health.Cooldowns(CooldownReason.Credentials));
        Assert.Equal(1, health.Cooldowns(CooldownReason.RetryAfter));
        Assert.Equal(0, health.Cooldowns(CooldownReason.Backoff));
    }

    [Theory]
    [InlineData("120", 120)]
    [InlineData("1.5", 1.5)]
    public void Retry_after_reads_seconds(string value, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), MemberHealth.RetryAfter(value, DateTimeOffset.UnixEpoch));

    [Fact]
    public void Retry_after_reads_an_http_date()
    {
        var now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMinutes(5), MemberHealth.RetryAfter("Thu, 03 Dec 2026 12:05:00 GMT", now));
    }

    private MemberHealth Health(HealthConfig? config = null) => new(_clock, config ?? new HealthConfig());
}
