using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>
/// Godex with one scripted upstream behind four providers, one per upstream family, each configured
/// with the base_url its official SDKs take (OpenAI families with /v1, Anthropic and Gemini the host
/// root) and its own key, routed by model name.
/// </summary>
public sealed class ConformanceGateway : IAsyncLifetime
{
    public ScriptedUpstream Upstream { get; private set; } = null!;

    public GodexHost Godex { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await ScriptedUpstream.StartAsync();
        var root = Upstream.BaseUrl.ToString().TrimEnd('/');
        var yaml = $$"""
            keys: [ "${GODEX_API_KEY}" ]
            providers:
              chat:
                type: openai
                base_url: {{Upstream.ChatBaseUrl}}
                api_key: ${CHAT_KEY}
              responses:
                type: openai-responses
                base_url: {{Upstream.ChatBaseUrl}}
                api_key: ${RESPONSES_KEY}
              claude:
                type: anthropic
                base_url: {{root}}
                api_key: ${ANTHROPIC_KEY}
              google:
                type: gemini
                base_url: {{root}}
                api_key: ${GEMINI_KEY}
            routing:
              patterns: { chat: [ "deepseek-" ], responses: [ "gpt-" ], claude: [ "claude-" ], google: [ "gemini-" ] }
            """;
        var environment = new Dictionary<string, string>
        {
            ["GODEX_API_KEY"] = UpstreamConfig.ClientKey,
            ["CHAT_KEY"] = UpstreamFamily.ChatKey,
            ["RESPONSES_KEY"] = UpstreamFamily.ResponsesKey,
            ["ANTHROPIC_KEY"] = UpstreamFamily.AnthropicKey,
            ["GEMINI_KEY"] = UpstreamFamily.GeminiKey,
        };
        Godex = await GodexHost.StartAsync(yaml, environment: environment);
    }

    public async Task DisposeAsync()
    {
        await Godex.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
