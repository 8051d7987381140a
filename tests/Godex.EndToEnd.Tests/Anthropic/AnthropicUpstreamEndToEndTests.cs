using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Anthropic;

/// <summary>Anthropic client → Godex → a scripted Anthropic upstream replaying recorded answers: both sides of the wire checked.</summary>
public sealed class AnthropicUpstreamEndToEndTests : IAsyncLifetime
{
    /// <summary>Shaped like Claude Code's requests: cached system blocks, adaptive thinking, effort, context management, an inline system message.</summary>
    private const string ClaudeCodeLike = """
        {"model":"claude-sonnet-4-5-20250929","max_tokens":64000,
         "system":[{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],
         "tools":[{"name":"Bash","description":"Run a command","input_schema":{"type":"object","properties":{"command":{"type":"string"}}},"cache_control":{"type":"ephemeral","ttl":"1h"}},
                  {"type":"web_search_20250305","name":"web_search","max_uses":3}],
         "metadata":{"user_id":"user_1_account_2_session_3"},
         "thinking":{"type":"adaptive"},
         "output_config":{"effort":"max"},
         "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},
         "messages":[{"role":"user","content":[{"type":"text","text":"Hello","cache_control":{"type":"ephemeral"}}]},
                     {"role":"system","content":"Mind the plan."}]}
        """;

    private AnthropicGateway _gateway = null!;

    private ScriptedUpstream Upstream => _gateway.Upstream;

