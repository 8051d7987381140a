namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The config the protocol gateways (Anthropic, Gemini, Responses) share: one provider speaking the
/// client's own protocol upstream, beside `local` (type openai) for the models it does not serve, and the mock.
/// </summary>
public static class ProtocolGatewayConfig
{
    /// <param name="upstream">Where `local` points (and, in <paramref name="provider"/>, the protocol's provider).</param>
    /// <param name="provider">The protocol's provider as one YAML line: <c>name: { type: ..., base_url: ..., api_key: ... }</c>.</param>
    /// <param name="patterns">routing.patterns, naming that provider and `local`.</param>
    public static string Yaml(ScriptedUpstream upstream, string provider, string patterns) => $$"""
        keys: [ "${GODEX_API_KEY}" ]
        providers:
          {{provider}}
          local: { type: openai, base_url: "{{upstream.ChatBaseUrl}}", api_key: "${LOCAL_API_KEY}" }
          mock: { type: mock }
        routing:
          patterns: {{patterns}}
        """;
}
