using System.Buffers;
using System.Net.Http.Headers;

namespace Godex.Gateway.Providers;

/// <summary>The POST every JSON upstream takes: a body written in place, and an Accept header for the answer's form.</summary>
public static class UpstreamRequest
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    public static HttpRequestMessage Json(Uri endpoint, ArrayBufferWriter<byte> body, bool stream)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ReadOnlyMemoryContent(body.WrittenMemory) { Headers = { ContentType = JsonContentType } },
        };
        message.Headers.Accept.ParseAdd(stream ? "text/event-stream" : "application/json");
        return message;
    }
}
