using Godex.Wire;
using Godex.Wire.Gemini;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.FrontDoors;

/// <summary>Gemini's error shape, `{"error":{"code","message","status"}}`, for the Gemini routes.</summary>
public sealed class GeminiErrorShape : ErrorShape
{
    public static readonly GeminiErrorShape Instance = new();

    public override string Protocol => GeminiProtocol.Name;

    public override async Task WriteErrorAsync(HttpContext http, GodexError error)
    {
        http.Response.StatusCode = error.Status;
        http.Response.ContentType = "application/json; charset=UTF-8";
        if (error.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter;
        }

        GeminiErrors.Write(http.Response.BodyWriter, error);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
