using Godex.Wire;
using Godex.Wire.OpenAIChat;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.FrontDoors;

/// <summary>OpenAI's error shape; also the shape for routes that belong to no protocol (404s, /health).</summary>
public sealed class OpenAIErrorShape(string name) : ErrorShape
{
    /// <summary>Chat Completions and the routes that belong to no protocol.</summary>
    public static readonly OpenAIErrorShape Instance = new(OpenAIChatProtocol.Name);

    /// <summary>The Responses API: the same error shape, its own name on traces and metrics.</summary>
    public static readonly OpenAIErrorShape Responses = new(Wire.Responses.ResponsesProtocol.Name);

    public override string Protocol => name;

    public override async Task WriteErrorAsync(HttpContext http, GodexError error)
    {
        http.Response.StatusCode = error.Status;
        http.Response.ContentType = "application/json";
        if (error.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter;
        }

        if (error.Status == 401)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        OpenAIChatErrors.Write(http.Response.BodyWriter, error);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
