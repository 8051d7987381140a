using System.Net.Http.Headers;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Providers;

/// <summary>
/// Each preset reaches its upstream the way that provider requires: path, auth, and the body quirks of
/// its spec. The presets point at a scripted upstream; their keys come from each preset's usual variable.
/// </summary>
public sealed class PresetWireTests : IAsyncLifetime
{
    private const string Answer = """{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}""";

    private UpstreamGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await UpstreamGateway.StartAsync(
        upstream => $$"""
            providers:
              deepseek: { type: deepseek, base_url: "{{upstream.ChatBaseUrl}}" }
              zhipu: { type: zhipu, base_url: "{{upstream.ChatBaseUrl}}" }
              minimax: { type: minimax, base_url: "{{upstream.ChatBaseUrl}}" }
              groq: { type: groq, base_url: "{{upstream.ChatBaseUrl}}" }
              xiaomi: { type: xiaomi, base_url: "{{upstream.ChatBaseUrl}}" }
              openrouter: { type: openrouter }
            routing:
              aliases: { "*": "groq/*" }
            """,
        new Dictionary<string, string>
        {
            ["DEEPSEEK_API_KEY"] = "sk-deepseek",
            ["ZHIPU_API_KEY"] = "zhipu-key",
            ["MINIMAX_API_KEY"] = "mm-key",
            ["GROQ_API_KEY"] = "gsk-groq",
            ["MIMO_API_KEY"] = "mimo-key",
        });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<(HttpResponseMessage Response, ReceivedRequest Received)> SendResponsesAsync(string model, string extra = "", IReadOnlyDictionary<string, string>? headers = null, string path = "/v1/responses")
    {
        _gateway.Upstream.ReplyJson(Answer);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = Sse.Json($$"""{"model":"{{model}}","input":"Call add","reasoning":{"effort":"high"}{{extra}}}"""),
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        var response = await _gateway.Godex.Http.SendAsync(request);
        Assert.True(_gateway.Upstream.Received.TryDequeue(out var received), await response.Content.ReadAsStringAsync());
        return (response, received!);
    }

