using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Models;

/// <summary>
/// Each upstream family is asked for its model list on its own wire (path, auth, pages), and what it
/// lists joins Godex's /v1/models and /v1beta/models with ids a client can send back.
/// </summary>
public sealed class ModelDiscoveryTests : IAsyncLifetime
{
    private ScriptedUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await ScriptedUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task OpenAI_compatible_upstream_is_asked_for_base_url_models_with_its_bearer_key_and_headers()
    {
        _upstream.ReplyJson(ModelLists.OpenAI("llama-3.3-70b", "qwen-2.5-coder"));
        await using var godex = await GodexHost.StartAsync(UpstreamConfig.Yaml(_upstream), environment: UpstreamConfig.Environment);
        godex.WithKey(UpstreamConfig.ClientKey);

        var ids = await ListAsync(godex);

        var listing = Assert.Single(ModelLists.Listings(_upstream));
        Assert.Equal("/v1/models", listing.Path);
        Assert.Equal("Bearer sk-upstream-secret", listing.Headers["authorization"]);
        Assert.Equal("godex-tests", listing.Headers["x-team"]);

        // Configured once, discovered-only bare (the default provider routes it), mock's own and the alias.
        Assert.Equal(1, ids.Count(id => id == "llama-3.3-70b"));
        Assert.Contains("qwen-2.5-coder", ids);
        Assert.Contains("mock-tool-loop", ids);
        Assert.Contains("fast", ids);
    }

