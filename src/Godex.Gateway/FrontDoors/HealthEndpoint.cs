using System.Globalization;
using System.Text.Json;

using Godex.Gateway.Common;
using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;
using Godex.Gateway.Reliability;
using Godex.Gateway.Routing;
using Godex.Wire.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.FrontDoors;

/// <summary>`GET /health` (no auth): the gateway is up, and which providers are registered, unavailable (a login that cannot be used) or skipped, and why.</summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", WriteAsync);

        // Claude Code probes `HEAD /` before its first request; any 200 will do.
        routes.MapMethods("/", ["GET", "HEAD"], (HttpContext http) => http.Response.WriteAsync(http.Request.Method == "HEAD" ? "" : "Godex " + GodexVersion.Current + "\n"));
        return routes;
    }

    private static async Task WriteAsync(HttpContext http, LiveRouting live)
    {
        var gateway = live.Current;
        var registry = gateway.Registry;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
        json.WriteStartObject();
        json.WriteString("status", registry.All.Any() ? "ok" : "degraded");
        json.WriteString("version", GodexVersion.Current);
        json.WriteNumber("config_generation", live.Generation); // one more after each applied reload

        json.WriteStartArray("providers");
        foreach (var provider in registry.All)
        {
            json.WriteStartObject();
            json.WriteString("name", provider.Name);
            json.WriteString("type", provider.Type);
            if (provider.UnavailableReason is { } reason)
            {
                json.WriteString("status", "unavailable");
                json.WriteString("reason", reason);
            }
            else
            {
                json.WriteString("status", "registered");
            }

            json.WriteStartArray("models");
            foreach (var model in provider.Models)
            {
                json.WriteStringValue(model);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        foreach (var skipped in registry.Skipped)
        {
            json.WriteStartObject();
            json.WriteString("name", skipped.Name);
            json.WriteString("type", skipped.Type);
            json.WriteString("status", "skipped");
            json.WriteString("reason", skipped.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WritePools(json, gateway.Pools);
        json.WriteEndObject();
    }

    /// <summary>
    /// Each provider's members (a provider without a pool is its one member) and their state, with why a
    /// member is passed over; the last error by status and code only (this view needs no key).
    /// </summary>
    private static void WritePools(Utf8JsonWriter json, ProviderPools pools)
    {
        json.WriteStartArray("pools");
        foreach (var pool in pools.All)
        {
            json.WriteStartObject();
            json.WriteString("name", pool.Name);
            json.WriteBoolean("panic", pool.Panicking);
            json.WriteStartArray("members");
            foreach (var member in pool.Members)
            {
                var state = member.Health.Snapshot();
                json.WriteStartObject();
                json.WriteString("id", member.Id);
                json.WriteNumber("weight", member.Weight);
                json.WriteString("state", StateName(state.State));
                if (state.Until is { } until && state.State != MemberState.Probing)
                {
                    json.WriteString("until", until);
                }

                if (state.State != MemberState.Healthy)
                {
                    json.WriteString("skipped_because", SkippedBecause(state, member.Health.Settings));
                }

                if (state.State == MemberState.Probing)
                {
                    json.WriteString("probe", state.ProbeInFlight ? "in_flight" : "waiting");
                }

                json.WriteNumber("consecutive_failures", state.ConsecutiveFailures);
                json.WriteNumber("window_requests", state.WindowRequests);
                json.WriteNumber("failure_rate", Rate(state.EjectedAtRate ?? (state.WindowRequests == 0 ? 0 : (double)state.WindowFailures / state.WindowRequests)));
                json.WriteNumber("in_flight", member.InFlight);
                if (state.LastError is { } error)
                {
                    json.WriteString("last_error", $"{error.Status} {error.Code}");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string StateName(MemberState state) => state switch
    {
        MemberState.CoolingDown => "cooling_down",
        MemberState.Unhealthy => "unhealthy",
        MemberState.ParkedForQuota => "parked_for_quota",
        MemberState.Probing => "probing",
        _ => "healthy",
    };

    private static string SkippedBecause(HealthSnapshot state, HealthConfig health)
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

    private static double Rate(double rate) => Math.Round(rate, 3);
}