    [Fact]
    public async Task Deepseek_gets_bearer_auth_no_effort_and_reasoning_replayed_on_tool_turns()
    {
        var (response, received) = await SendResponsesAsync("deepseek/deepseek-chat");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Equal("Bearer sk-deepseek", received.Headers["authorization"]);
        Assert.Null(received.Body!["reasoning_effort"]);

        _gateway.Upstream.ReplyJson(Answer);
        var turn = await _gateway.Godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""
            {"model":"deepseek/deepseek-reasoner","reasoning_effort":"high","messages":[
              {"role":"user","content":"add"},
              {"role":"assistant","content":null,"reasoning_content":"I should add.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"add","arguments":""}}]},
              {"role":"tool","tool_call_id":"call_1","content":"3"}]}
            """));
        Assert.Equal(200, (int)turn.StatusCode);
        Assert.True(_gateway.Upstream.Received.TryDequeue(out var second));
        var assistant = second!.Body!["messages"]![1]!;
        Assert.Equal("I should add.", (string?)assistant["reasoning_content"]);
        Assert.Equal("{}", (string?)assistant["tool_calls"]![0]!["function"]!["arguments"]);
        Assert.Null(second.Body["reasoning_effort"]);
    }

    [Fact]
    public async Task Zhipu_gets_a_thinking_switch_auto_tool_choice_and_no_stream_options()
    {
        var (response, received) = await SendResponsesAsync("zhipu/glm-4.6", ""","stream":false,"tools":[{"type":"function","name":"add","parameters":{"type":"object","properties":{}}}],"tool_choice":{"type":"function","name":"add"}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Bearer zhipu-key", received.Headers["authorization"]);
        Assert.Equal("enabled", (string?)received.Body!["thinking"]!["type"]);
        Assert.Null(received.Body["reasoning_effort"]);
        Assert.Equal("auto", (string?)received.Body["tool_choice"]);

        _gateway.Upstream.ReplySse(ScriptedUpstream.Fixture("openai-chat/openai-text.sse"));
        var stream = await _gateway.Godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"zhipu/glm-4.6","stream":true,"messages":[{"role":"user","content":"hi"}]}"""));
        await stream.Content.ReadAsStringAsync();
        Assert.True(_gateway.Upstream.Received.TryDequeue(out var streamed));
        Assert.Null(streamed!.Body!["stream_options"]);
    }

    [Fact]
    public async Task Xiaomi_gets_its_thinking_switch()
    {
        var (_, received) = await SendResponsesAsync("xiaomi/mimo-v2-flash");

        Assert.Equal("Bearer mimo-key", received.Headers["authorization"]);
        Assert.Equal("enabled", (string?)received.Body!["thinking"]!["type"]);
    }

    [Fact]
    public async Task Minimax_gets_max_completion_tokens_no_tool_choice_and_no_reasoning_setting()
    {
        var (_, received) = await SendResponsesAsync("minimax/MiniMax-M2", ""","max_output_tokens":100,"tools":[{"type":"function","name":"add","parameters":{"type":"object","properties":{}}}],"tool_choice":"required" """);

        Assert.Equal("Bearer mm-key", received.Headers["authorization"]);
        Assert.Equal(100, (int)received.Body!["max_completion_tokens"]!);
        Assert.Null(received.Body["max_tokens"]);
        Assert.Null(received.Body["tool_choice"]);
        Assert.Null(received.Body["reasoning_effort"]);
        Assert.Null(received.Body["thinking"]);
    }

    [Fact]
    public async Task Groq_keeps_the_effort_and_takes_max_completion_tokens()
    {
        var (_, received) = await SendResponsesAsync("groq/openai/gpt-oss-120b", ""","max_output_tokens":50""");

        Assert.Equal("Bearer gsk-groq", received.Headers["authorization"]);
        Assert.Equal("openai/gpt-oss-120b", (string?)received.Body!["model"]);
        Assert.Equal("high", (string?)received.Body["reasoning_effort"]);
        Assert.Equal(50, (int)received.Body["max_completion_tokens"]!);
    }

    [Fact]
    public async Task Catch_all_alias_sends_unknown_models_to_its_provider_keeping_the_name()
    {
        var (_, received) = await SendResponsesAsync("some-new-model");

        Assert.Equal("Bearer gsk-groq", received.Headers["authorization"]);
        Assert.Equal("some-new-model", (string?)received.Body!["model"]);
    }

    [Fact]
    public async Task Model_provider_header_and_path_prefix_pick_the_provider_and_x_provider_key_replaces_its_key()
    {
        var (_, byHeader) = await SendResponsesAsync("glm-4.6", headers: new Dictionary<string, string> { ["Model-Provider"] = "zhipu" });
        Assert.Equal("Bearer zhipu-key", byHeader.Headers["authorization"]);
        Assert.Equal("glm-4.6", (string?)byHeader.Body!["model"]);

        var (_, byPath) = await SendResponsesAsync("deepseek-chat", path: "/deepseek/v1/responses");
        Assert.Equal("Bearer sk-deepseek", byPath.Headers["authorization"]);

        var (_, byKey) = await SendResponsesAsync("deepseek/deepseek-chat", headers: new Dictionary<string, string> { ["X-Provider-Key"] = "sk-callers-own" });
        Assert.Equal("Bearer sk-callers-own", byKey.Headers["authorization"]);
    }

    [Fact]
    public async Task A_preset_without_its_key_variable_is_skipped_and_says_which_variable()
    {
        var health = JsonNode.Parse(await _gateway.Godex.Http.GetStringAsync("/health"))!;
        var openrouter = health["providers"]!.AsArray().Single(provider => (string?)provider!["name"] == "openrouter")!;
        Assert.Equal("skipped", (string?)openrouter["status"]);
        Assert.Contains("$OPENROUTER_API_KEY", (string?)openrouter["reason"], StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Sse.Json("""{"model":"openrouter/x","messages":[{"role":"user","content":"hi"}]}""") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "unused");
        var response = await _gateway.Godex.Http.SendAsync(request);
        Assert.Equal(503, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("{\"city\":\"Paris\"}", "answer checked against the requested JSON schema: valid")]
    [InlineData("{\"city\":42}", "answer does not match the requested JSON schema")]
    [InlineData("Paris", "answer is not valid JSON")]
    public async Task A_schema_asked_for_in_the_instructions_is_checked_against_the_answer(string answer, string expected)
    {
        _gateway.Upstream.ReplyJson($$"""{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":{{System.Text.Json.JsonSerializer.Serialize(answer)}}},"finish_reason":"stop"}]}""");

        var response = await _gateway.Godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""
            {"model":"deepseek/deepseek-chat","messages":[{"role":"user","content":"Where?"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"place","schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}}
            """));

        Assert.True(_gateway.Upstream.Received.TryDequeue(out var received));
        Assert.Equal("json_object", (string?)received!.Body!["response_format"]!["type"]);
        Assert.Contains("JSON Schema", (string?)received.Body["messages"]![0]!["content"], StringComparison.Ordinal);
        var trace = await Traces.WaitForAsync(_gateway.Godex, Traces.RequestId(response));
        Assert.Contains(trace.Degradations, degradation => degradation.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Degradations_land_on_the_trace()
    {
        var (response, _) = await SendResponsesAsync("minimax/MiniMax-M2");

        var trace = await Traces.WaitForAsync(_gateway.Godex, Traces.RequestId(response));
        Assert.Contains(trace.Degradations, degradation => degradation.StartsWith("reasoning effort high: dropped", StringComparison.Ordinal));
    }
}
