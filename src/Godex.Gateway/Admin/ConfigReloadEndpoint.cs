using System.Text.Json;

using Godex.Wire;
using Godex.Wire.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.Admin;

/// <summary>
/// `POST /admin/api/config/reload`: reads the config file again, as SIGHUP does. A file that does not
/// load changes nothing and is refused with 422 and the reason; applied, it answers with the new
/// generation and the settings that wait for a restart.
/// </summary>
public static class ConfigReloadEndpoint
{
    public static IEndpointRouteBuilder MapConfigReload(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/admin/api/config/reload", ReloadAsync);
        return routes;
    }

    private static async Task ReloadAsync(HttpContext http, ConfigReloader reloader)
    {
        var result = await reloader.ReloadAsync("admin API", http.RequestAborted);
        if (!result.Applied)
        {
            var (status, code) = reloader.Path is null ? (409, "config.no_file") : (422, "config.invalid");
            throw new GodexException(new GodexError(status, code, result.Error!));
        }

        http.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
        json.WriteStartObject();
        json.WriteBoolean("reloaded", true);
        json.WriteNumber("generation", result.Generation);
        json.WriteStartArray("restart_required");
        foreach (var setting in result.RestartRequired)
        {
            json.WriteStringValue(setting);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
