using System.Buffers;
using System.Globalization;
using System.Text.Json;

using Godex.Gateway.Common;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Routing;
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
        routes.MapPost("/v1beta/models/{**path}", HandleAsync);
        routes.MapPost("/v1/models/{**path}", HandleAsync);
        routes.MapGet("/v1beta/models", ListAsync);
        routes.MapGet("/v1beta/models/{**path}", GetAsync);
        return routes;
    }

    private static async Task HandleAsync(HttpContext http, string? path, ChatPipeline pipeline)
    {
        var (model, method) = Split(path);
        var context = GatewayContexts.Of(http);
        var request = await RequestBody.ReadAsync(http, GeminiRequestReader.Read);
        request = request with { Model = model, Stream = method == "streamGenerateContent" };
        switch (method)
        {
            case "generateContent":
                var response = await ResponseAccumulator.FoldAsync(await pipeline.StartAsync(context, request, http.RequestAborted), http.RequestAborted);

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
                    await EventStreamResponse.WriteAsync(http, await pipeline.StartAsync(context, request, http.RequestAborted), writer);
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

    /// <summary>`GET /v1beta/models`, paged as Gemini does when the client sends pageSize (the page token is an offset).</summary>
    private static async Task ListAsync(HttpContext http, ModelListing listing)
    {
        var models = await listing.ListAsync(http.RequestAborted);
        var (start, count) = Page(http.Request, models.Count);
        http.Response.ContentType = "application/json; charset=UTF-8";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
        json.WriteStartObject();
        json.WriteStartArray("models");
        foreach (var model in models.Skip(start).Take(count))
        {
            WriteModel(json, model);
        }

        json.WriteEndArray();
        if (start + count < models.Count)
        {
            json.WriteString("nextPageToken", (start + count).ToString(CultureInfo.InvariantCulture));
        }

        json.WriteEndObject();
    }

    private static (int Start, int Count) Page(HttpRequest request, int total)
    {
        var size = request.Query["pageSize"].ToString();
        var token = request.Query["pageToken"].ToString();
        var count = total;
        if (size.Length > 0 && (!int.TryParse(size, CultureInfo.InvariantCulture, out count) || count < 0))
        {
            throw new GodexException(GodexError.BadRequest($"pageSize '{size}' is not a whole number.", "pageSize"));
        }

        // Gemini: an unset or zero pageSize means 50, and no page is larger than 1000.
        count = size.Length == 0 ? total : Math.Min(count == 0 ? 50 : count, 1000);
        var start = 0;
        if (token.Length > 0 && (!int.TryParse(token, CultureInfo.InvariantCulture, out start) || start < 0 || start > total))
        {
            throw new GodexException(GodexError.BadRequest($"pageToken '{token}' is not one this server gave.", "pageToken"));
        }

        return (start, count);
    }

    private static async Task GetAsync(HttpContext http, string? path, ModelListing listing)
    {
        var wanted = GeminiProtocol.ModelId(path ?? "");
        var model = (await listing.ListAsync(http.RequestAborted)).FirstOrDefault(listed => listed.Id == wanted)
            ?? throw new GodexException(new GodexError(404, "routing.model_not_found", $"The model 'models/{wanted}' does not exist. GET /v1beta/models lists the models and aliases.") { Param = "model" });
        http.Response.ContentType = "application/json; charset=UTF-8";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
        WriteModel(json, model);
    }

    private static void WriteModel(Utf8JsonWriter json, ListedModel model)
    {
        json.WriteStartObject();
        json.WriteString("name", "models/" + model.Id);
        json.WriteString("version", GodexVersion.Current);
        json.WriteString("displayName", model.Details?.DisplayName ?? model.Id);
        json.WriteString("description", $"Served by Godex through provider '{model.Provider}'.");
        if (model.Details?.ContextWindow is { } input)
        {
            json.WriteNumber("inputTokenLimit", input);
        }

        if (model.Details?.OutputLimit is { } output)
        {
            json.WriteNumber("outputTokenLimit", output);
        }

        json.WriteStartArray("supportedGenerationMethods");
        foreach (var method in Methods)
        {
            json.WriteStringValue(method);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