    [Fact]
    public async Task Discovered_model_of_a_non_default_provider_is_listed_as_provider_slash_model_and_routes_there()
    {
        await using var other = await ScriptedUpstream.StartAsync();
        _upstream.ReplyJson(ModelLists.OpenAI("llama-3.3-70b"));
        other.ReplyJson(ModelLists.OpenAI("deepseek-chat", "deepseek-reasoner"));
        await using var godex = await GodexHost.StartAsync(UpstreamConfig.Yaml(_upstream).Replace("  mock:\n", $"  deepseek:\n    type: deepseek\n    base_url: {other.ChatBaseUrl}\n  mock:\n", StringComparison.Ordinal), environment: new Dictionary<string, string>(UpstreamConfig.Environment) { ["DEEPSEEK_API_KEY"] = "sk-deepseek" });
        godex.WithKey(UpstreamConfig.ClientKey);

        var ids = await ListAsync(godex);

        Assert.Equal("Bearer sk-deepseek", Assert.Single(ModelLists.Listings(other)).Headers["authorization"]);
        Assert.Contains("deepseek-chat", ids); // the preset's default model: configured, so listed bare
        Assert.Contains("deepseek/deepseek-reasoner", ids);
        Assert.DoesNotContain("deepseek-reasoner", ids);

        var one = JsonNode.Parse(await godex.Http.GetStringAsync("/v1/models/deepseek/deepseek-reasoner"))!;
        Assert.Equal("deepseek", (string?)one["owned_by"]);

        other.ReplyJson("""{"id":"c","object":"chat.completion","created":1,"model":"deepseek-reasoner","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""");
        var chat = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"deepseek/deepseek-reasoner","messages":[{"role":"user","content":"hi"}]}"""));
        Assert.Equal(200, (int)chat.StatusCode);
        Assert.Equal("deepseek-reasoner", (string?)other.Received.Last().Body!["model"]);
    }

    [Fact]
    public async Task Anthropic_upstream_is_paged_with_after_id_under_its_key_and_version()
    {
        _upstream.Responder = (received, http) => received.Query.Contains("after_id=claude-b", StringComparison.Ordinal)
            ? Json(http, """{"data":[{"type":"model","id":"claude-c","display_name":"Claude C","created_at":"2026-01-01T00:00:00Z"}],"has_more":false,"first_id":"claude-c","last_id":"claude-c"}""")
            : Json(http, """{"data":[{"type":"model","id":"claude-a","display_name":"Claude A","created_at":"2026-03-01T00:00:00Z"},{"type":"model","id":"claude-b","display_name":"Claude B","created_at":"2026-02-01T00:00:00Z"}],"has_more":true,"first_id":"claude-a","last_id":"claude-b"}""");
        await using var godex = await GodexHost.StartAsync($$"""
            providers:
              claude: { type: anthropic, base_url: "{{_upstream.BaseUrl}}", api_key: sk-ant-test }
            """);

        var ids = await ListAsync(godex);

        var pages = ModelLists.Listings(_upstream);
        Assert.Equal(2, pages.Count);
        Assert.All(pages, page =>
        {
            Assert.Equal("/v1/models", page.Path);
            Assert.Equal("sk-ant-test", page.Headers["x-api-key"]);
            Assert.Equal("2023-06-01", page.Headers["anthropic-version"]);
        });
        Assert.Equal("?limit=1000", pages[0].Query);
        Assert.Equal("?limit=1000&after_id=claude-b", pages[1].Query);
        Assert.Equal(["claude-a", "claude-b", "claude-c"], ids);

        var gemini = JsonNode.Parse(await godex.Http.GetStringAsync("/v1beta/models/claude-c"))!;
        Assert.Equal("models/claude-c", (string?)gemini["name"]);
        Assert.Equal("Claude C", (string?)gemini["displayName"]);
    }

    [Fact]
    public async Task Gemini_upstream_is_paged_with_page_token_and_only_generate_content_models_are_kept()
    {
        _upstream.Responder = (received, http) => received.Query.Contains("pageToken=p2", StringComparison.Ordinal)
            ? Json(http, """{"models":[{"name":"models/gemini-2.5-pro","displayName":"Gemini 2.5 Pro","inputTokenLimit":1048576,"outputTokenLimit":65536,"supportedGenerationMethods":["generateContent","countTokens"]}]}""")
            : Json(http, """{"models":[{"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash","inputTokenLimit":1048576,"outputTokenLimit":65536,"supportedGenerationMethods":["generateContent","countTokens","createCachedContent"]},{"name":"models/text-embedding-004","displayName":"Text Embedding 004","inputTokenLimit":2048,"outputTokenLimit":1,"supportedGenerationMethods":["embedContent"]}],"nextPageToken":"p2"}""");
        await using var godex = await GodexHost.StartAsync($$"""
            providers:
              google: { type: gemini, base_url: "{{_upstream.BaseUrl}}", api_key: gm-key }
            """);

        var list = JsonNode.Parse(await godex.Http.GetStringAsync("/v1beta/models"))!;

        var pages = ModelLists.Listings(_upstream);
        Assert.Equal(2, pages.Count);
        Assert.All(pages, page =>
        {
            Assert.Equal("/v1beta/models", page.Path);
            Assert.Equal("gm-key", page.Headers["x-goog-api-key"]);
        });
        Assert.Equal("?pageSize=1000", pages[0].Query);
        Assert.Equal("?pageSize=1000&pageToken=p2", pages[1].Query);
        var models = list["models"]!.AsArray();
        Assert.Equal(["models/gemini-2.5-flash", "models/gemini-2.5-pro"], models.Select(model => (string)model!["name"]!));
        Assert.Equal("Gemini 2.5 Flash", (string?)models[0]!["displayName"]);
        Assert.Equal(1048576, (long)models[0]!["inputTokenLimit"]!);
        Assert.Equal(65536, (long)models[0]!["outputTokenLimit"]!);
        Assert.Contains("generateContent", models[0]!["supportedGenerationMethods"]!.AsArray().Select(method => (string)method!));
        Assert.Null(list["nextPageToken"]);
    }

    [Fact]
    public async Task Responses_upstream_is_asked_for_openai_s_model_list()
    {
        _upstream.ReplyJson(ModelLists.OpenAI("gpt-5.1", "gpt-5.1-codex"));
        await using var godex = await GodexHost.StartAsync($$"""
            providers:
              openai: { type: openai-responses, base_url: "{{_upstream.ChatBaseUrl}}", api_key: sk-openai }
            """);

        var ids = await ListAsync(godex);

        var listing = Assert.Single(ModelLists.Listings(_upstream));
        Assert.Equal("/v1/models", listing.Path);
        Assert.Equal("Bearer sk-openai", listing.Headers["authorization"]);
        Assert.Equal(["gpt-5.1", "gpt-5.1-codex"], ids);
    }

    [Fact]
    public async Task Gemini_front_door_pages_its_own_list_when_the_client_sends_page_size()
    {
        _upstream.ReplyJson(ModelLists.OpenAI("m1", "m2", "m3"));
        await using var godex = await GodexHost.StartAsync($$"""
            providers:
              local: { type: openai, base_url: "{{_upstream.ChatBaseUrl}}" }
            """);

        var first = JsonNode.Parse(await godex.Http.GetStringAsync("/v1beta/models?pageSize=2"))!;
        var token = (string)first["nextPageToken"]!;
        var second = JsonNode.Parse(await godex.Http.GetStringAsync($"/v1beta/models?pageSize=2&pageToken={token}"))!;

        Assert.Equal(["models/m1", "models/m2"], first["models"]!.AsArray().Select(model => (string)model!["name"]!));
        Assert.Equal(["models/m3"], second["models"]!.AsArray().Select(model => (string)model!["name"]!));
        Assert.Null(second["nextPageToken"]);
    }

    [Fact]
    public async Task Provider_with_discover_models_false_is_not_asked()
    {
        await using var godex = await GodexHost.StartAsync($$"""
            providers:
              local: { type: openai, base_url: "{{_upstream.ChatBaseUrl}}", models: [ only-this ], discover_models: false }
            """);

        Assert.Equal(["only-this"], await ListAsync(godex));
        Assert.Empty(_upstream.Received);
    }

    private static Task<List<string>> ListAsync(GodexHost godex) => ModelLists.ListAsync(godex);

    private static async Task Json(HttpContext http, string json)
    {
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json);
    }
}