    public async Task InitializeAsync() => _gateway = await AnthropicGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Claude_code_request_reaches_the_upstream_unchanged_with_its_headers()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("anthropic/text.json"));

        var response = await _gateway.PostAsync("/v1/messages?beta=true", ClaudeCodeLike, beta: "claude-code-20250219,context-management-2025-06-27");

        Assert.Equal(200, (int)response.StatusCode);
        var received = Upstream.Single();
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal(AnthropicGateway.AnthropicUpstreamKey, received.Headers["x-api-key"]);
        Assert.False(received.Headers.ContainsKey("authorization"));
        Assert.Equal(AnthropicGateway.ClientVersion, received.Headers["anthropic-version"]);
        Assert.Equal("claude-code-20250219,context-management-2025-06-27", received.Headers["anthropic-beta"]);
        var sent = JsonNode.Parse(ClaudeCodeLike)!;
        Assert.True(JsonNode.DeepEquals(sent, received.Body), $"sent {sent.ToJsonString()}\nreceived {received.Body!.ToJsonString()}");

        var expected = JsonNode.Parse(ScriptedUpstream.Fixture("anthropic/text.json"))!;
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        foreach (var field in new[] { "id", "model", "content", "stop_reason" })
        {
            Assert.True(JsonNode.DeepEquals(expected[field], message[field]), field);
        }

        Assert.Equal(12, (int)message["usage"]!["input_tokens"]!);
        Assert.Equal(29, (int)message["usage"]!["output_tokens"]!);
    }

    [Fact]
    public async Task Streamed_thinking_keeps_its_signature_and_the_text_and_usage_arrive_whole()
    {
        var recorded = ScriptedUpstream.Fixture("anthropic/thinking-clear.sse");
        Upstream.ReplySse(recorded);

        var response = await _gateway.PostAsync("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":2000,"stream":true,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"925 / 5?"}]}""");

        var received = Upstream.Single();
        Assert.True((bool)received.Body!["stream"]!);
        Assert.Equal("text/event-stream", received.Headers["accept"]);
        var (sent, got) = (AnthropicGateway.Events(recorded), AnthropicGateway.Events(await response.Content.ReadAsStringAsync()));
        Assert.Equal(string.Concat(Deltas(sent, "thinking_delta", "thinking")), string.Concat(Deltas(got, "thinking_delta", "thinking")));
        Assert.Equal(Deltas(sent, "signature_delta", "signature"), Deltas(got, "signature_delta", "signature"));
        Assert.Equal(AnthropicGateway.Text(sent), AnthropicGateway.Text(got));
        Assert.Equal("msg_01Y6V41gqPaKWEw7iPouH7iW", (string?)got[0].Data["message"]!["id"]);
        JsonEqual(got[^2].Data["usage"], """{"input_tokens":69,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":53}""");
        Assert.Equal("message_stop", got[^1].Event);
    }

    [Fact]
    public async Task Streamed_tool_use_keeps_id_name_and_arguments()
    {
        Upstream.ReplySse(ScriptedUpstream.Fixture("anthropic/tool-json.sse"));

        var response = await _gateway.PostAsync("/v1/messages", """
            {"model":"claude-haiku-4-5","max_tokens":500,"stream":true,"tool_choice":{"type":"tool","name":"json"},
             "tools":[{"name":"json","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"Weather?"}]}
            """);

        JsonEqual(Upstream.Single().Body!["tool_choice"], """{"type":"tool","name":"json"}""");
        var events = AnthropicGateway.Events(await response.Content.ReadAsStringAsync());
        var block = events.Single(e => e.Event == "content_block_start").Data["content_block"]!;
        Assert.Equal(("toolu_01KFbKqPYSuAKujiL6mTfzYA", "json"), ((string?)block["id"], (string?)block["name"]));
        var json = string.Concat(Deltas(events, "input_json_delta", "partial_json"));
        JsonEqual(JsonNode.Parse(json), """{"elements":[{"location":"San Francisco","temperature":58,"condition":"sunny"}]}""");
        Assert.Equal("tool_use", (string?)events[^2].Data["delta"]!["stop_reason"]);
    }

    [Fact]
    public async Task Upstream_429_keeps_its_status_retry_after_and_anthropic_error()
    {
        Upstream.ReplyJson("""{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}""", 429, new Dictionary<string, string> { ["retry-after"] = "17" });

        var response = await _gateway.PostAsync("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("17", response.Headers.GetValues("retry-after").Single());
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("rate_limit_error", (string?)error["error"]!["type"]);
        Assert.StartsWith("Number of request tokens", (string?)error["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_event_inside_a_200_stream_reaches_the_client_as_an_error_event()
    {
        Upstream.ReplySse("""
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"usage":{"input_tokens":5,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Partial"}}

            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}


            """);

        var response = await _gateway.PostAsync("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        var events = AnthropicGateway.Events(await response.Content.ReadAsStringAsync());
        Assert.Equal("Partial", AnthropicGateway.Text(events));
        Assert.Equal("error", events[^1].Event);
        JsonEqual(events[^1].Data["error"], """{"type":"overloaded_error","message":"Overloaded"}""");
        Assert.DoesNotContain(events, e => e.Event == "message_stop");
    }

    [Fact]
    public async Task Upstream_stream_cut_off_ends_in_an_error_event_not_silence()
    {
        Upstream.ReplySse("""
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"usage":{"input_tokens":5,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Half an ans"}}


            """, abortAtEnd: true);

        var response = await _gateway.PostAsync("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        var events = AnthropicGateway.Events(await response.Content.ReadAsStringAsync());
        Assert.Equal("Half an ans", AnthropicGateway.Text(events));
        Assert.Equal("error", events[^1].Event);
        Assert.Equal("api_error", (string?)events[^1].Data["error"]!["type"]);
    }

    [Fact]
    public async Task Count_tokens_is_asked_of_the_upstream_without_limits_or_sampling()
    {
        Upstream.ReplyJson("""{"input_tokens":2095}""");

        var response = await _gateway.PostAsync("/v1/messages/count_tokens", """{"model":"claude-sonnet-4-5","system":"Be brief.","tools":[{"name":"get","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"hi"}]}""", beta: "token-counting-2024-11-01");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("provider", response.Headers.GetValues("x-godex-token-count").Single());
        JsonEqual(JsonNode.Parse(await response.Content.ReadAsStringAsync()), """{"input_tokens":2095}""");
        var received = Upstream.Single();
        Assert.Equal("/v1/messages/count_tokens", received.Path);
        Assert.Equal("token-counting-2024-11-01", received.Headers["anthropic-beta"]);
        Assert.Equal(["messages", "model", "system", "tools"], received.Body!.AsObject().Select(property => property.Key).Order());
    }

    private static List<string?> Deltas(List<(string Event, JsonNode Data)> events, string type, string field) =>
        [.. events.Where(e => (string?)e.Data["delta"]?["type"] == type).Select(e => (string?)e.Data["delta"]![field])];

    private static void JsonEqual(JsonNode? actual, string expected) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nbut got {actual?.ToJsonString()}");
}
