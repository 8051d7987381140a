using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Anthropic;

/// <summary>
/// Godex with a scripted upstream behind two providers: `claude` (type anthropic, base_url the host
/// root as Anthropic's SDKs take it) for claude-* models and `local` (type openai) for deepseek-* and
/// gpt-* models, plus the mock. Clients authenticate with x-api-key as Anthropic clients do.
/// </summary>
public sealed class AnthropicGateway : UpstreamGateway
{
    public const string AnthropicUpstreamKey = "sk-ant-upstream-secret";
    public const string ClientVersion = "2026-10-21";

    private AnthropicGateway(ScriptedUpstream upstream, GodexHost godex)
        : base(upstream, godex)
    {
    }

    public static Task<AnthropicGateway> StartAsync() => StartAsync(
        static upstream => ProtocolGatewayConfig.Yaml(
            upstream,
            $$"""claude: { type: anthropic, base_url: "{{upstream.RootUrl}}", api_key: "${ANTHROPIC_UPSTREAM_KEY}" }""",
            """{ claude: [ "claude-" ], local: [ "deepseek-", "gpt-" ] }"""),
        new Dictionary<string, string>(UpstreamConfig.Environment) { ["ANTHROPIC_UPSTREAM_KEY"] = AnthropicUpstreamKey },
        static (upstream, godex) => new AnthropicGateway(upstream, godex));

    /// <summary>POSTs as an Anthropic client would: x-api-key, anthropic-version and any beta flags.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string json, string? beta = null, string? key = UpstreamConfig.ClientKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Sse.Json(json) };
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        request.Headers.Add("anthropic-version", ClientVersion);
        if (beta is not null)
        {
            request.Headers.Add("anthropic-beta", beta);
        }

        return Godex.Http.SendAsync(request);
    }

    /// <summary>The (event, data) pairs of an Anthropic SSE body.</summary>
    public static List<(string Event, JsonNode Data)> Events(string body)
    {
        var events = new List<(string, JsonNode)>();
        foreach (var frame in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            var data = new StringBuilder();
            foreach (var line in frame.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line["data: ".Length..]);
                }
            }

            var node = JsonNode.Parse(data.ToString())!;
            Assert.Equal(name, (string?)node["type"]);
            events.Add((name!, node));
        }

        return events;
    }

    /// <summary>Text of all text_delta events.</summary>
    public static string Text(List<(string Event, JsonNode Data)> events) =>
        string.Concat(events.Where(e => (string?)e.Data["delta"]?["type"] == "text_delta").Select(e => (string?)e.Data["delta"]!["text"]));
}
