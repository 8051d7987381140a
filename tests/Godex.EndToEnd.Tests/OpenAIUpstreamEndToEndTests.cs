using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests;

/// <summary>Chat Completions client → Godex → a scripted OpenAI-compatible upstream, checking both sides of the wire.</summary>
public sealed class OpenAIUpstreamEndToEndTests : IAsyncLifetime
{
    private UpstreamGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await UpstreamGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Alias_resolves_and_the_upstream_receives_its_own_key_model_and_messages()
    {
        _gateway.Upstream.ReplyJson(ScriptedUpstream.Fixture("openai-chat/openai-text.json"));

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """
            {"model":"fast","temperature":0.2,"max_tokens":50,"logit_bias":{"50256":-100},
             "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Invent a holiday"},{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}]}]}
            """, UpstreamConfig.ClientKey));

        Assert.Equal(200, (int)response.StatusCode);
        var received = _gateway.Upstream.Single();
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Equal("Bearer " + UpstreamConfig.UpstreamKey, received.Headers["authorization"]);
        Assert.Equal("godex-tests", received.Headers["x-team"]);
        Assert.Equal("llama-3.3-70b", (string?)received.Body!["model"]);
        Assert.Equal(0.2, (double)received.Body["temperature"]!);
        Assert.Equal(50, (int)received.Body["max_tokens"]!);
        Assert.Equal(-100, (int)received.Body["logit_bias"]!["50256"]!);
        Assert.False((bool)received.Body["stream"]!);
        var messages = received.Body["messages"]!.AsArray();
        Assert.Equal("system", (string?)messages[0]!["role"]);
        Assert.Equal("Be brief.", (string?)messages[0]!["content"]);
        Assert.Equal("https://example.com/a.png", (string?)messages[1]!["content"]![1]!["image_url"]!["url"]);
        Assert.Equal("low", (string?)messages[1]!["content"]![1]!["image_url"]!["detail"]);

        var expected = JsonNode.Parse(ScriptedUpstream.Fixture("openai-chat/openai-text.json"))!;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((string?)expected["id"], (string?)body["id"]);
        Assert.Equal((string?)expected["choices"]![0]!["message"]!["content"], (string?)body["choices"]![0]!["message"]!["content"]);
        Assert.Equal((int)expected["usage"]!["prompt_tokens"]!, (int)body["usage"]!["prompt_tokens"]!);
        Assert.Equal((int)expected["usage"]!["completion_tokens"]!, (int)body["usage"]!["completion_tokens"]!);
    }

    [Fact]
    public async Task Streamed_tool_call_arrives_whole_with_reasoning_and_usage()
    {
        _gateway.Upstream.ReplySse(ScriptedUpstream.Fixture("openai-chat/deepseek-tool-call.sse"));

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """
            {"model":"qwen-coder","stream":true,"stream_options":{"include_usage":true},
             "tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}],
             "tool_choice":{"type":"function","function":{"name":"weather"}},
             "messages":[{"role":"user","content":"Weather in San Francisco?"}]}
            """, UpstreamConfig.ClientKey));

        var received = _gateway.Upstream.Single();
        Assert.True((bool)received.Body!["stream"]!);
        Assert.True((bool)received.Body["stream_options"]!["include_usage"]!);
        Assert.Equal("weather", (string?)received.Body["tool_choice"]!["function"]!["name"]);
        Assert.Equal("weather", (string?)received.Body["tools"]![0]!["function"]!["name"]);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("[DONE]", Sse.DataLines(body)[^1]);
        var chunks = Sse.Chunks(body);
        var deltas = chunks.Where(chunk => chunk["choices"]!.AsArray().Count > 0).Select(chunk => chunk["choices"]![0]!["delta"]!).ToList();
        var reasoning = string.Concat(deltas.Select(delta => (string?)delta["reasoning_content"]));
        Assert.StartsWith("The user", reasoning, StringComparison.Ordinal);
        var pieces = deltas.Where(delta => delta["tool_calls"] is not null).Select(delta => delta["tool_calls"]![0]!).ToList();
        Assert.Equal("call_00_ioIn7yN9p1ZOMNpDLwd4MgAF", (string?)pieces[0]["id"]);
        Assert.Equal("weather", (string?)pieces[0]["function"]!["name"]);
        var arguments = JsonNode.Parse(string.Concat(pieces.Select(piece => (string?)piece["function"]!["arguments"])))!;
        Assert.Equal("San Francisco", (string?)arguments["location"]);
        Assert.Equal("tool_calls", (string?)chunks.Single(chunk => chunk["choices"]!.AsArray().Count > 0 && chunk["choices"]![0]!["finish_reason"] is JsonValue)["choices"]![0]!["finish_reason"]);

        var usage = chunks[^1]["usage"]!;
        Assert.Equal(339, (int)usage["prompt_tokens"]!);
        Assert.Equal(83, (int)usage["completion_tokens"]!);
        Assert.Equal(320, (int)usage["prompt_tokens_details"]!["cached_tokens"]!);
        Assert.Equal(39, (int)usage["completion_tokens_details"]!["reasoning_tokens"]!);
    }

    [Fact]
    public async Task Tool_round_trip_sends_the_call_and_result_back_upstream()
    {
        _gateway.Upstream.ReplyJson("""{"id":"c1","object":"chat.completion","created":1,"model":"llama-3.3-70b","choices":[{"index":0,"message":{"role":"assistant","content":"It is 21 C."},"finish_reason":"stop"}],"usage":{"prompt_tokens":30,"completion_tokens":6,"total_tokens":36}}""");

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """
            {"model":"llama-3.3-70b","messages":[
              {"role":"user","content":"Weather?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":""}}]},
              {"role":"tool","tool_call_id":"call_1","content":"21 C"}]}
            """, UpstreamConfig.ClientKey));

        Assert.Equal(200, (int)response.StatusCode);
        var messages = _gateway.Upstream.Single().Body!["messages"]!.AsArray();
        Assert.Equal("{}", (string?)messages[1]!["tool_calls"]![0]!["function"]!["arguments"]);
        Assert.Equal("call_1", (string?)messages[1]!["tool_calls"]![0]!["id"]);
        Assert.Equal("tool", (string?)messages[2]!["role"]);
        Assert.Equal("call_1", (string?)messages[2]!["tool_call_id"]);
        Assert.Equal("21 C", (string?)messages[2]!["content"]);
        Assert.Equal("It is 21 C.", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task Unknown_model_goes_to_the_default_provider_and_provider_prefix_picks_one()
    {
        _gateway.Upstream.ReplyJson("""{"id":"c2","object":"chat.completion","created":1,"model":"gpt-x","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""");
        var viaDefault = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"gpt-x","messages":[{"role":"user","content":"hi"}]}""", UpstreamConfig.ClientKey));
        Assert.Equal(200, (int)viaDefault.StatusCode);
        Assert.Equal("gpt-x", (string?)_gateway.Upstream.Single().Body!["model"]);

        var viaPrefix = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"mock/mock","messages":[{"role":"user","content":"hi"}]}""", UpstreamConfig.ClientKey));
        Assert.Equal(200, (int)viaPrefix.StatusCode);
        Assert.Single(_gateway.Upstream.Received);
    }

    [Fact]
    public async Task Upstream_error_keeps_its_status_type_and_message()
    {
        _gateway.Upstream.ReplyJson("""{"error":{"message":"Rate limit reached for requests","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}""", 429, new Dictionary<string, string> { ["retry-after"] = "7" });

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"fast","stream":true,"messages":[{"role":"user","content":"hi"}]}""", UpstreamConfig.ClientKey));

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("7", response.Headers.GetValues("retry-after").Single());
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("Rate limit reached for requests", (string?)error["message"]);
        Assert.Equal("rate_limit_error", (string?)error["type"]);
        Assert.Equal("rate_limit_exceeded", (string?)error["code"]);
    }

    [Fact]
    public async Task Upstream_plain_text_failure_keeps_its_status_and_says_which_provider()
    {
        _gateway.Upstream.ReplyText("backend exploded", 503);

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"fast","messages":[{"role":"user","content":"hi"}]}""", UpstreamConfig.ClientKey));

        Assert.Equal(503, (int)response.StatusCode);
        var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"];
        Assert.Contains("'local'", message, StringComparison.Ordinal);
        Assert.Contains("backend exploded", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_cut_off_by_the_upstream_ends_with_an_error_event_not_silence()
    {
        _gateway.Upstream.ReplySse(ScriptedUpstream.Chunks(
            """{"id":"c3","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Half an ans"},"finish_reason":null}]}"""), abortAtEnd: true);

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"fast","stream":true,"messages":[{"role":"user","content":"hi"}]}""", UpstreamConfig.ClientKey));

        Assert.Equal(200, (int)response.StatusCode);
        var lines = Sse.DataLines(await response.Content.ReadAsStringAsync());
        Assert.Contains(lines, line => line.Contains("Half an ans", StringComparison.Ordinal));
        var last = JsonNode.Parse(lines[^1])!;
        Assert.NotNull(last["error"]);
        Assert.DoesNotContain("[DONE]", lines);
    }

    [Fact]
    public async Task Client_disconnect_mid_stream_cancels_the_upstream_call()
    {
        var frames = Enumerable.Range(0, 200).Select(i => $$"""{"id":"c4","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"tick {{i}} "},"finish_reason":null}]}""").ToArray();
        _gateway.Upstream.ReplySse(ScriptedUpstream.Chunks(frames), delay: TimeSpan.FromMilliseconds(50));

        using (var request = Sse.Post("/v1/chat/completions", """{"model":"fast","stream":true,"messages":[{"role":"user","content":"hi"}]}""", UpstreamConfig.ClientKey))
        using (var response = await _gateway.Godex.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[256];
            Assert.True(await stream.ReadAsync(buffer) > 0);
        }

        var finished = await Task.WhenAny(_gateway.Upstream.ClientAborted.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.Same(_gateway.Upstream.ClientAborted.Task, finished);
    }
}
