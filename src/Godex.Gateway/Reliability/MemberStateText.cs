using System.Globalization;

using Godex.Gateway.Configuration;

namespace Godex.Gateway.Reliability;

/// <summary>A member's state as `GET /health` and the admin API name and explain it.</summary>
public static class MemberStateText
{
    public const string DisabledByOperator = "disabled by operator";

    public static string Name(MemberState state) => state switch
    {
        MemberState.CoolingDown => "cooling_down",
        MemberState.Unhealthy => "unhealthy",
        MemberState.ParkedForQuota => "parked_for_quota",
        MemberState.Probing => "probing",
        _ => "healthy",
    };

    /// <summary>Why routing passes the member by, for a state other than healthy.</summary>
    public static string SkippedBecause(HealthSnapshot state, HealthConfig health)
    {
        var until = state.Until?.ToString("u", CultureInfo.InvariantCulture);
        return state.State switch
        {
            MemberState.Probing => state.ProbeInFlight ? "a probe request is under way; other requests pass it by until the probe ends" : "its time out is over; the next request probes it",
            MemberState.ParkedForQuota => $"its quota is spent until {until}",
            MemberState.Unhealthy => $"failure rate {Rate(state.EjectedAtRate ?? 0).ToString(CultureInfo.InvariantCulture)} over the last {health.WindowSeconds} s is above {health.MaxFailureRate.ToString(CultureInfo.InvariantCulture)}; ejected until {until}",
            _ => state.Reason switch
            {
                CooldownReason.RetryAfter => $"the upstream asked to wait (retry-after) until {until}",
                CooldownReason.Credentials => $"its key or login was refused; backing off until {until}",
                _ => $"{state.ConsecutiveFailures} failure(s) in a row; backing off until {until}",
            },
        };
    }

    /// <summary>The failure rate over the window (or the one that ejected the member), to three places.</summary>
    public static double FailureRate(HealthSnapshot state) =>
        Rate(state.EjectedAtRate ?? (state.WindowRequests == 0 ? 0 : (double)state.WindowFailures / state.WindowRequests));

    private static double Rate(double rate) => Math.Round(rate, 3);
}
