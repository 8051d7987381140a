using System.Text.Json;

using Godex.Gateway.Pipeline;
using Godex.Gateway.Sessions;
using Godex.Wire;
using Godex.Wire.Responses;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// `POST /v1/responses`: the OpenAI Responses API in, whatever provider behind. Godex keeps the state
/// (see <see cref="ResponseSessions"/>): previous_response_id is expanded into the whole conversation
/// for the upstream (or, for a provider configured `stateful`, passed on as that provider's own id), and
/// answers are stored unless the client sends store: false. `conversation`
/// objects and background mode are not supported (session.unsupported). Errors take OpenAI's shape.
/// </summary>
public static class ResponsesFrontDoor
{
    /// <summary>Codex's headers a Responses upstream may use (session affinity, caching); other upstreams never see them.</summary>
    private static readonly string[] ForwardedHeaders = ["session_id", "session-id", "conversation_id", "originator", "openai-beta"];

    public static IEndpointRouteBuilder MapResponses(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/responses", HandleAsync);
        routes.MapStoredResponses();
        return routes;
    }

    private static async Task HandleAsync(HttpContext http, ChatPipeline pipeline)
    {
        var context = GatewayContexts.Of(http);
        var request = await RequestBody.ReadAsync(http, ResponsesRequestReader.Read);
        RefuseUnsupported(request);
        request = request with { Headers = Forwarded(http.Request.Headers) };
        context.SessionKey = SessionKeys.For(http, request);
        var events = await pipeline.StartAsync(context, request, http.RequestAborted);
        var reply = new ResponsesReply(context.Turn!.Echo);
        if (!request.Stream)
        {
            var response = await ResponseAccumulator.FoldAsync(events, http.RequestAborted);
            http.Response.ContentType = "application/json";
            ResponsesResponseWriter.Write(http.Response.BodyWriter, response, reply);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
            return;
        }

        using var writer = new ResponsesStreamWriter(reply);
        await EventStreamResponse.WriteAsync(http, events, writer);
    }

    private static void RefuseUnsupported(ChatRequest request)
    {
        if (request.Extensions?.Fields.TryGetValue("conversation", out var conversation) == true && conversation.ValueKind != JsonValueKind.Null)
        {
            throw new GodexException(new GodexError(400, "session.unsupported",
                "'conversation' objects are not available in Godex: continue a conversation with previous_response_id, or send it whole in 'input'.")
            { Param = "conversation" });
        }

        if (request.Extensions?.Fields.TryGetValue("background", out var background) == true && background.ValueKind == JsonValueKind.True)
        {
            throw new GodexException(new GodexError(400, "session.unsupported",
                "'background': true (run, then poll) is not available in Godex; stream the response instead.")
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
