using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>OpenAI's Codex CLI (`codex exec`), which speaks only the Responses API, configured as ../shared/clients/README.md says.</summary>
/// <remarks>
/// Codex offers its hosted `web_search` tool on every request unless config.toml says
/// `web_search = "disabled"`, and Godex answers 400 when such a hosted tool is bound for a
/// Chat, Anthropic or Gemini upstream. The matrix runs with it disabled (what a user must do today);
/// <see cref="RealClientTests.Codex_cli_with_web_search_on"/> keeps the default visible as a known gap.
/// </remarks>
public sealed class CodexCli(bool webSearch = false) : IRealClient
{
    public string Name => "codex";

    public string Version => "@openai/codex " + ClientsCache.Version("@openai/codex");

    public ModelAnswer ToolCall => ModelAnswer.Call("exec_command", """{"cmd":"echo godex\"\"-ok"}""");

    public async Task<ClientOutput> RunAsync(ClientCase kind, Uri godex, string prompt, string scratch)
    {
        var codexHome = Path.Combine(scratch, ".codex");
        var workspace = Path.Combine(scratch, "work");
        Directory.CreateDirectory(codexHome);
        Directory.CreateDirectory(workspace);
        await File.WriteAllTextAsync(Path.Combine(codexHome, "config.toml"), $$"""
            model = "gpt-5-codex"
            model_provider = "godex"
            web_search = "{{(webSearch ? "live" : "disabled")}}"

            [model_providers.godex]
            name = "Godex"
            base_url = "{{new Uri(godex, "/v1")}}"
            wire_api = "responses"
            env_key = "GODEX_API_KEY"
            request_max_retries = 0
            stream_max_retries = 0

            [analytics]
            enabled = false

            [otel]
            exporter = "none"

            [features]
            plugins = false
            remote_plugin = false
            apps = false
            """);
        List<string> args = ["exec", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox"];
        if (kind == ClientCase.Stream)
        {
            args.Add("--json");
        }

        args.Add(prompt);
        return await ClientProcess.RunAsync(
            ClientsCache.Bin("codex"),
            args,
            workspace,
            new Dictionary<string, string> { ["HOME"] = scratch, ["CODEX_HOME"] = codexHome, ["GODEX_API_KEY"] = UpstreamConfig.ClientKey },
            TimeSpan.FromSeconds(90));
    }
}
