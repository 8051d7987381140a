using System.Text.Json;

using Godex.Gateway.Providers;
using Godex.Gateway.Reliability;

namespace Godex.Gateway.Admin.Providers;

/// <summary>
/// One provider as the admin API shows it: what it is, whether it runs, its overall state (`healthy`,
/// `degraded`: some members out, `down`: every enabled member out, `disabled`: every member disabled
/// by the operator, `unavailable`/`skipped`: it cannot run) and each member in detail.
/// </summary>
public static class ProviderJson
{
    public static void Write(Utf8JsonWriter json, IProvider provider, ProviderPool? pool)
    {
        var members = pool?.Members ?? [];
        var snapshots = members.Select(member => member.Health.Snapshot()).ToArray();
        var disabled = members.Count(member => member.Disabled);
        var down = members.Where((member, i) => !member.Disabled && snapshots[i].State != MemberState.Healthy).Count();
        var (state, reason) = provider.UnavailableReason is { } unavailable ? ("unavailable", unavailable)
            : members.Count > 0 && disabled == members.Count ? ("disabled", MemberStateText.DisabledByOperator)
            : down > 0 && down + disabled == members.Count ? ("down", members.Count == 1 ? MemberStateText.SkippedBecause(snapshots[0], members[0].Health.Settings) : "every enabled member is out")
            : down + disabled > 0 ? ("degraded", $"{down + disabled} of {members.Count} members are out")
            : ("healthy", (string?)null);

        json.WriteStartObject();
        json.WriteString("name", provider.Name);
        json.WriteString("type", provider.Type);
        json.WriteString("family", provider.Spec.Family);
        json.WriteString("state", state);
        json.WriteString("reason", reason);
        json.WriteBoolean("panic", pool?.Panicking ?? false);
        json.WriteBoolean("serves_any_model", provider.ServesAnyModel);
        json.WriteStartArray("models");
        foreach (var model in provider.Models)
        {
            json.WriteStringValue(model);
        }

        json.WriteEndArray();
        json.WriteStartArray("members");
        for (var i = 0; i < members.Count; i++)
        {
            WriteMember(json, members[i], snapshots[i]);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteSkipped(Utf8JsonWriter json, SkippedProvider skipped)
    {
        json.WriteStartObject();
        json.WriteString("name", skipped.Name);
        json.WriteString("type", skipped.Type);
        json.WriteNull("family");
        json.WriteString("state", "skipped");
        json.WriteString("reason", skipped.Reason);
        json.WriteBoolean("panic", false);
        json.WriteBoolean("serves_any_model", false);
        json.WriteStartArray("models");
        json.WriteEndArray();
        json.WriteStartArray("members");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMember(Utf8JsonWriter json, PoolMember member, HealthSnapshot health)
    {
        var settings = member.Health.Settings;
        json.WriteStartObject();
        json.WriteString("id", member.Id);
        json.WriteNumber("weight", member.Weight);

        // The operator's override comes first: routing passes a disabled member by whatever its health.
        json.WriteString("state", member.Disabled ? "disabled" : MemberStateText.Name(health.State));
        json.WriteString("reason", member.Disabled ? MemberStateText.DisabledByOperator : health.State == MemberState.Healthy ? null : MemberStateText.SkippedBecause(health, settings));
        json.WriteBoolean("disabled", member.Disabled);
        json.WriteTime("disabled_at", member.DisabledAt);
        json.WriteString("health", MemberStateText.Name(health.State));
        json.WriteTime("cooldown_until", health.State is MemberState.Healthy or MemberState.Probing ? null : health.Until);
        json.WriteString("probe", health.State != MemberState.Probing ? null : health.ProbeInFlight ? "in_flight" : "waiting");
        json.WriteNumber("in_flight", member.InFlight);
        json.WriteNumber("consecutive_failures", health.ConsecutiveFailures);
        json.WriteNumber("error_rate", MemberStateText.FailureRate(health));
        json.WriteNumber("window_requests", health.WindowRequests);
        json.WriteNumber("window_failures", health.WindowFailures);
        json.WriteNumber("window_seconds", settings.WindowSeconds);
        Percentiles(json, "latency_ms", member.AttemptLatency.Percentiles());
        Percentiles(json, "ttft_ms", member.FirstEventLatency.Percentiles());
        if (health.LastError is { } error)
        {
            json.WriteStartObject("last_error");
            json.WriteNumber("status", error.Status);
            json.WriteString("code", error.Code);
            json.WriteString("message", error.Message);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("last_error");
        }

        json.WriteEndObject();
    }

    private static void Percentiles(Utf8JsonWriter json, string name, LatencyPercentiles percentiles)
    {
        json.WriteStartObject(name);
        json.WriteNumber("samples", percentiles.Samples);
        json.WriteNumberOrNull("p50", percentiles.P50);
        json.WriteNumberOrNull("p95", percentiles.P95);
        json.WriteEndObject();
    }
}
