using System.Text.Json;

using Godex.Gateway.Common;
using Godex.Gateway.Providers;
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

    private static async Task WriteAsync(HttpContext http, ProviderRegistry registry)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
        json.WriteStartObject();
        json.WriteString("status", registry.All.Any() ? "ok" : "degraded");
        json.WriteString("version", GodexVersion.Current);
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
        json.WriteEndObject();
    }
}
