using System.Text;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Godex.Bench;

/// <summary>
/// An upstream that answers at once with canned bytes, in each protocol, streaming and not, so the
/// benchmark measures the gateway and not the model. Streams have <see cref="Chunks"/> content
/// chunks; asking for model <see cref="SlowModel"/> spaces them <see cref="SlowChunkDelayMs"/> apart
/// (for open-stream tests: the model name is what a gateway surely passes on).
/// </summary>
public sealed class InstantUpstream : IAsyncDisposable
{
    public const int Chunks = 64;
    public const string SlowModel = "bench-slow";
    public const int SlowChunkDelayMs = 10;

    private static ReadOnlySpan<byte> SlowModelMarker => "\"model\":\"bench-slow\""u8;

    private static readonly byte[] ChatJson = Encoding.UTF8.GetBytes("""{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"The quick brown fox jumps over the lazy dog."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":10,"total_tokens":22}}""");
    private static readonly byte[] ChatStream = BuildChatStream();

    private readonly WebApplication _app;

    private InstantUpstream(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<InstantUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", ChatAsync);
        await app.StartAsync();
        return new InstantUpstream(app) { BaseUrl = new Uri(app.Urls.First()) };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task ChatAsync(HttpContext http)
    {
        // The body is read whole, as a real upstream would, so request size costs show up.
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var received = body.GetBuffer().AsSpan(0, (int)body.Length);
        var streaming = received.IndexOf("\"stream\":true"u8) >= 0;

        if (!streaming)
        {
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = ChatJson.Length;
            await http.Response.Body.WriteAsync(ChatJson);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        var delay = received.IndexOf(SlowModelMarker) >= 0 ? SlowChunkDelayMs : 0;
        if (delay == 0)
        {
            await http.Response.Body.WriteAsync(ChatStream);
            return;
        }

        foreach (var frame in SplitFrames(ChatStream))
        {
            await http.Response.Body.WriteAsync(frame, http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            await Task.Delay(delay, http.RequestAborted);
        }
    }

    private static byte[] BuildChatStream()
    {
        var text = new StringBuilder();
        const string Head = """data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[{"index":0,"delta":""";
        text.Append(Head).Append("""{"role":"assistant","content":""},"finish_reason":null}]}""").Append("\n\n");
        for (var i = 0; i < Chunks; i++)
        {
            text.Append(Head).Append($$"""{"content":"tok{{i}} "},"finish_reason":null}]}""").Append("\n\n");
        }

        text.Append(Head).Append("""{},"finish_reason":"stop"}]}""").Append("\n\n");
        text.Append("""data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":64,"total_tokens":76}}""").Append("\n\n");
        text.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static IEnumerable<byte[]> SplitFrames(byte[] stream)
    {
        var start = 0;
        for (var i = 0; i + 1 < stream.Length; i++)
        {
            if (stream[i] == '\n' && stream[i + 1] == '\n')
            {
                yield return stream[start..(i + 2)];
                start = i + 2;
            }
        }
    }
}
