using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.FrontDoors;

/// <summary>Reads a request body through a protocol's reader, enforcing the body limit and turning transport failures into protocol errors.</summary>
public static class RequestBody
{
    public static async Task<T> ReadAsync<T>(HttpContext http, Func<Stream, CancellationToken, ValueTask<T>> reader)
    {
        if (http.Request.ContentLength == 0)
        {
            throw new GodexException(GodexError.BadRequest("The request body is empty; send a JSON object."));
        }

        // A declared length over the limit is refused before a byte is read; a chunked body is cut off by Kestrel as it arrives.
        if (http.Request.ContentLength > http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
        {
            throw new GodexException(BodyLimit.TooLarge(http));
        }

        try
        {
            return await reader(http.Request.Body, http.RequestAborted);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new GodexException(BodyLimit.TooLarge(http));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            // Kestrel's minimum body data rate (240 B/s after a 5 s grace): the client's doing, not a fault to log loudly.
            throw new GodexException(new GodexError(408, "request.body_timeout", "The request body arrived too slowly; Kestrel stopped waiting for it."));
        }
        catch (BadHttpRequestException exception)
        {
            throw new GodexException(new GodexError(400, "request.body_incomplete", $"The request body ended before its Content-Length: {exception.Message}"));
        }
    }
}

/// <summary>The request body size limit (limits.max_body_bytes, default 32 MiB).</summary>
public static class BodyLimit
{
    public static GodexError TooLarge(HttpContext http)
    {
        var limit = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        var described = limit is { } bytes ? $"{bytes / (1024.0 * 1024.0):0.##} MiB" : "the configured limit";
        return new GodexError(413, "limit.body_too_large", $"The request body is larger than {described} (limits.max_body_bytes).");
    }
}
