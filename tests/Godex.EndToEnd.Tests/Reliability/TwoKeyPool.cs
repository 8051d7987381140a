using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// A provider whose pool holds two keys to one scripted upstream (`sk-first`, `sk-second`), routed by
/// the `NAME-` prefix, with `NAME/doomed-*` falling back to the mock: the reliability suites' common setup.
/// </summary>
internal static class TwoKeyPool
{
    public static string Yaml(ScriptedUpstream upstream, string name) => $$"""
        keys: [ "${GODEX_API_KEY}" ]
        providers:
          {{name}}:
            type: openai
            base_url: {{upstream.ChatBaseUrl}}
            pool:
              - { api_key: sk-first }
              - { api_key: sk-second }
          mock:
            type: mock
        routing:
          patterns: { {{name}}: [ "{{name}}-" ] }
          fallbacks: { "{{name}}/doomed-*": [ mock/mock ] }
        """;
}
