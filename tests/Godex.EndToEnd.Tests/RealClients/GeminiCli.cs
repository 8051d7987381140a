using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>Google's Gemini CLI (`gemini -p`), with the settings from ../shared/clients/gemini-settings.json; `-m` skips the router call.</summary>
public sealed class GeminiCli : IRealClient
{
    public string Name => "gemini-cli";

    public string Version => "@google/gemini-cli " + ClientsCache.Version("@google/gemini-cli");

    /// <summary>read_file of a note whose content is the marker: a read-only tool the CLI runs without approval.</summary>
    public ModelAnswer ToolCall => ModelAnswer.Call("read_file", """{"file_path":"note.txt"}""");

    public async Task<ClientOutput> RunAsync(ClientCase kind, Uri godex, string prompt, string scratch)
    {
        var settings = Path.Combine(scratch, ".gemini");
        var workspace = Path.Combine(scratch, "work");
        Directory.CreateDirectory(settings);
        Directory.CreateDirectory(workspace);
        await File.WriteAllTextAsync(Path.Combine(settings, "settings.json"), """
            {
              "general": { "enableAutoUpdate": false, "enableAutoUpdateNotification": false },
              "privacy": { "usageStatisticsEnabled": false },
              "telemetry": { "enabled": false },
              "security": { "auth": { "selectedType": "gemini-api-key" } }
            }
            """);
        await File.WriteAllTextAsync(Path.Combine(workspace, "note.txt"), FamilyGateway.ToolOutput + "\n");
        List<string> args = ["-p", prompt, "-m", "gemini-3-pro-preview"];
        if (kind == ClientCase.Stream)
        {
            args.AddRange(["-o", "stream-json"]);
        }

        return await ClientProcess.RunAsync(
            ClientsCache.Bin("gemini"),
            args,
            workspace,
            new Dictionary<string, string>
            {
                ["HOME"] = scratch,
                ["TMPDIR"] = scratch, // its error reports go to the OS temp folder
                ["GEMINI_API_KEY"] = UpstreamConfig.ClientKey,
                ["GOOGLE_GEMINI_BASE_URL"] = godex.ToString().TrimEnd('/'),
                ["GEMINI_CLI_TRUST_WORKSPACE"] = "true",
            },
            TimeSpan.FromSeconds(90));
    }
}
