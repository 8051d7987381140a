using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>Anthropic's Claude Code (`claude -p`), with telemetry, updates and non-essential traffic off.</summary>
public sealed class ClaudeCode : IRealClient
{
    public string Name => "claude-code";

    public string Version => "@anthropic-ai/claude-code " + ClientsCache.Version("@anthropic-ai/claude-code");

    public ModelAnswer ToolCall => ModelAnswer.Call("Bash", """{"command":"echo godex\"\"-ok","description":"Print a marker"}""");

    public Task<ClientOutput> RunAsync(ClientCase kind, Uri godex, string prompt, string scratch)
    {
        var workspace = Path.Combine(scratch, "work");
        Directory.CreateDirectory(workspace);
        List<string> args = ["-p", prompt, "--model", "claude-sonnet-4-5"];
        if (kind == ClientCase.Stream)
        {
            args.AddRange(["--output-format", "stream-json", "--verbose"]);
        }

        if (kind == ClientCase.Tool)
        {
            args.AddRange(["--allowedTools", "Bash(echo:*)"]);
        }

        return ClientProcess.RunAsync(
            ClientsCache.Bin("claude"),
            args,
            workspace,
            new Dictionary<string, string>
            {
                ["HOME"] = scratch,
                ["ANTHROPIC_BASE_URL"] = godex.ToString().TrimEnd('/'),
                ["ANTHROPIC_API_KEY"] = UpstreamConfig.ClientKey,
                ["DISABLE_TELEMETRY"] = "1",
                ["DISABLE_AUTOUPDATER"] = "1",
                ["DISABLE_ERROR_REPORTING"] = "1",
                ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            },
            TimeSpan.FromSeconds(90));
    }
}
