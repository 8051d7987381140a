using System.Text.Json;

using Godex.Gateway.Pipeline;
using Godex.Wire;
using Godex.Wire.Responses;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// `POST /v1/responses`: the OpenAI Responses API in, whatever provider behind. Stateless for now:
/// Godex stores no responses, so a request continuing a stored one (previous_response_id, conversation,
/// background) is refused with session.unsupported, and `store` is passed on but never acted on here.
/// Errors take OpenAI's shape, the same as Chat Completions.
/// </summary>
public static class ResponsesFrontDoor
{
    /// <summary>Codex's headers a Responses upstream may use (session affinity, caching); other upstreams never see them.</summary>
    private static readonly string[] ForwardedHeaders = ["session_id", "session-id", "conversation_id", "originator", "openai-beta"];

    public static IEndpointRouteBuilder MapResponses(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/responses", HandleAsync).WithMetadata(OpenAIClientProtocol.Responses);
        return routes;
    }

    private static async Task HandleAsync(HttpContext http, ChatPipeline pipeline)
    {
        var context = GatewayContexts.Of(http);
        var request = await RequestBody.ReadAsync(http, ResponsesRequestReader.ReadAsync);
        RefuseStoredState(request);
        request = request with { Headers = Forwarded(http.Request.Headers) };
        var reply = new ResponsesReply(request);
        if (!request.Stream)
        {
            var response = await pipeline.CompleteAsync(context, request, http.RequestAborted);
            http.Response.ContentType = "application/json";
            ResponsesResponseWriter.Write(http.Response.BodyWriter, response, reply);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
            return;
        }

        using var writer = new ResponsesStreamWriter(reply);
        await EventStreamResponse.WriteAsync(http, pipeline.StreamAsync(context, request, http.RequestAborted), writer);
    }

    private static void RefuseStoredState(ChatRequest request)
    {
        foreach (var field in (ReadOnlySpan<string>)["previous_response_id", "conversation"])
        {
            if (request.Extensions?.Fields.TryGetValue(field, out var value) == true && value.ValueKind != JsonValueKind.Null)
            {
                throw new GodexException(new GodexError(400, "session.unsupported",
                    $"'{field}' continues a stored conversation, and stored conversations are not available in Godex yet: send the whole conversation in 'input' (Codex does, with store: false).")
                { Param = field });
            }
        }

        if (request.Extensions?.Fields.TryGetValue("background", out var background) == true && background.ValueKind == JsonValueKind.True)
        {
            throw new GodexException(new GodexError(400, "session.unsupported",
                "'background': true needs stored responses to poll, which are not available in Godex yet; stream the response instead.")
            { Param = "background" });
        }
    }

    private static ProtocolHeaders? Forwarded(IHeaderDictionary headers)
    {
        Dictionary<string, string>? values = null;
        foreach (var (name, value) in headers)
        {
            if (ForwardedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) || name.StartsWith("x-codex-", StringComparison.OrdinalIgnoreCase))
            {
                values ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                values[name.ToLowerInvariant()] = value.ToString();
            }
        }

        return values is null ? null : new ProtocolHeaders(ResponsesProtocol.Name, values);
    }
}
