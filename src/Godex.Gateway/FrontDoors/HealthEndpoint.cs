using System.Text.Json;

using Godex.Gateway.Common;
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
                json.WriteString("state", MemberStateText.Name(state.State));
                if (state.Until is { } until && state.State != MemberState.Probing)
                {
                    json.WriteString("until", until);
                }

                if (state.State != MemberState.Healthy)
                {
                    json.WriteString("skipped_because", MemberStateText.SkippedBecause(state, member.Health.Settings));
                }

                if (state.State == MemberState.Probing)
                {
                    json.WriteString("probe", state.ProbeInFlight ? "in_flight" : "waiting");
                }

                json.WriteNumber("consecutive_failures", state.ConsecutiveFailures);
                json.WriteNumber("window_requests", state.WindowRequests);
                json.WriteNumber("failure_rate", MemberStateText.FailureRate(state));
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
}
