using System.Buffers;
using System.Text.Json;

using Godex.Gateway.Hosting;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Providers;
using Godex.Wire;
using Godex.Wire.Gemini;
using Godex.Wire.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// The Gemini API: `POST /v1beta/models/{model}:generateContent`, `:streamGenerateContent` (SSE with
/// `alt=sse`, else one JSON array) and `:countTokens`, also under `/v1/`; `GET /v1beta/models` and
/// `GET /v1beta/models/{model}` from the same catalogue as `GET /v1/models`. A `:` inside a path
/// segment does not fit ASP.NET route templates, so the method is split off a catch-all here.
/// </summary>
public static class GeminiFrontDoor
{
    private static readonly string[] Methods = ["generateContent", "streamGenerateContent", "countTokens"];

    public static IEndpointRouteBuilder MapGemini(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1beta/models/{**path}", HandleAsync).WithMetadata(GeminiClientProtocol.Instance);
        routes.MapPost("/v1/models/{**path}", HandleAsync).WithMetadata(GeminiClientProtocol.Instance);
        routes.MapGet("/v1beta/models", ListAsync).WithMetadata(GeminiClientProtocol.Instance);
        routes.MapGet("/v1beta/models/{**path}", GetAsync).WithMetadata(GeminiClientProtocol.Instance);
        return routes;
    }

    private static async Task HandleAsync(HttpContext http, string? path, ChatPipeline pipeline)
    {
        var (model, method) = Split(path);
        var context = GatewayContexts.Of(http);
        var request = await RequestBody.ReadAsync(http, GeminiRequestReader.ReadAsync);
        request = request with { Model = model };
        switch (method)
        {
            case "generateContent":
                var response = await pipeline.CompleteAsync(context, request with { Stream = false }, http.RequestAborted);

                // Written aside first: an answer Gemini cannot express fails whole, not after half a body.
                var body = new ArrayBufferWriter<byte>(4096);
                GeminiResponseWriter.Write(body, response);
                http.Response.ContentType = "application/json; charset=UTF-8";
                await http.Response.BodyWriter.WriteAsync(body.WrittenMemory, http.RequestAborted);
                break;
            case "streamGenerateContent":
                var sse = string.Equals(http.Request.Query["alt"], "sse", StringComparison.OrdinalIgnoreCase);
                if (!sse)
                {
                    // Without alt=sse Gemini answers one JSON array, written chunk by chunk, as application/json.
                    http.Response.OnStarting(static state =>
                    {
                        ((HttpResponse)state).ContentType = "application/json; charset=UTF-8";
                        return Task.CompletedTask;
                    }, http.Response);
                }

                using (var writer = new GeminiStreamWriter(sse))
                {
                    await EventStreamResponse.WriteAsync(http, pipeline.StreamAsync(context, request with { Stream = true }, http.RequestAborted), writer);
                }

                break;
            default:
                var count = await pipeline.CountTokensAsync(context, request, http.RequestAborted);
                count.Describe(http.Response);
                http.Response.ContentType = "application/json; charset=UTF-8";
                GeminiCountTokens.Write(http.Response.BodyWriter, count.InputTokens);
                await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
                break;
        }
    }

    /// <summary>`gemini-2.5-flash:generateContent` (or `models/...`, or `provider/model:...`) into model and method.</summary>
    private static (string Model, string Method) Split(string? path)
    {
        var colon = path?.LastIndexOf(':') ?? -1;
        var method = colon < 0 ? "" : path![(colon + 1)..];
        if (colon <= 0 || Array.IndexOf(Methods, method) < 0)
        {
            throw new GodexException(new GodexError(404, "server.not_found",
                $"No Gemini method at models/{path}. Godex serves models/{{model}}:generateContent, :streamGenerateContent and :countTokens."));
        }

        return (GeminiProtocol.ModelId(path![..colon]), method);
    }

    private static async Task ListAsync(HttpContext http, ProviderRegistry registry, ServeOptions options)
    {
        http.Response.ContentType = "application/json; charset=UTF-8";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
        json.WriteStartObject();
        json.WriteStartArray("models");
        foreach (var (id, owner) in ModelsEndpoint.Catalogue(registry, options.Config))
        {
            WriteModel(json, id, owner);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static async Task GetAsync(HttpContext http, string? path, ProviderRegistry registry, ServeOptions options)
    {
        var wanted = GeminiProtocol.ModelId(path ?? "");
        foreach (var (id, owner) in ModelsEndpoint.Catalogue(registry, options.Config))
        {
            if (id == wanted)
            {
                http.Response.ContentType = "application/json; charset=UTF-8";
                await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
                WriteModel(json, id, owner);
                return;
            }
        }

        throw new GodexException(new GodexError(404, "routing.model_not_found", $"The model 'models/{wanted}' does not exist. GET /v1beta/models lists the models and aliases.") { Param = "model" });
    }

    private static void WriteModel(Utf8JsonWriter json, string id, string owner)
    {
        json.WriteStartObject();
        json.WriteString("name", "models/" + id);
        json.WriteString("version", GodexVersion.Current);
        json.WriteString("displayName", id);
        json.WriteString("description", $"Served by Godex through provider '{owner}'.");
        json.WriteStartArray("supportedGenerationMethods");
        foreach (var method in Methods)
        {
            json.WriteStringValue(method);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
