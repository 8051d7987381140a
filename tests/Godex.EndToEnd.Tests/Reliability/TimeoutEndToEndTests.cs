using System.Diagnostics;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// A stalled upstream through the real server, with one-second timeouts: the client gets its protocol's
/// timeout error in time (never a hang), and the upstream call is cancelled.
/// </summary>
public sealed class TimeoutEndToEndTests : IAsyncLifetime
{
    /// <summary>Far past the timeouts: a test that waits for it has hung.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(20);

    private static readonly string Drip = ScriptedUpstream.Chunks(
        """{"id":"t1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}""",
        """{"id":"t1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]}""",
        """{"id":"t1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""");

    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private UpstreamGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await UpstreamGateway.StartAsync(static upstream => $$"""
        keys: [ "${GODEX_API_KEY}" ]
        providers:
          local:
            type: openai
            base_url: {{upstream.ChatBaseUrl}}
            api_key: ${LOCAL_API_KEY}
            models: [ llama-3.3-70b ]
            first_token_timeout_seconds: 1
            idle_timeout_seconds: 1
            timeout_seconds: 60
        routing:
          default: local
        """);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Chat_whole_answer_with_a_slow_first_token_is_a_504_in_chat_shape()
    {
        _gateway.Upstream.ReplyJson(ScriptedUpstream.Fixture("openai-chat/openai-text.json"), after: Stall);

        var response = await PostAsync("/v1/chat/completions", """{"model":"llama-3.3-70b","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(504, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Contains("providers.local.first_token_timeout_seconds", (string?)error["message"], StringComparison.Ordinal);
        await AssertUpstreamCancelledAsync();
    }

    [Fact]
    public async Task Chat_stream_with_a_slow_first_token_is_a_504_before_any_chunk()
    {
        _gateway.Upstream.ReplySseStalling(Drip, before: 0, Stall);

        var response = await PostAsync("/v1/chat/completions", """{"model":"llama-3.3-70b","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(504, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Contains("first_token_timeout_seconds", (string?)error["message"], StringComparison.Ordinal);
        await AssertUpstreamCancelledAsync();
    }

    [Fact]
    public async Task Chat_stream_that_drips_past_the_idle_timeout_ends_with_an_error_chunk_and_no_done()
    {
        _gateway.Upstream.ReplySseStalling(Drip, before: 2, Stall);

        var response = await PostAsync("/v1/chat/completions", """{"model":"llama-3.3-70b","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        var lines = Sse.DataLines(await response.Content.ReadAsStringAsync());
        Assert.Equal("Hello", string.Concat(lines.SkipLast(1).Select(line => (string?)JsonNode.Parse(line)!["choices"]?[0]?["delta"]?["content"])));
        var error = JsonNode.Parse(lines[^1])!["error"]!;
        Assert.Contains("providers.local.idle_timeout_seconds", (string?)error["message"], StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", lines);
        await AssertUpstreamCancelledAsync();
    }

    [Fact]
    public async Task Anthropic_stream_with_a_slow_first_token_is_a_504_timeout_error()
    {
        _gateway.Upstream.ReplySseStalling(Drip, before: 0, Stall);

        var response = await PostAsync("/v1/messages", """{"model":"llama-3.3-70b","max_tokens":20,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(504, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("error", (string?)error["type"]);
        Assert.Equal("timeout_error", (string?)error["error"]!["type"]);
        await AssertUpstreamCancelledAsync();
    }

    [Fact]
    public async Task Anthropic_stream_that_drips_past_the_idle_timeout_ends_with_an_error_event()
    {
        _gateway.Upstream.ReplySseStalling(Drip, before: 2, Stall);

        var response = await PostAsync("/v1/messages", """{"model":"llama-3.3-70b","max_tokens":20,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"text\":\"Hel\"", body, StringComparison.Ordinal);
        Assert.Contains("event: error", body, StringComparison.Ordinal);
        var error = JsonNode.Parse(Sse.DataLines(body)[^1])!;
        Assert.Equal("timeout_error", (string?)error["error"]!["type"]);
        Assert.DoesNotContain("message_stop", body, StringComparison.Ordinal);
        await AssertUpstreamCancelledAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) => _gateway.Godex.Http.SendAsync(Sse.Post(path, json, UpstreamConfig.ClientKey));

    /// <summary>The upstream call was cancelled well before the upstream would have spoken again.</summary>
    private async Task AssertUpstreamCancelledAsync()
    {
        var aborted = _gateway.Upstream.ClientAborted.Task;
        Assert.Same(aborted, await Task.WhenAny(aborted, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.True(_elapsed.Elapsed < Stall / 2, $"took {_elapsed.Elapsed}");
    }
}
