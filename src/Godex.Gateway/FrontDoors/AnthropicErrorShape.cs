using Godex.Wire;
using Godex.Wire.Anthropic;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.FrontDoors;

/// <summary>Anthropic's error shape, so Anthropic SDKs raise the exception type that matches the status.</summary>
public sealed class AnthropicErrorShape : ErrorShape
{
    public static readonly AnthropicErrorShape Instance = new();

    public override string Protocol => AnthropicProtocol.Name;

    public override async Task WriteErrorAsync(HttpContext http, GodexError error)
    {
        http.Response.StatusCode = error.Status;
        http.Response.ContentType = "application/json";
        http.Response.Headers["request-id"] = http.TraceIdentifier;
        if (error.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter;
        }

        AnthropicErrors.Write(http.Response.BodyWriter, error);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
