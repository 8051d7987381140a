using System.Text.Json;

using Godex.Gateway.Pipeline;
using Godex.Wire;
using Godex.Wire.Anthropic;
using Godex.Wire.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// `POST /v1/messages` (Claude Code adds `?beta=true`) and `POST /v1/messages/count_tokens`: Anthropic
/// Messages in, whatever provider behind. Any `anthropic-version` is accepted (SDKs send newer dates
/// than the API's); it and `anthropic-beta` travel on to an Anthropic upstream only.
/// </summary>
public static class AnthropicFrontDoor
{
    private static readonly string[] KeptHeaders = ["anthropic-version", "anthropic-beta"];

    public static IEndpointRouteBuilder MapAnthropic(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/messages", HandleAsync);
        routes.MapPost("/v1/messages/count_tokens", CountAsync);
        return routes;
    }

    private static async Task HandleAsync(HttpContext http, ChatPipeline pipeline)
    {
        var context = GatewayContexts.Of(http);
        var request = WithHeaders(http, await RequestBody.ReadAsync(http, AnthropicRequestReader.Read));
        http.Response.Headers["request-id"] = context.RequestId;
        var events = await pipeline.StartAsync(context, request, http.RequestAborted);
        if (!request.Stream)
        {
            var response = await ResponseAccumulator.FoldAsync(events, http.RequestAborted);
            http.Response.ContentType = "application/json";
            AnthropicResponseWriter.Write(http.Response.BodyWriter, response);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
            return;
        }

        using var writer = new AnthropicStreamWriter();
        await EventStreamResponse.WriteAsync(http, events, writer);
    }

    private static async Task CountAsync(HttpContext http, ChatPipeline pipeline)
    {
        var context = GatewayContexts.Of(http);
        var request = WithHeaders(http, await RequestBody.ReadAsync(http, AnthropicRequestReader.ReadCount));
        var count = await pipeline.CountTokensAsync(context, request, http.RequestAborted);
        http.Response.Headers["request-id"] = context.RequestId;
        count.Describe(http.Response);
        http.Response.ContentType = "application/json";
        await using (var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("input_tokens", count.InputTokens);
            json.WriteEndObject();
        }

        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }

    private static ChatRequest WithHeaders(HttpContext http, ChatRequest request)
    {
        Dictionary<string, string>? kept = null;
        foreach (var name in KeptHeaders)
        {
            if (http.Request.Headers.TryGetValue(name, out var value) && value.Count > 0)
            {
                kept ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                kept[name] = value.ToString();
            }
        }

        return kept is null ? request : request with { Headers = new ProtocolHeaders(AnthropicProtocol.Name, kept) };
    }
}
