using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.EndToEnd.Tests.Models;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>
/// The real Codex CLI reads Godex's model list into its catalogue. Codex asks a custom provider for
/// `/models` only when the provider authenticates by command (or with a ChatGPT login), so the
/// config uses `auth.command`; `codex debug models` prints the catalogue it built, bundled models
/// and remote ones merged. An entry Codex could not parse would be missing from it.
/// </summary>
[Collection(RealClientsCollection.Name)]
[Trait("Category", "RealClients")]
public sealed class CodexModelCatalogueTests
{
    [Fact]
    public async Task Codex_cli_takes_godex_s_models_into_its_catalogue()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.ReplyJson("""{"object":"list","data":[{"id":"qwen-2.5-coder","context_length":32768},{"id":"llama-3.3-70b"}]}""");
        var prompt = Path.Combine(Path.GetTempPath(), "godex-codex-prompt-" + Guid.NewGuid().ToString("N")[..8] + ".md");
        await File.WriteAllTextAsync(prompt, "You are a coding agent working through Godex.");
        await using var godex = await GodexHost.StartAsync($$"""
            keys: [ "{{UpstreamConfig.ClientKey}}" ]
            providers:
              local: { type: openai, base_url: "{{upstream.ChatBaseUrl}}" }
              claude: { type: anthropic, base_url: "{{upstream.BaseUrl}}", api_key: sk-ant, models: [ claude-sonnet-4-5 ], discover_models: false }
            routing: { default: local }
            models: { codex_instructions_file: "{{prompt}}" }
            """);
        var scratch = GodexProcess.ScratchDirectory();
        try
        {
            var codexHome = Path.Combine(scratch, ".codex");
            Directory.CreateDirectory(codexHome);
            await File.WriteAllTextAsync(Path.Combine(codexHome, "config.toml"), $$"""
                model_provider = "godex"

                [model_providers.godex]
                name = "Godex"
                base_url = "{{new Uri(godex.BaseUrl, "/v1")}}"
                wire_api = "responses"
                request_max_retries = 0

                [model_providers.godex.auth]
                command = "echo"
                args = ["{{UpstreamConfig.ClientKey}}"]

                [analytics]
                enabled = false

                [otel]
                exporter = "none"

                [features]
                plugins = false
                remote_plugin = false
                apps = false
                """);

            var output = await ClientProcess.RunAsync(ClientsCache.Bin("codex"), ["debug", "models"], scratch,
                new Dictionary<string, string> { ["HOME"] = scratch, ["CODEX_HOME"] = codexHome }, TimeSpan.FromSeconds(60));

            Assert.True(output.ExitCode == 0, output.ToString());
            var catalogue = JsonNode.Parse(output.Stdout)!["models"]!.AsArray().ToDictionary(model => (string)model!["slug"]!);
            var listed = await ModelLists.ListAsync(godex.WithKey(UpstreamConfig.ClientKey));
            Assert.Equal(["claude-sonnet-4-5", "qwen-2.5-coder", "llama-3.3-70b"], listed);
            Assert.All(listed, id => Assert.True(catalogue.ContainsKey(id), $"Codex dropped {id}:\n{output}"));
            Assert.Equal(32768, (long)catalogue["qwen-2.5-coder"]!["context_window"]!);
            Assert.Equal("high", (string?)catalogue["claude-sonnet-4-5"]!["supported_reasoning_levels"]![3]!["effort"]);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
            File.Delete(prompt);
        }
    }
}
