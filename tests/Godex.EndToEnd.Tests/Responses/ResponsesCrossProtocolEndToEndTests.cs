using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>Responses client → Chat Completions upstream, and Chat Completions client → Responses upstream, on recorded answers.</summary>
public sealed class ResponsesCrossProtocolEndToEndTests : IAsyncLifetime
{
    private ResponsesGateway _gateway = null!;

    private ScriptedUpstream Upstream => _gateway.Upstream;

    public async Task InitializeAsync() => _gateway = await ResponsesGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Responses_client_gets_a_chat_upstreams_reasoning_tool_call_and_usage_as_items_and_events()
    {
        Upstream.ReplySse(ScriptedUpstream.Fixture("openai-chat/deepseek-tool-call.sse"));

        var response = await _gateway.PostAsync("/v1/responses", """
            {"model":"deepseek-reasoner","stream":true,"instructions":"Use tools.",
             "input":[{"type":"message","role":"developer","content":[{"type":"input_text","text":"Answer in English."}]},
                      {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather in San Francisco?"}]}],
             "tools":[{"type":"function","name":"weather","description":"Weather by place","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}],
             "tool_choice":"required","store":false,"include":["reasoning.encrypted_content"],"prompt_cache_key":"k","client_metadata":{"a":"b"}}
            """);

        var received = Upstream.Single();
        Assert.Equal("/v1/chat/completions", received.Path);
        var body = received.Body!;
        Assert.Null(body["include"]);
        Assert.Null(body["prompt_cache_key"]);
        Assert.Null(body["store"]);
        Assert.Equal("required", (string?)body["tool_choice"]);
        Assert.Equal("weather", (string?)body["tools"]![0]!["function"]!["name"]);
        var messages = body["messages"]!.AsArray();
        Assert.Equal(["system", "system", "user"], messages.Select(m => (string?)m!["role"]));
        Assert.Equal("Use tools.", (string?)messages[0]!["content"]);
        Assert.True((bool)body["stream_options"]!["include_usage"]!);

        var events = ResponsesGateway.Events(await response.Content.ReadAsStringAsync());
        ResponsesGateway.AssertSequenced(events);
        var items = ResponsesGateway.DoneItems(events);
        Assert.Equal(["reasoning", "function_call"], items.Select(i => (string?)i["type"]));
        var summary = string.Concat(events.Where(e => e.Event == "response.reasoning_summary_text.delta").Select(e => (string?)e.Data["delta"]));
        Assert.StartsWith("The user is asking for the weather in San Francisc", summary, StringComparison.Ordinal);
        Assert.Equal(summary, (string?)items[0]["summary"]![0]!["text"]);
        Assert.Equal(("call_00_ioIn7yN9p1ZOMNpDLwd4MgAF", "weather"), ((string?)items[1]["call_id"], (string?)items[1]["name"]));
        var arguments = string.Concat(events.Where(e => e.Event == "response.function_call_arguments.delta").Select(e => (string?)e.Data["delta"]));
        Assert.Equal("San Francisco", (string?)JsonNode.Parse(arguments)!["location"]);
        Assert.Equal(arguments, (string?)items[1]["arguments"]);
        var usage = events[^1].Data["response"]!["usage"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"input_tokens":339,"input_tokens_details":{"cached_tokens":320},"output_tokens":83,"output_tokens_details":{"reasoning_tokens":39},"total_tokens":422}"""), usage), usage.ToJsonString());
    }

    [Fact]
    public async Task Responses_client_gets_a_chat_upstreams_whole_answer_as_a_response_object()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("openai-chat/deepseek-tool-call.json"));

        var response = await _gateway.PostAsync("/v1/responses", """
            {"model":"deepseek-reasoner","input":"Weather in San Francisco?",
             "tools":[{"type":"function","name":"weather","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}]}
            """);

        Assert.False((bool)Upstream.Single().Body!["stream"]!);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("completed", (string?)body["status"]);
        Assert.StartsWith("resp_", (string?)body["id"], StringComparison.Ordinal);
        var output = body["output"]!.AsArray();
        Assert.Equal(["reasoning", "function_call"], output.Select(i => (string?)i!["type"]));
        Assert.Equal("call_00_9V0vrf86Pc9aelHCJMZqnJBo", (string?)output[1]!["call_id"]);
        Assert.Equal(339, (int)body["usage"]!["input_tokens"]!);
        Assert.Equal(48, (int)body["usage"]!["output_tokens_details"]!["reasoning_tokens"]!);
    }

    [Fact]
    public async Task Responses_tool_turn_becomes_chat_tool_calls_and_a_tool_message()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("openai-chat/openai-text.json"));

        var response = await _gateway.PostAsync("/v1/responses", """
            {"model":"deepseek-chat","input":[
              {"type":"message","role":"user","content":"Weather?"},
              {"type":"function_call","call_id":"call_1","name":"weather","arguments":"{\"location\":\"Rome\"}"},
              {"type":"function_call_output","call_id":"call_1","output":"21 C"}]}
            """);

        var messages = Upstream.Single().Body!["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "tool"], messages.Select(m => (string?)m!["role"]));
        Assert.Equal("call_1", (string?)messages[1]!["tool_calls"]![0]!["id"]);
        Assert.Equal("{\"location\":\"Rome\"}", (string?)messages[1]!["tool_calls"]![0]!["function"]!["arguments"]);
        Assert.Equal(("call_1", "21 C"), ((string?)messages[2]!["tool_call_id"], (string?)messages[2]!["content"]));

        var recorded = JsonNode.Parse(ScriptedUpstream.Fixture("openai-chat/openai-text.json"))!;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((string?)recorded["choices"]![0]!["message"]!["content"], (string?)body["output_text"]);
        Assert.Equal("output_text", (string?)body["output"]![0]!["content"]![0]!["type"]);
    }

    [Fact]
    public async Task Hosted_tool_is_removed_for_a_chat_upstream_and_the_removal_is_recorded()
    {
        Upstream.ReplySse(ScriptedUpstream.Fixture("openai-chat/deepseek-tool-call.sse"));

        var response = await _gateway.PostAsync("/v1/responses", """{"model":"deepseek-chat","stream":true,"input":"x","tools":[{"type":"web_search"},{"type":"function","name":"weather","parameters":{"type":"object","properties":{}}}]}""");
        await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var tools = Upstream.Single().Body!["tools"]!.AsArray();
        Assert.Equal("weather", (string?)Assert.Single(tools)!["function"]!["name"]);
        var trace = await Traces.WaitForAsync(_gateway.Godex, Traces.RequestId(response));
        Assert.Contains(trace.Degradations, degradation => degradation.Contains("web_search", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chat_client_gets_a_responses_upstreams_stream_as_chunks_with_usage()
    {
        Upstream.ReplySse(ResponsesGateway.Turns("responses/reasoning-encrypted.sse")[3]);

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """
            {"model":"gpt-5.1-codex-max","stream":true,"stream_options":{"include_usage":true},
             "tools":[{"type":"function","function":{"name":"calculator","parameters":{"type":"object","properties":{"a":{"type":"number"}}}}}],
             "messages":[{"role":"system","content":"Be exact."},{"role":"user","content":"(12 + 7) * 3 * 10?"}]}
            """, UpstreamConfig.ClientKey));

        var received = Upstream.Single();
        Assert.Equal("/v1/responses", received.Path);
        Assert.Equal("Bearer " + UpstreamConfig.UpstreamKey, received.Headers["authorization"]);
        var body = received.Body!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            [{"type":"message","role":"system","content":[{"type":"input_text","text":"Be exact."}]},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"(12 + 7) * 3 * 10?"}]}]
            """), body["input"]), body["input"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"type":"function","name":"calculator","parameters":{"type":"object","properties":{"a":{"type":"number"}}},"strict":false}]"""), body["tools"]));
        Assert.True((bool)body["stream"]!);
        Assert.False((bool)body["store"]!);
        Assert.Null(body["stream_options"]);

        var chunks = Sse.Chunks(await response.Content.ReadAsStringAsync());
        var text = string.Concat(chunks.Where(c => c["choices"]!.AsArray().Count > 0).Select(c => (string?)c["choices"]![0]!["delta"]!["content"]));
        Assert.Equal("The final result is **570**.", text);
        Assert.Equal("stop", (string?)chunks.Single(c => c["choices"]!.AsArray().Count > 0 && c["choices"]![0]!["finish_reason"] is JsonValue)["choices"]![0]!["finish_reason"]);
        Assert.Equal((299, 12), ((int)chunks[^1]["usage"]!["prompt_tokens"]!, (int)chunks[^1]["usage"]!["completion_tokens"]!));
    }

    [Fact]
    public async Task Chat_client_gets_a_responses_upstreams_reasoning_and_tool_call()
    {
        Upstream.ReplySse(ResponsesGateway.Turns("responses/reasoning-encrypted.sse")[0]);

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """
            {"model":"gpt-5.1-codex-max","stream":true,"reasoning_effort":"high","messages":[{"role":"user","content":"(12 + 7) * 3 * 10?"}],
             "tools":[{"type":"function","function":{"name":"calculator","parameters":{"type":"object"}}}]}
            """, UpstreamConfig.ClientKey));

        Assert.Equal("high", (string?)Upstream.Single().Body!["reasoning"]!["effort"]);
        var deltas = Sse.Chunks(await response.Content.ReadAsStringAsync()).Where(c => c["choices"]!.AsArray().Count > 0).Select(c => c["choices"]![0]!).ToList();
        var reasoning = string.Concat(deltas.Select(d => (string?)d["delta"]!["reasoning_content"]));
        Assert.StartsWith("**Calculating step-by-step using calculator**", reasoning, StringComparison.Ordinal);
        var call = deltas.Select(d => d["delta"]!["tool_calls"]).First(c => c is not null)![0]!;
        Assert.Equal(("call_AB6AaRZ1FYZB2RwS6A5vbdqn", "calculator"), ((string?)call["id"], (string?)call["function"]!["name"]));
        var arguments = string.Concat(deltas.Where(d => d["delta"]!["tool_calls"] is not null).Select(d => (string?)d["delta"]!["tool_calls"]![0]!["function"]!["arguments"]));
        Assert.Equal("{\"a\":12,\"b\":7,\"op\":\"add\"}", arguments);
        Assert.Equal("tool_calls", (string?)deltas.Last()["finish_reason"]);
    }

    [Fact]
    public async Task Chat_client_gets_a_responses_upstreams_whole_answer_as_a_completion()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("responses/reasoning-encrypted.json"));

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"gpt-5-mini","messages":[{"role":"user","content":"(12 + 7) * 3 * 10?"}]}""", UpstreamConfig.ClientKey));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var message = body["choices"]![0]!["message"]!;
        Assert.Equal("12 + 7 = 19\n19 × 3 = 57\n57 × 10 = 570\n\nFinal result: 570", (string?)message["content"]);
        Assert.StartsWith("**Reporting final result**", (string?)message["reasoning_content"], StringComparison.Ordinal);
        Assert.Equal("stop", (string?)body["choices"]![0]!["finish_reason"]);
        Assert.Equal((865, 163, 128), ((int)body["usage"]!["prompt_tokens"]!, (int)body["usage"]!["completion_tokens"]!, (int)body["usage"]!["completion_tokens_details"]!["reasoning_tokens"]!));
    }

    [Fact]
    public async Task Chat_setting_the_responses_api_lacks_is_refused_naming_it()
    {
        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"gpt-5-mini","stop":["END"],"messages":[{"role":"user","content":"hi"}]}""", UpstreamConfig.ClientKey));

        Assert.Equal(400, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("stop", (string?)error["param"]);
        Assert.Empty(Upstream.Received);
    }
}
