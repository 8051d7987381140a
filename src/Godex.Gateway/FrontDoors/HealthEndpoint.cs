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

    /// <summary>Each pool's members and their state; the last error by status and code only (this view needs no key).</summary>
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
                json.WriteStartObject();
                json.WriteString("id", member.Id);
                json.WriteNumber("weight", member.Weight);
                var until = member.Health.CoolingUntil;
                json.WriteString("state", until is null ? "healthy" : "cooling_down");
                if (until is { } at)
                {
                    json.WriteString("cooling_until", at);
                }

                json.WriteNumber("consecutive_failures", member.Health.ConsecutiveFailures);
                json.WriteNumber("in_flight", member.InFlight);
                if (member.Health.LastError is { } error)
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
