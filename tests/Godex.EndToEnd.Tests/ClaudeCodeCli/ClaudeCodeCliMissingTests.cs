using System.Net;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.ClaudeCodeCli;

/// <summary>A claude-code-cli provider whose executable is missing: skipped at start, with the reason on /health and in the 503.</summary>
public sealed class ClaudeCodeCliMissingTests
{
    [Fact]
    public async Task A_missing_cli_skips_the_provider_and_requests_routed_to_it_get_503_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "godex-no-such-dir", "claude");
        await using var godex = await GodexHost.StartAsync($$"""
            keys: [ "${GODEX_API_KEY}" ]
            providers:
              cc:
                type: claude-code-cli
                command: {{missing}}
            routing:
              default: cc
            """, environment: UpstreamConfig.Environment);

        var health = JsonNode.Parse(await godex.Http.GetStringAsync("/health"))!;
        var entry = health["providers"]!.AsArray().Single(p => (string?)p!["name"] == "cc")!;
        Assert.Equal("skipped", (string?)entry["status"]);
        Assert.Contains(missing, (string?)entry["reason"], StringComparison.Ordinal);

        using var response = await godex.Http.SendAsync(Sse.Post("/v1/chat/completions",
            """{"model":"sonnet","messages":[{"role":"user","content":"hi"}]}""", UpstreamConfig.ClientKey));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Provider 'cc' is not available", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
