using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>
/// Godex with one scripted upstream behind four providers, one per upstream family, each configured
/// with the base_url its official SDKs take (OpenAI families with /v1, Anthropic and Gemini the host
/// root) and its own key, routed by model name.
/// </summary>
public sealed class ConformanceGateway : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Keys = new()
    {
        ["GODEX_API_KEY"] = UpstreamConfig.ClientKey,
        ["CHAT_KEY"] = UpstreamFamily.ChatKey,
        ["RESPONSES_KEY"] = UpstreamFamily.ResponsesKey,
        ["ANTHROPIC_KEY"] = UpstreamFamily.AnthropicKey,
        ["GEMINI_KEY"] = UpstreamFamily.GeminiKey,
    };

    // A class fixture: xUnit makes it with no arguments, so it holds the started pair rather than being one.
    private UpstreamGateway _gateway = null!;

    public ScriptedUpstream Upstream => _gateway.Upstream;

    public GodexHost Godex => _gateway.Godex;

    public async Task InitializeAsync() => _gateway = await UpstreamGateway.StartAsync(Yaml, Keys);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static string Yaml(ScriptedUpstream upstream) => $$"""
        keys: [ "${GODEX_API_KEY}" ]
        providers:
          chat:
            type: openai
            base_url: {{upstream.ChatBaseUrl}}
            api_key: ${CHAT_KEY}
          responses:
            type: openai-responses
            base_url: {{upstream.ChatBaseUrl}}
            api_key: ${RESPONSES_KEY}
          claude:
            type: anthropic
            base_url: {{upstream.RootUrl}}
            api_key: ${ANTHROPIC_KEY}
          google:
            type: gemini
            base_url: {{upstream.RootUrl}}
            api_key: ${GEMINI_KEY}
        routing:
          patterns: { chat: [ "deepseek-" ], responses: [ "gpt-" ], claude: [ "claude-" ], google: [ "gemini-" ] }
        """;
}
