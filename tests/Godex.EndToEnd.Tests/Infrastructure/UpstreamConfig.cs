namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>A godex.yaml routing to a scripted OpenAI-compatible upstream, as a user would write it.</summary>
public static class UpstreamConfig
{
    public const string UpstreamKey = "sk-upstream-secret";
    public const string ClientKey = "godex-client-key";

    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["LOCAL_API_KEY"] = UpstreamKey,
        ["GODEX_API_KEY"] = ClientKey,
    };

    public static string Yaml(ScriptedUpstream upstream, string extra = "") => $$"""
        keys: [ "${GODEX_API_KEY}" ]
        providers:
          local:
            type: openai
            base_url: {{upstream.ChatBaseUrl}}
            api_key: ${LOCAL_API_KEY}
            models: [ llama-3.3-70b ]
            headers: { X-Team: godex-tests }
          mock:
            type: mock
        routing:
          default: local
          patterns: { local: [ "qwen-" ] }
          aliases: { fast: local/llama-3.3-70b }
        {{extra}}
        """;
}
