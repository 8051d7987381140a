using System.Text.Json;

using Godex.Gateway.Routing;
using Godex.Wire;
using Godex.Wire.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// `GET /v1/models` in OpenAI's list shape (or Codex's own, when Codex asks), and `GET /v1/models/{id}`,
/// from the merged list: configured models, aliases and discovered models (see <see cref="ModelListing"/>).
/// </summary>
public static class ModelsEndpoint
{
    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/models", ListAsync);
        routes.MapGet("/v1/models/{**id}", GetAsync);
        return routes;
    }

    private static async Task ListAsync(HttpContext http, ModelListing listing, CodexModels codex)
    {
        var models = await listing.ListAsync(http.RequestAborted);
        http.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
        if (CodexModels.Asks(http.Request))
        {
            codex.Write(json, models);
            return;
        }

        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        foreach (var model in models)
        {
            WriteModel(json, model);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static async Task GetAsync(HttpContext http, string id, ModelListing listing)
    {
        var model = (await listing.ListAsync(http.RequestAborted)).FirstOrDefault(listed => listed.Id == id)
            ?? throw new GodexException(new GodexError(404, "routing.model_not_found", $"The model '{id}' does not exist. GET /v1/models lists the models and aliases.") { Param = "model" });
        http.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
        WriteModel(json, model);
    }

    private static void WriteModel(Utf8JsonWriter json, ListedModel model)
    {
        json.WriteStartObject();
        json.WriteString("id", model.Id);
        json.WriteString("object", "model");
        json.WriteNumber("created", 0);
        json.WriteString("owned_by", model.Provider);
        json.WriteEndObject();
    }
}
