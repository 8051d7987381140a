using System.Text.Json;

using Godex.Gateway.Providers;
using Godex.Gateway.Reliability;
using Godex.Gateway.Routing;
using Godex.Wire;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.Admin.Providers;

/// <summary>
/// `GET /admin/api/providers` (each provider and pool member: state and why, recent latency, error
/// rate, cooldown), `POST /admin/api/providers/{name}/test` (one real probe) and
/// `POST /admin/api/providers/{name}/enable|disable` (the operator's override). {name} is a provider
/// (all its members) or one member (`keys3#2`, sent as `keys3%232`).
/// </summary>
public static class ProvidersEndpoints
{
    public static IEndpointRouteBuilder MapProvidersAdmin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admin/api/providers", ListAsync);
        routes.MapGet("/admin/api/providers/{name}", GetAsync);
        routes.MapPost("/admin/api/providers/{name}/test", TestAsync);
        routes.MapPost("/admin/api/providers/{name}/disable", (HttpContext http, string name, LiveRouting live, TimeProvider time) => SetDisabledAsync(http, name, live, time, disabled: true));
        routes.MapPost("/admin/api/providers/{name}/enable", (HttpContext http, string name, LiveRouting live, TimeProvider time) => SetDisabledAsync(http, name, live, time, disabled: false));
        return routes;
    }

    private static async Task ListAsync(HttpContext http, LiveRouting live)
    {
        var gateway = live.Current;
        await using var json = AdminHttp.Json(http);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteNumber("config_generation", live.Generation);
        json.WriteString("strategy", gateway.Config.Routing.Strategy switch
        {
            Configuration.PoolStrategy.RoundRobin => "round-robin",
            Configuration.PoolStrategy.LeastBusy => "least-busy",
            Configuration.PoolStrategy.Latency => "latency",
            _ => "weighted",
        });
        json.WriteStartArray("data");
        foreach (var provider in gateway.Registry.All)
        {
            ProviderJson.Write(json, provider, gateway.Pools.Find(provider.Name));
        }

        foreach (var skipped in gateway.Registry.Skipped)
        {
            ProviderJson.WriteSkipped(json, skipped);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static async Task GetAsync(HttpContext http, string name, LiveRouting live)
    {
        var gateway = live.Current;
        await using var json = AdminHttp.Json(http);
        if (gateway.Registry.Find(name) is { } provider)
        {
            ProviderJson.Write(json, provider, gateway.Pools.Find(provider.Name));
        }
        else if (gateway.Registry.FindSkipped(name) is { } skipped)
        {
            ProviderJson.WriteSkipped(json, skipped);
        }
        else
        {
            throw NotFound(name, gateway);
        }
    }

    private static async Task SetDisabledAsync(HttpContext http, string name, LiveRouting live, TimeProvider time, bool disabled)
    {
        var gateway = live.Current;
        var (provider, members) = Find(name, gateway);
        var now = time.GetUtcNow();
        var changed = 0;
        foreach (var member in members)
        {
            changed += member.SetDisabled(disabled, now) ? 1 : 0;
        }

        await using var json = AdminHttp.Json(http);
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteBoolean("disabled", disabled);
        json.WriteNumber("changed", changed);
        json.WriteStartArray("members");
        foreach (var member in members)
        {
            json.WriteStringValue(member.Id);
        }

        json.WriteEndArray();
        json.WritePropertyName("provider");
        ProviderJson.Write(json, provider, gateway.Pools.Find(provider.Name));
        json.WriteEndObject();
    }

    private static async Task TestAsync(HttpContext http, string name, LiveRouting live, ProviderProbe probe)
    {
        var (_, members) = Find(name, live.Current);
        string? model = null;
        string? prompt = null;
        using (var body = await AdminHttp.OptionalBodyAsync(http))
        {
            if (body is not null)
            {
                model = Text(body.RootElement, "model");
                prompt = Text(body.RootElement, "prompt");
            }
        }

        // A provider's name tests its first member; each member has its own id to test it by.
        var result = await probe.RunAsync(members[0], model, prompt, http.RequestAborted);
        await using var json = AdminHttp.Json(http);
        ProbeResult.Write(json, result);
    }

    private static string? Text(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new GodexException(GodexError.BadRequest($"'{name}' must be a non-empty string.", name));
    }

    /// <summary>A provider's members, or the one member named; 404 (409 for a skipped provider) otherwise.</summary>
    private static (IProvider Provider, IReadOnlyList<PoolMember> Members) Find(string name, RoutingState gateway)
    {
        if (gateway.Registry.Find(name) is { } provider && gateway.Pools.Find(name) is { } pool)
        {
            return (provider, pool.Members);
        }

        var hash = name.LastIndexOf('#');
        if (hash > 0 && gateway.Registry.Find(name[..hash]) is { } owner && gateway.Pools.Find(owner.Name)?.Members.FirstOrDefault(member => member.Id == name) is { } one)
        {
            return (owner, [one]);
        }

        if (gateway.Registry.FindSkipped(name) is { } skipped)
        {
            throw new GodexException(new GodexError(409, "provider.skipped", $"Provider '{name}' is not running: {skipped.Reason}"));
        }

        throw NotFound(name, gateway);
    }

    private static GodexException NotFound(string name, RoutingState gateway) =>
        new(new GodexError(404, "provider.not_found", $"No provider or pool member '{name}'. Known: {string.Join(", ", gateway.Pools.All.SelectMany(pool => pool.Members.Count == 1 ? [pool.Name] : pool.Members.Select(member => member.Id).Prepend(pool.Name)))}."));
}
