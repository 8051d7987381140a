using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Gemini;

/// <summary>Gemini client → Chat Completions upstream, and Chat Completions client → Gemini upstream, on recorded answers.</summary>
public sealed class GeminiCrossProtocolEndToEndTests : IAsyncLifetime
{
    private GeminiGateway _gateway = null!;

    private ScriptedUpstream Upstream => _gateway.Upstream;

    public async Task InitializeAsync() => _gateway = await GeminiGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Gemini_client_gets_a_chat_upstreams_reasoning_tool_call_and_usage_as_gemini_parts()
    {
        Upstream.ReplySse(ScriptedUpstream.Fixture("openai-chat/deepseek-tool-call.sse"));

        var response = await _gateway.PostAsync("/v1beta/models/deepseek-reasoner:streamGenerateContent?alt=sse",
            GeminiGateway.CliRequest("""[{"role":"user","parts":[{"text":"Weather in San Francisco?"}]}]"""));

        var received = Upstream.Single();
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Equal("Bearer " + UpstreamConfig.UpstreamKey, received.Headers["authorization"]);
        var body = received.Body!;
        Assert.True((bool)body["stream"]!);
        Assert.Equal("high", (string?)body["reasoning_effort"]);
        Assert.Equal(0, (double)body["temperature"]!);
        var messages = body["messages"]!.AsArray();
        Assert.Equal(("system", "You are an interactive CLI agent."), ((string?)messages[0]!["role"], (string?)messages[0]!["content"]));
        Assert.Equal(("user", "Weather in San Francisco?"), ((string?)messages[1]!["role"], (string?)messages[1]!["content"]));
        Assert.Equal("weather", (string?)body["tools"]![0]!["function"]!["name"]);
        Assert.Equal("object", (string?)body["tools"]![0]!["function"]!["parameters"]!["type"]);
        Assert.Null(body["thinkingConfig"]);

        var chunks = GeminiGateway.SseChunks(await response.Content.ReadAsStringAsync());
        var parts = GeminiGateway.Parts(chunks);
        var thought = string.Concat(parts.Where(static p => p["thought"] is not null).Select(static p => (string?)p["text"]));
        Assert.StartsWith("The user is asking for the weather in San Francisc", thought, StringComparison.Ordinal);
        var call = parts.Single(static p => p["functionCall"] is not null)["functionCall"]!;
        Assert.Equal(("call_00_ioIn7yN9p1ZOMNpDLwd4MgAF", "weather"), ((string?)call["id"], (string?)call["name"]));
        Assert.Equal("San Francisco", (string?)call["args"]!["location"]);
        Assert.Equal("STOP", (string?)chunks[^1]["candidates"]![0]!["finishReason"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"promptTokenCount":339,"candidatesTokenCount":44,"totalTokenCount":422,"cachedContentTokenCount":320,"thoughtsTokenCount":39}"""),
            chunks[^1]["usageMetadata"]));
    }

    [Fact]
    public async Task Gemini_client_tool_result_reaches_a_chat_upstream_as_a_tool_message()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("openai-chat/openai-text.json"));

        var response = await _gateway.PostAsync("/v1beta/models/gpt-4o:generateContent", GeminiGateway.CliRequest("""
            [{"role":"user","parts":[{"text":"Weather in Paris?"}]},
             {"role":"model","parts":[{"functionCall":{"id":"call_00_x","name":"weather","args":{"location":"Paris"}}}]},
             {"role":"user","parts":[{"functionResponse":{"id":"call_00_x","name":"weather","response":{"output":"21 C"}}}]}]
            """));

        Assert.Equal(200, (int)response.StatusCode);
        var messages = Upstream.Single().Body!["messages"]!.AsArray();
        var assistant = messages[2]!;
        Assert.Equal("assistant", (string?)assistant["role"]);
        Assert.Equal("call_00_x", (string?)assistant["tool_calls"]![0]!["id"]);
        Assert.Equal("Paris", (string?)JsonNode.Parse((string)assistant["tool_calls"]![0]!["function"]!["arguments"]!)!["location"]);
        Assert.Equal(("tool", "call_00_x", "21 C"), ((string?)messages[3]!["role"], (string?)messages[3]!["tool_call_id"], (string?)messages[3]!["content"]));

        var expected = (string?)JsonNode.Parse(ScriptedUpstream.Fixture("openai-chat/openai-text.json"))!["choices"]![0]!["message"]!["content"];
        var candidate = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["candidates"]![0]!;
        Assert.Equal(expected, (string?)candidate["content"]!["parts"]![0]!["text"]);
    }

    [Fact]
    public async Task Chat_client_gets_a_gemini_upstreams_call_and_its_result_goes_back_named_and_signed()
    {
        Upstream.ReplySse(ScriptedUpstream.Fixture("gemini/tool-call.sse"));

        var first = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """
            {"model":"gemini-3-pro-preview","stream":true,"stream_options":{"include_usage":true},
             "tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}],
             "messages":[{"role":"user","content":"Weather in San Francisco?"}]}
            """, UpstreamConfig.ClientKey));

        var request = Upstream.Single();
        Assert.Equal("/v1beta/models/gemini-3-pro-preview:streamGenerateContent", request.Path);
        Assert.Equal(GeminiGateway.GeminiUpstreamKey, request.Headers["x-goog-api-key"]);
        Assert.Equal("weather", (string?)request.Body!["tools"]![0]!["functionDeclarations"]![0]!["name"]);

        var chunks = Sse.Chunks(await first.Content.ReadAsStringAsync());
        var pieces = chunks.Where(static c => c["choices"]!.AsArray().Count > 0 && c["choices"]![0]!["delta"]!["tool_calls"] is not null)
            .Select(static c => c["choices"]![0]!["delta"]!["tool_calls"]![0]!).ToList();
        var callId = (string)pieces[0]["id"]!;
        Assert.StartsWith("godex_fc_", callId, StringComparison.Ordinal);
        Assert.Equal("weather", (string?)pieces[0]["function"]!["name"]);
        Assert.Equal("San Francisco", (string?)JsonNode.Parse(string.Concat(pieces.Select(static p => (string?)p["function"]!["arguments"])))!["location"]);
        Assert.Contains(chunks, static c => c["choices"]!.AsArray().Count > 0 && (string?)c["choices"]![0]!["finish_reason"] == "tool_calls");
        Assert.Equal(60, (int)chunks[^1]["usage"]!["completion_tokens"]!);
        Assert.Equal(45, (int)chunks[^1]["usage"]!["completion_tokens_details"]!["reasoning_tokens"]!);

        Upstream.ReplyJson(ScriptedUpstream.Fixture("gemini/text.json"));
        Upstream.Received.Clear();
        var second = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """
            {"model":"gemini-3-pro-preview",
             "tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}],
             "messages":[{"role":"user","content":"Weather in San Francisco?"},
               {"role":"assistant","content":null,"tool_calls":[{"id":"CALL_ID","type":"function","function":{"name":"weather","arguments":"{\"location\":\"San Francisco\"}"}}]},
               {"role":"tool","tool_call_id":"CALL_ID","content":"21 C"}]}
            """.Replace("CALL_ID", callId, StringComparison.Ordinal), UpstreamConfig.ClientKey));

        var contents = Upstream.Single().Body!["contents"]!.AsArray();
        Assert.Equal(3, contents.Count);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"functionCall":{"name":"weather","args":{"location":"San Francisco"}},"thoughtSignature":"skip_thought_signature_validator"}"""),
            contents[1]!["parts"]![0]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"role":"user","parts":[{"functionResponse":{"name":"weather","response":{"output":"21 C"}}}]}"""),
            contents[2]));

        var answer = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        Assert.Equal("There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.", (string?)answer["choices"]![0]!["message"]!["content"]);
        Assert.Equal(272, (int)answer["usage"]!["completion_tokens"]!);
        Assert.Equal(244, (int)answer["usage"]!["completion_tokens_details"]!["reasoning_tokens"]!);
    }
}
