using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests;

/// <summary>The README's first command: embedded defaults, the mock provider, no key, no network.</summary>
public sealed class MockProviderEndToEndTests : IAsyncLifetime
{
    private GodexHost _godex = null!;

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync();

    public async Task DisposeAsync() => await _godex.DisposeAsync();

    [Fact]
    public async Task Embedded_defaults_answer_a_chat_completion_from_the_mock()
    {
        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"mock","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("x-request-id"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("chat.completion", (string?)body["object"]);
        Assert.Equal("mock", (string?)body["model"]);
        Assert.StartsWith("chatcmpl-", (string?)body["id"], StringComparison.Ordinal);
        Assert.Equal("assistant", (string?)body["choices"]![0]!["message"]!["role"]);
        Assert.Contains("hi", (string?)body["choices"]![0]!["message"]!["content"], StringComparison.Ordinal);
        Assert.Equal("stop", (string?)body["choices"]![0]!["finish_reason"]);
        var usage = body["usage"]!;
        Assert.True((int)usage["prompt_tokens"]! > 0);
        Assert.True((int)usage["completion_tokens"]! > 0);
        Assert.Equal((int)usage["prompt_tokens"]! + (int)usage["completion_tokens"]!, (int)usage["total_tokens"]!);
    }

    [Fact]
    public async Task Embedded_defaults_stream_several_chunks_then_usage_then_done()
    {
        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json(
            """{"model":"mock","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hello there"}]}"""));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var lines = Sse.DataLines(body);
        Assert.Equal("[DONE]", lines[^1]);
        var chunks = Sse.Chunks(body);
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", (string?)chunk["object"]));
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);

        var contentChunks = chunks.Where(chunk => chunk["choices"]!.AsArray().Count > 0 && chunk["choices"]![0]!["delta"]!["content"] is JsonValue value && ((string?)value)!.Length > 0).ToList();
        Assert.True(contentChunks.Count >= 3, $"expected the answer in several chunks, got {contentChunks.Count}");
        var text = string.Concat(contentChunks.Select(chunk => (string?)chunk["choices"]![0]!["delta"]!["content"]));
        Assert.Contains("hello there", text, StringComparison.Ordinal);

        Assert.Equal("stop", (string?)chunks[^2]["choices"]![0]!["finish_reason"]);
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.True((int)chunks[^1]["usage"]!["completion_tokens"]! > 0);
    }

    [Fact]
    public async Task Stream_without_include_usage_has_no_usage_chunk()
    {
        var body = await (await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json(
            """{"model":"mock","stream":true,"messages":[{"role":"user","content":"hi"}]}"""))).Content.ReadAsStringAsync();

        Assert.All(Sse.Chunks(body), chunk => Assert.Null(chunk["usage"]));
        Assert.Equal("[DONE]", Sse.DataLines(body)[^1]);
    }

    [Fact]
    public async Task Mock_call_directive_streams_a_tool_call_with_index_id_and_arguments()
    {
        var body = await (await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json(
            """{"model":"mock","stream":true,"messages":[{"role":"user","content":"mock:call get_weather {\"city\":\"Paris\"}"}]}"""))).Content.ReadAsStringAsync();

        var chunks = Sse.Chunks(body);
        var pieces = chunks.Where(chunk => chunk["choices"]![0]!["delta"]!["tool_calls"] is not null)
            .Select(chunk => chunk["choices"]![0]!["delta"]!["tool_calls"]![0]!).ToList();
        Assert.True(pieces.Count >= 2);
        Assert.Equal(0, (int)pieces[0]["index"]!);
        Assert.Equal("get_weather", (string?)pieces[0]["function"]!["name"]);
        Assert.Equal("function", (string?)pieces[0]["type"]);
        Assert.StartsWith("call_", (string?)pieces[0]["id"], StringComparison.Ordinal);
        Assert.All(pieces.Skip(1), piece => Assert.Null(piece["id"]));
        var arguments = string.Concat(pieces.Select(piece => (string?)piece["function"]!["arguments"]));
        Assert.Equal("Paris", (string?)JsonNode.Parse(arguments)!["city"]);
        Assert.Equal("tool_calls", (string?)chunks[^1]["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task Mock_tool_loop_calls_the_tool_then_answers_with_its_result()
    {
        const string Tools = """[{"type":"function","function":{"name":"add","parameters":{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}}}}}]""";
        var first = JsonNode.Parse(await (await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json(
            $$"""{"model":"mock-tool-loop","tools":{{Tools}},"messages":[{"role":"user","content":"Call add(a=2,b=3)"}]}"""))).Content.ReadAsStringAsync())!;
        var call = first["choices"]![0]!["message"]!["tool_calls"]![0]!;
        Assert.Equal("add", (string?)call["function"]!["name"]);
        var arguments = JsonNode.Parse((string)call["function"]!["arguments"]!)!;
        Assert.Equal(2, (double)arguments["a"]!);
        Assert.Equal(3, (double)arguments["b"]!);

        var followUp = $$"""
            {"model":"mock-tool-loop","tools":{{Tools}},"messages":[
              {"role":"user","content":"Call add(a=2,b=3)"},
              {"role":"assistant","content":null,"tool_calls":[{{call.ToJsonString()}}]},
              {"role":"tool","tool_call_id":"{{(string)call["id"]!}}","content":"5"}]}
            """;
        var second = JsonNode.Parse(await (await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json(followUp))).Content.ReadAsStringAsync())!;
        Assert.Equal("stop", (string?)second["choices"]![0]!["finish_reason"]);
        Assert.Contains("add returned: 5", (string?)second["choices"]![0]!["message"]!["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mock_error_model_fails_with_the_upstream_status_in_openai_shape()
    {
        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"mock-error","stream":true,"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(500, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("server_error", (string?)error["type"]);
        Assert.Contains("mock-error", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_lists_the_mock_models_and_health_shows_the_provider()
    {
        var models = JsonNode.Parse(await _godex.Http.GetStringAsync("/v1/models"))!;
        Assert.Equal("list", (string?)models["object"]);
        var ids = models["data"]!.AsArray().Select(model => (string?)model!["id"]).ToList();
        Assert.Equal(["mock", "mock-tool-call", "mock-tool-loop", "mock-error"], ids);

        var health = JsonNode.Parse(await _godex.Http.GetStringAsync("/health"))!;
        Assert.Equal("ok", (string?)health["status"]);
        Assert.Equal("registered", (string?)health["providers"]![0]!["status"]);
    }
}
