using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>What the upstream received: enough to assert on headers and body.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, JsonNode? Body)
{
    /// <summary>The query string, with its leading '?' (empty when none).</summary>
    public string Query { get; init; } = "";
}

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking OpenAI Chat Completions' wire format, answering each
/// request with the next scripted reply and recording what it received.
/// </summary>
public sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _replies = new();

    private ScriptedUpstream(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>
    /// Answers any request no scripted reply is queued for, from what the request asked: for clients
    /// whose request count and order are theirs to choose (real agent CLIs send side requests).
    /// </summary>
    public Func<ReceivedRequest, HttpContext, Task>? Responder { get; set; }

    /// <summary>Set when a streaming reply saw its client (Godex) go away.</summary>
    public TaskCompletionSource ClientAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<ScriptedUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new ScriptedUpstream(app);
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        upstream.BaseUrl = new Uri(app.Urls.First());
        return upstream;
    }

    /// <summary>The `base_url` to configure, as users do for OpenAI-compatible servers.</summary>
    public string ChatBaseUrl => new Uri(BaseUrl, "/v1").ToString();

    /// <summary>The host root without a trailing slash: the `base_url` Anthropic's and Google's SDKs take.</summary>
    public string RootUrl => BaseUrl.ToString().TrimEnd('/');

    public ReceivedRequest Single()
    {
        Assert.Single(Received);
        Received.TryPeek(out var request);
        return request!;
    }

    /// <summary>Answers with <paramref name="reply"/> as written: for answers no other helper sends (cut bodies, raw encodings).</summary>
    public void Reply(Func<HttpContext, Task> reply) => _replies.Enqueue(reply);

    /// <summary>Answers <paramref name="json"/>; with <paramref name="after"/>, sends the headers at once and the body that much later (a stalled upstream).</summary>
    public void ReplyJson(string json, int status = 200, IReadOnlyDictionary<string, string>? headers = null, TimeSpan? after = null) => _replies.Enqueue(async http =>
    {
        http.Response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[name] = value;
        }

        http.Response.ContentType = "application/json";
        if (after is { } wait && !await StallAsync(http, wait))
        {
            return;
        }

        await http.Response.WriteAsync(json);
    });

    /// <summary>
    /// Streams the given SSE text but goes silent for <paramref name="stall"/> after its first
    /// <paramref name="before"/> events (headers are sent at once): a slow first token, or a slow drip.
    /// </summary>
    public void ReplySseStalling(string sse, int before, TimeSpan stall) => _replies.Enqueue(async http =>
    {
        http.Response.ContentType = "text/event-stream";
        var frames = sse.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i <= frames.Length; i++)
        {
            if (i == before && !await StallAsync(http, stall))
            {
                return;
            }

            if (i < frames.Length)
            {
                try
                {
                    await http.Response.WriteAsync(frames[i] + "\n\n", http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    ClientAborted.TrySetResult();
                    return;
                }
            }
        }
    });

    public void ReplyText(string text, int status) => _replies.Enqueue(async http =>
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync(text);
    });

    /// <summary>Streams the given SSE text, one event at a time with a flush after each.</summary>
    public void ReplySse(string sse, TimeSpan? delay = null, bool abortAtEnd = false) => _replies.Enqueue(async http =>
    {
        http.Response.ContentType = "text/event-stream";
        try
        {
            foreach (var frame in sse.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            {
                await http.Response.WriteAsync(frame + "\n\n", http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                if (delay is { } wait)
                {
                    await Task.Delay(wait, http.RequestAborted);
                }
            }
        }
        catch (OperationCanceledException)
        {
            ClientAborted.TrySetResult();
            return;
        }

        if (abortAtEnd)
        {
            // Let Godex read what was sent before the reset: a reset discards unread data.
            await Task.Delay(200);
            http.Abort();
        }
    });

    /// <summary>Flushes the headers and waits; false (with <see cref="ClientAborted"/> set) when Godex went away meanwhile.</summary>
    private async Task<bool> StallAsync(HttpContext http, TimeSpan stall)
    {
        try
        {
            await http.Response.StartAsync(http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            await Task.Delay(stall, http.RequestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            ClientAborted.TrySetResult();
            return false;
        }
    }

    public static string Chunks(params string[] jsonChunks)
    {
        var builder = new StringBuilder();
        foreach (var chunk in jsonChunks)
        {
            builder.Append("data: ").Append(chunk).Append("\n\n");
        }

        return builder.ToString();
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var headers = http.Request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString());
        var text = await new StreamReader(http.Request.Body).ReadToEndAsync();
        var received = new ReceivedRequest(http.Request.Method, http.Request.Path, headers, text.Length == 0 ? null : JsonNode.Parse(text)) { Query = http.Request.QueryString.Value ?? "" };
        Received.Enqueue(received);
        if (!_replies.TryDequeue(out var reply) && Responder is { } responder)
        {
            await responder(received, http);
            return;
        }

        if (reply is null)
        {
            http.Response.StatusCode = 599;
            await http.Response.WriteAsync("ScriptedUpstream: no reply scripted for this request");
            return;
        }

        await reply(http);
    }
}
