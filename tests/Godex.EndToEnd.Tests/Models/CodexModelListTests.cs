using System.Text.Json;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Models;

/// <summary>Codex asks /v1/models with `client_version` and `originator`; Godex answers in Codex's own catalogue shape.</summary>
public sealed class CodexModelListTests : IAsyncLifetime
{
    private const string TeamPrompt = "You are our team's coding agent.";
    private static readonly JsonSerializerOptions Strict = new() { RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true };

    private readonly string _promptFile = Path.Combine(Path.GetTempPath(), "godex-codex-" + Guid.NewGuid().ToString("N")[..8] + ".md");
    private ScriptedUpstream _upstream = null!;
    private ScriptedUpstream _anthropic = null!;

    public async Task InitializeAsync()
    {
        _upstream = await ScriptedUpstream.StartAsync();
        _anthropic = await ScriptedUpstream.StartAsync();
        await File.WriteAllTextAsync(_promptFile, TeamPrompt);
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        await _anthropic.DisposeAsync();
        File.Delete(_promptFile);
    }

    private Task<GodexHost> StartAsync() => StartAsync($"models: {{ codex_instructions_file: \"{_promptFile}\" }}");

    private async Task<GodexHost> StartAsync(string extra)
    {
        _upstream.ReplyJson("""{"object":"list","data":[{"id":"deepseek-chat"},{"id":"deepseek-reasoner","context_length":131072}]}""");
        _anthropic.ReplyJson("""{"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z","max_input_tokens":200000}],"has_more":false}""");
        return await GodexHost.StartAsync($$"""
            providers:
              deepseek: { type: deepseek, base_url: "{{_upstream.ChatBaseUrl}}" }
              claude: { type: anthropic, base_url: "{{_anthropic.BaseUrl}}", api_key: sk-ant }
            routing: { default: deepseek }
            {{extra}}
            """, environment: new Dictionary<string, string> { ["DEEPSEEK_API_KEY"] = "sk-ds" });
    }

    private static async Task<CodexModelsResponse> CodexListAsync(GodexHost godex)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models?client_version=0.169.0");
        request.Headers.Add("originator", "codex_exec");
        request.Headers.UserAgent.ParseAdd("codex_exec/0.169.0");
        var response = await godex.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonSerializer.Deserialize<CodexModelsResponse>(await response.Content.ReadAsStringAsync(), Strict)!;
    }

    [Fact]
    public async Task Codex_list_parses_as_codex_requires_and_holds_the_same_ids_as_the_openai_list()
    {
        await using var godex = await StartAsync();

        var codex = await CodexListAsync(godex);
        var openai = await ModelLists.ListAsync(godex);

        Assert.Equal(openai, codex.Models.Select(model => model.Slug));
        Assert.Equal(["deepseek-chat", "deepseek-reasoner", "claude/claude-sonnet-4-5"], openai);
        Assert.Equal(Enumerable.Range(1, codex.Models.Count), codex.Models.Select(model => model.Priority));
        Assert.All(codex.Models, model =>
        {
            Assert.Equal("list", model.Visibility);
            Assert.True(model.SupportedInApi);
            Assert.Equal(TeamPrompt, model.BaseInstructions);
        });
    }

    [Fact]
    public async Task Codex_entries_carry_what_discovery_and_the_provider_spec_say()
    {
        await using var godex = await StartAsync();

        var models = (await CodexListAsync(godex)).Models.ToDictionary(model => model.Slug);

        // DeepSeek: no reasoning control and no images (its spec); the context length its list gave.
        var reasoner = models["deepseek-reasoner"];
        Assert.Equal(131072, reasoner.ContextWindow);
        Assert.Empty(reasoner.SupportedReasoningLevels);
        Assert.Null(reasoner.DefaultReasoningLevel);
        Assert.Equal(["text"], reasoner.InputModalities);
        Assert.Null(models["deepseek-chat"].ContextWindow);

        // Anthropic: thinking budgets, images, the display name and input limit from its list.
        var claude = models["claude/claude-sonnet-4-5"];
        Assert.Equal("Claude Sonnet 4.5", claude.DisplayName);
        Assert.Equal(200000, claude.ContextWindow);
        Assert.Equal(["minimal", "low", "medium", "high", "xhigh"], claude.SupportedReasoningLevels.Select(level => level.Effort));
        Assert.Equal("thinking budget of 8192 tokens", claude.SupportedReasoningLevels[2].Description);
        Assert.Equal("medium", claude.DefaultReasoningLevel);
        Assert.Equal(["text", "image"], claude.InputModalities);
        Assert.True(claude.SupportsReasoningSummaries);
    }

    [Fact]
    public async Task Without_a_codex_prompt_codex_gets_an_empty_catalogue_and_keeps_its_own()
    {
        await using var godex = await StartAsync(extra: "");

        Assert.Empty((await CodexListAsync(godex)).Models);
        Assert.Equal(3, (await ModelLists.ListAsync(godex)).Count);
    }

    [Fact]
    public async Task Other_clients_get_openai_s_list_shape()
    {
        await using var godex = await StartAsync();

        var body = await godex.Http.GetStringAsync("/v1/models");

        Assert.StartsWith("""{"object":"list","data":[""", body, StringComparison.Ordinal);
    }
}
