using System.Text.Json;

using Godex.Gateway.Telemetry;
using Godex.Wire;
using Godex.Wire.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.Admin;

/// <summary>
/// `GET /v1/usage?group_by=key,model,provider,day&amp;since=2026-11-01&amp;until=2026-12-01` (also at
/// `/admin/api/usage`): requests, tokens and cost summed from the traces, since inclusive, until exclusive. An admin view (AccessRequirement.Admin): an admin key, or loopback when none is configured.
/// </summary>
public static class UsageEndpoint
{
    public static IEndpointRouteBuilder MapUsage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/usage", WriteAsync);
        routes.MapGet("/admin/api/usage", WriteAsync);
        return routes;
    }

    private static async Task WriteAsync(HttpContext http, ITraceStore store)
    {
        var groupBy = http.Request.Query["group_by"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var group in groupBy)
        {
            if (Array.IndexOf(UsageGroups.All, group) < 0)
            {
                throw new GodexException(GodexError.BadRequest($"group_by '{group}' is not one of {string.Join(", ", UsageGroups.All)}.", "group_by"));
            }
        }

        var since = AdminHttp.QueryTime(http, "since");
        var until = AdminHttp.QueryTime(http, "until");
        if (since is not null && until is not null && until <= since)
        {
            throw new GodexException(GodexError.BadRequest("until must be later than since.", "until"));
        }

        var rows = await store.UsageAsync(groupBy, since, until, http.RequestAborted);
        http.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        foreach (var row in rows)
        {
            UsageJson.Write(json, row);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
