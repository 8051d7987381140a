using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An upstream's Chat Completions streams that send their first words, then wait for <see cref="Release"/>
/// before they finish: streams a test can hold open across a reload or a shutdown.
/// </summary>
public sealed class HeldStreams
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _open;

    /// <summary>How many streams have sent their first words and are waiting.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Makes every request to <paramref name="upstream"/> one of these streams, answering with <paramref name="words"/> split around the wait.</summary>
    public HeldStreams Serve(ScriptedUpstream upstream, string first = "held ", string rest = "open")
    {
        upstream.Responder = (_, http) => StreamAsync(http, first, rest);
        return this;
    }

    public void Release() => _release.TrySetResult();

    /// <summary>Starts a streamed Chat request through Godex; returns at its headers, the body still coming.</summary>
    public static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string model)
    {
        var request = Sse.Post("/v1/chat/completions", $$"""{"model":"{{model}}","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The streamed text a response carried, and whether it ended with `[DONE]` (within 20 s).</summary>
    public static async Task<(string Text, bool Done)> ReadAsync(HttpResponseMessage response)
    {
        // Bounded: a stream that never ends is the failure these tests look for, not a reason to hang.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var lines = Sse.DataLines(await response.Content.ReadAsStringAsync(timeout.Token));
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (line != "[DONE]")
            {
                text.Append((string?)JsonNode.Parse(line)!["choices"]?[0]?["delta"]?["content"]);
            }
        }

        return (text.ToString(), lines.Count > 0 && lines[^1] == "[DONE]");
    }

    private async Task StreamAsync(HttpContext http, string first, string rest)
    {
        http.Response.ContentType = "text/event-stream";
        await WriteAsync(http, $$"""{"id":"h1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"{{first}}"},"finish_reason":null}]}""");
        Interlocked.Increment(ref _open);
        await _release.Task.WaitAsync(http.RequestAborted);
        await WriteAsync(http, $$"""{"id":"h1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"{{rest}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5} }""");
        await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext http, string json)
    {
        await http.Response.WriteAsync("data: " + json + "\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }
}
