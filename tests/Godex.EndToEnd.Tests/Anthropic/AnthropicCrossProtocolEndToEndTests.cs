using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Anthropic;

/// <summary>Anthropic client → Chat Completions upstream, and Chat Completions client → Anthropic upstream, on recorded answers.</summary>
public sealed class AnthropicCrossProtocolEndToEndTests : IAsyncLifetime
{
    private AnthropicGateway _gateway = null!;

    private ScriptedUpstream Upstream => _gateway.Upstream;

    public async Task InitializeAsync() => _gateway = await AnthropicGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Anthropic_client_gets_a_chat_upstreams_reasoning_tool_call_and_cached_usage_as_blocks()
    {
        Upstream.ReplySse(ScriptedUpstream.Fixture("openai-chat/deepseek-tool-call.sse"));

        var response = await _gateway.PostAsync("/v1/messages", """
            {"model":"deepseek-reasoner","max_tokens":1000,"stream":true,"system":[{"type":"text","text":"Use tools.","cache_control":{"type":"ephemeral"}}],
             "tools":[{"name":"weather","description":"Weather by place","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}],
             "tool_choice":{"type":"any"},"context_management":{"edits":[]},
             "messages":[{"role":"user","content":"Weather in San Francisco?"}]}
            """, beta: "claude-code-20250219");

        var received = Upstream.Single();
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Equal("Bearer " + UpstreamConfig.UpstreamKey, received.Headers["authorization"]);
        Assert.False(received.Headers.ContainsKey("anthropic-beta"));
        Assert.Null(received.Body!["context_management"]);
        Assert.Equal(1000, (int)received.Body["max_tokens"]!);
        Assert.Equal("required", (string?)received.Body["tool_choice"]);
        Assert.Equal("weather", (string?)received.Body["tools"]![0]!["function"]!["name"]);
        var messages = received.Body["messages"]!.AsArray();
        Assert.Equal(("system", "Use tools."), ((string?)messages[0]!["role"], (string?)messages[0]!["content"]));

        var events = AnthropicGateway.Events(await response.Content.ReadAsStringAsync());
        var blocks = events.Where(e => e.Event == "content_block_start").Select(e => e.Data).ToList();
        Assert.Equal([(0, "thinking"), (1, "tool_use")], blocks.Select(b => ((int)b["index"]!, (string?)b["content_block"]!["type"])));
        Assert.Equal(("call_00_ioIn7yN9p1ZOMNpDLwd4MgAF", "weather"), ((string?)blocks[1]["content_block"]!["id"], (string?)blocks[1]["content_block"]!["name"]));
        var thinking = string.Concat(events.Where(e => (string?)e.Data["delta"]?["type"] == "thinking_delta").Select(e => (string?)e.Data["delta"]!["thinking"]));
        Assert.StartsWith("The user is asking for the weather", thinking, StringComparison.Ordinal);
        var input = string.Concat(events.Where(e => (string?)e.Data["delta"]?["type"] == "input_json_delta").Select(e => (string?)e.Data["delta"]!["partial_json"]));
        Assert.Equal("San Francisco", (string?)JsonNode.Parse(input)!["location"]);
        var delta = events.Single(e => e.Event == "message_delta").Data;
        Assert.Equal("tool_use", (string?)delta["delta"]!["stop_reason"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"input_tokens":19,"cache_creation_input_tokens":0,"cache_read_input_tokens":320,"output_tokens":83}"""), delta["usage"]));
    }

    [Fact]
    public async Task Anthropic_client_gets_a_chat_upstreams_answer_as_a_message_and_its_tool_turn_is_translated()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("openai-chat/openai-text.json"));

        var response = await _gateway.PostAsync("/v1/messages", """
            {"model":"gpt-4o","max_tokens":300,"temperature":0.3,"stop_sequences":["END"],"metadata":{"user_id":"u-7"},
             "messages":[{"role":"user","content":[{"type":"text","text":"Weather?"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},
                         {"role":"assistant","content":[{"type":"thinking","thinking":"Look it up.","signature":"sig"},{"type":"tool_use","id":"toolu_9","name":"weather","input":{"city":"Paris"}}]},
                         {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"21 C"},{"type":"text","text":"And now?"}]}]}
            """);

        Assert.Equal(200, (int)response.StatusCode);
        var body = Upstream.Single().Body!;
        Assert.Equal((0.3, "END", "u-7"), ((double)body["temperature"]!, (string?)body["stop"]![0], (string?)body["user"]));
        var messages = body["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "tool", "user"], messages.Select(m => (string?)m!["role"]));
        Assert.Equal("data:image/png;base64,iVBORw0KGgo=", (string?)messages[0]!["content"]![1]!["image_url"]!["url"]);
        Assert.Equal(("toolu_9", """{"city":"Paris"}"""), ((string?)messages[1]!["tool_calls"]![0]!["id"], (string?)messages[1]!["tool_calls"]![0]!["function"]!["arguments"]));
        Assert.Equal(("toolu_9", "21 C"), ((string?)messages[2]!["tool_call_id"], (string?)messages[2]!["content"]));

        var expected = JsonNode.Parse(ScriptedUpstream.Fixture("openai-chat/openai-text.json"))!;
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((string?)expected["choices"]![0]!["message"]!["content"], (string?)message["content"]![0]!["text"]);
        Assert.Equal(("message", "end_turn"), ((string?)message["type"], (string?)message["stop_reason"]));
        Assert.Equal((int)expected["usage"]!["prompt_tokens"]!, (int)message["usage"]!["input_tokens"]!);
        Assert.Equal((int)expected["usage"]!["completion_tokens"]!, (int)message["usage"]!["output_tokens"]!);
    }

    [Fact]
    public async Task Chat_client_streams_from_an_anthropic_upstream_and_gets_openai_tool_call_chunks()
    {
        Upstream.ReplySse(ScriptedUpstream.Fixture("anthropic/tool-json.sse"));

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """
            {"model":"claude-haiku-4-5","stream":true,"stream_options":{"include_usage":true},"reasoning_effort":"low",
             "tools":[{"type":"function","function":{"name":"json","parameters":{"type":"object"}}}],"parallel_tool_calls":false,
             "messages":[{"role":"system","content":"Answer with JSON."},{"role":"user","content":"Weather?"}]}
            """, UpstreamConfig.ClientKey));

        var received = Upstream.Single();
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal(AnthropicGateway.AnthropicUpstreamKey, received.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", received.Headers["anthropic-version"]);
        Assert.False(received.Headers.ContainsKey("anthropic-beta"));
        Assert.False(received.Headers.ContainsKey("authorization"));
        var body = received.Body!;
        Assert.Equal("Answer with JSON.", (string?)body["system"]);
        Assert.Equal(("enabled", 2048), ((string?)body["thinking"]!["type"], (int)body["thinking"]!["budget_tokens"]!));
        Assert.Equal(4096 + 2048, (int)body["max_tokens"]!);
        Assert.True((bool)body["tool_choice"]!["disable_parallel_tool_use"]!);
        Assert.Equal("object", (string?)body["tools"]![0]!["input_schema"]!["type"]);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("[DONE]", Sse.DataLines(text)[^1]);
        var chunks = Sse.Chunks(text);
        var pieces = chunks.Where(c => c["choices"]!.AsArray().Count > 0 && c["choices"]![0]!["delta"]!["tool_calls"] is not null)
            .Select(c => c["choices"]![0]!["delta"]!["tool_calls"]![0]!).ToList();
        Assert.Equal(("toolu_01KFbKqPYSuAKujiL6mTfzYA", "json"), ((string?)pieces[0]["id"], (string?)pieces[0]["function"]!["name"]));
        var arguments = JsonNode.Parse(string.Concat(pieces.Select(p => (string?)p["function"]!["arguments"])))!;
        Assert.Equal("San Francisco", (string?)arguments["elements"]![0]!["location"]);
        Assert.Contains(chunks, c => c["choices"]!.AsArray().Count > 0 && (string?)c["choices"]![0]!["finish_reason"] == "tool_calls");
        Assert.Equal((849, 47), ((int)chunks[^1]["usage"]!["prompt_tokens"]!, (int)chunks[^1]["usage"]!["completion_tokens"]!));
    }

    [Fact]
    public async Task Chat_client_gets_an_anthropic_upstreams_thinking_answer_as_a_completion()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("anthropic/thinking-clear.json"));

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"developer","content":"Be exact."},{"role":"user","content":"925 / 5?"}]}""", UpstreamConfig.ClientKey));

        Assert.Equal(200, (int)response.StatusCode);
        var body = Upstream.Single().Body!;
        Assert.Equal((50, "Be exact."), ((int)body["max_tokens"]!, (string?)body["system"]));
        Assert.Null(body["stream"]);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!;
        Assert.Equal("925 ÷ 5 = 185", (string?)message["content"]);
        Assert.Equal("925 divided by 5 = 185", (string?)message["reasoning_content"]);
    }

    [Fact]
    public async Task Chat_client_request_an_anthropic_upstream_cannot_express_is_refused_naming_the_field()
    {
        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"claude-sonnet-4-5","seed":7,"messages":[{"role":"user","content":"hi"}]}""", UpstreamConfig.ClientKey));

        Assert.Equal(400, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("seed", (string?)error["param"]);
        Assert.Contains("Anthropic", (string?)error["message"], StringComparison.Ordinal);
        Assert.Empty(Upstream.Received);
    }
}
