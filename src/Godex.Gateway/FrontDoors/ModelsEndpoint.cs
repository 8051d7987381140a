using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Gateway.Hosting;
using Godex.Gateway.Providers;
using Godex.Wire;
using Godex.Wire.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.FrontDoors;

/// <summary>`GET /v1/models` in OpenAI's list shape: every provider's known models, then the aliases.</summary>
public static class ModelsEndpoint
{
    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/models", ListAsync).WithMetadata(OpenAIClientProtocol.Instance);
        routes.MapGet("/v1/models/{**id}", GetAsync).WithMetadata(OpenAIClientProtocol.Instance);
        return routes;
    }

    /// <summary>Model ids with their owner. A name two providers share is listed once bare and again as provider/model.</summary>
    public static List<(string Id, string Owner)> Catalogue(ProviderRegistry registry, GodexConfig config)
    {
        var entries = new List<(string Id, string Owner)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provider in registry.All)
        {
            foreach (var model in provider.Models)
            {
                entries.Add((seen.Add(model) ? model : $"{provider.Name}/{model}", provider.Name));
            }
        }

        foreach (var (alias, target) in config.Routing.Aliases)
        {
            if (alias != "*" && seen.Add(alias))
            {
                entries.Add((alias, target[..target.IndexOf('/', StringComparison.Ordinal)]));
            }
        }

        return entries;
    }

    private static async Task ListAsync(HttpContext http, ProviderRegistry registry, ServeOptions options)
    {
        http.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        foreach (var (id, owner) in Catalogue(registry, options.Config))
        {
            WriteModel(json, id, owner);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static async Task GetAsync(HttpContext http, string id, ProviderRegistry registry, ServeOptions options)
    {
        foreach (var (model, owner) in Catalogue(registry, options.Config))
        {
            if (model == id)
            {
                http.Response.ContentType = "application/json";
                await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
                WriteModel(json, model, owner);
                return;
            }
        }

        throw new GodexException(new GodexError(404, "routing.model_not_found", $"The model '{id}' does not exist. GET /v1/models lists the models and aliases.") { Param = "model" });
    }

    private static void WriteModel(Utf8JsonWriter json, string id, string owner)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("object", "model");
        json.WriteNumber("created", 0);
        json.WriteString("owned_by", owner);
        json.WriteEndObject();
    }
}
