using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Hardening;

/// <summary>An upstream's error reaches a client of another family in that client's own error words (one table, ErrorTypes).</summary>
public sealed class CrossFamilyErrorTypesEndToEndTests : IAsyncLifetime
{
    private ScriptedUpstream _upstream = null!;
    private GodexHost _godex = null!;

    public async Task InitializeAsync()
    {
        _upstream = await ScriptedUpstream.StartAsync();
        _godex = await GodexHost.StartAsync($$"""
            providers:
              google: { type: gemini, base_url: "{{_upstream.RootUrl}}", api_key: gm-key, models: [ gemini-x ], discover_models: false }
              claude: { type: anthropic, base_url: "{{_upstream.RootUrl}}", api_key: sk-ant-test, models: [ claude-x ], discover_models: false }
            """);
    }

    public async Task DisposeAsync()
    {
        await _godex.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private const string GeminiQuota = """{"error":{"code":429,"message":"Quota exceeded for quota metric 'Generate Content API requests per minute'.","status":"RESOURCE_EXHAUSTED"}}""";

    private const string AnthropicOverloaded = """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""";

    [Fact]
    public async Task A_gemini_rate_limit_reaches_an_openai_client_as_rate_limit_exceeded()
    {
        _upstream.ReplyJson(GeminiQuota, status: 429);

        var error = await PostAsync("/v1/chat/completions", """{"model":"gemini-x","messages":[{"role":"user","content":"hi"}]}""", 429);

        Assert.Equal("rate_limit_error", (string?)error["error"]!["type"]);
        Assert.Equal("rate_limit_exceeded", (string?)error["error"]!["code"]);
        Assert.Contains("Quota exceeded", (string?)error["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gemini_rate_limit_reaches_a_responses_client_as_rate_limit_exceeded()
    {
        _upstream.ReplyJson(GeminiQuota, status: 429);

        var error = await PostAsync("/v1/responses", """{"model":"gemini-x","input":"hi"}""", 429);

        Assert.Equal("rate_limit_error", (string?)error["error"]!["type"]);
        Assert.Equal("rate_limit_exceeded", (string?)error["error"]!["code"]);
    }

    [Fact]
    public async Task A_gemini_rate_limit_reaches_an_anthropic_client_as_rate_limit_error()
    {
        _upstream.ReplyJson(GeminiQuota, status: 429);

        var error = await PostAsync("/v1/messages", """{"model":"gemini-x","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", 429);

        Assert.Equal("rate_limit_error", (string?)error["error"]!["type"]);
    }

    [Fact]
    public async Task An_anthropic_overload_reaches_a_gemini_client_as_unavailable_and_an_openai_client_as_server_overloaded()
    {
        _upstream.ReplyJson(AnthropicOverloaded, status: 529);
        var gemini = await PostAsync("/v1beta/models/claude-x:generateContent", """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""", 529);
        Assert.Equal("UNAVAILABLE", (string?)gemini["error"]!["status"]);

        _upstream.ReplyJson(AnthropicOverloaded, status: 529);
        var openai = await PostAsync("/v1/chat/completions", """{"model":"claude-x","messages":[{"role":"user","content":"hi"}]}""", 529);
        Assert.Equal("server_error", (string?)openai["error"]!["type"]);
        Assert.Equal("server_overloaded", (string?)openai["error"]!["code"]);
    }

    private async Task<JsonNode> PostAsync(string path, string body, int status)
    {
        var response = await _godex.Http.PostAsync(path, Sse.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
