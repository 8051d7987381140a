using Godex.Gateway.Pipeline;
using Godex.Wire;
using Godex.Wire.OpenAIChat;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.FrontDoors;

/// <summary>`POST /v1/chat/completions`: OpenAI Chat Completions in, whatever provider behind.</summary>
public static class OpenAIChatFrontDoor
{
    public static IEndpointRouteBuilder MapOpenAIChat(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/chat/completions", HandleAsync);
        return routes;
    }

    private static async Task HandleAsync(HttpContext http, ChatPipeline pipeline)
    {
        var context = GatewayContexts.Of(http);
        var request = await RequestBody.ReadAsync(http, OpenAIChatRequestReader.Read);
        var events = await pipeline.StartAsync(context, request, http.RequestAborted);
        if (!request.Stream)
        {
            var response = await ResponseAccumulator.FoldAsync(events, http.RequestAborted);
            http.Response.ContentType = "application/json";
            OpenAIChatResponseWriter.Write(http.Response.BodyWriter, response);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
            return;
        }

        using var writer = new OpenAIChatStreamWriter(request.StreamIncludeUsage);
        await EventStreamResponse.WriteAsync(http, events, writer);
    }
}
