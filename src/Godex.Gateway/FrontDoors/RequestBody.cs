using Godex.Wire;
using Godex.Wire.Json;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Godex.Gateway.FrontDoors;

/// <summary>A protocol's reader of a whole request body (the span holds the body, decoded and checked).</summary>
public delegate ChatRequest RequestReader(ReadOnlySpan<byte> json);

/// <summary>
/// Reads a request body through a protocol's reader: undoes its Content-Encoding, enforces the
/// request limits (<see cref="RequestLimits"/>) and turns transport failures into protocol errors.
/// </summary>
public static class RequestBody
{
    public static async Task<ChatRequest> ReadAsync(HttpContext http, RequestReader reader)
    {
        if (http.Request.ContentLength == 0)
        {
            throw new GodexException(GodexError.BadRequest("The request body is empty; send a JSON object."));
        }

        var limits = http.RequestServices.GetRequiredService<RequestLimits>();

        // A declared length over the limit is refused before a byte is read; a chunked body is cut off by Kestrel as it arrives.
        if (http.Request.ContentLength > http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
        {
            throw new GodexException(BodyLimit.TooLarge(http));
        }

        var body = RequestEncoding.Decode(http.Request.Headers.ContentEncoding, http.Request.Body, limits.MaxBodyBytes);
        JsonBody json;
        try
        {
            json = await JsonBody.ReadAsync(body, http.RequestAborted);
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
        finally
        {
            if (!ReferenceEquals(body, http.Request.Body))
            {
                await body.DisposeAsync();
            }
        }

        using (json)
        {
            limits.CheckDepth(json.Span);
            var request = reader(json.Span);
            limits.Check(request);
            return request;
        }
    }
}

/// <summary>The request body size limit (limits.max_body_bytes, default 32 MiB).</summary>
public static class BodyLimit
{
    public static GodexError TooLarge(HttpContext http)
    {
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        var described = limit is { } bytes ? Describe(bytes) : "the configured limit";
        return new GodexError(413, "limit.body_too_large", $"The request body is larger than {described} (limits.max_body_bytes).");
    }

    public static string Describe(long bytes) => $"{bytes / (1024.0 * 1024.0):0.##} MiB";
}
