using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.CodeAssist;

/// <summary>`godex models` and `godex config check` with Code Assist providers.</summary>
public sealed class CodeAssistCliTests : IDisposable
{
    private readonly string _directory = GodexProcess.ScratchDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Models_shows_a_gemini_cli_provider_without_its_login_file_as_unavailable_naming_the_file()
    {
        var missing = Path.Combine(_directory, "oauth_creds.json");
        await File.WriteAllTextAsync(Path.Combine(_directory, "godex.yaml"), $$"""
            providers:
              gca: { type: gemini-cli, auth_path: "{{missing}}" }
            """);

        var (exit, stdout, _) = await GodexProcess.RunAsync(_directory, null, "models");

        Assert.Equal(0, exit);
        Assert.Contains($"gca (gemini-cli, code-assist): unavailable, {missing} does not exist; log in with `gemini`", stdout, StringComparison.Ordinal);
        Assert.Contains("  gemini-2.5-pro", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_refuses_antigravity_without_auth_path()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "godex.yaml"), """
            providers:
              ag: { type: antigravity }
            """);

        var (exit, _, stderr) = await GodexProcess.RunAsync(_directory, null, "config", "check");

        Assert.Equal(1, exit);
        Assert.Contains("'providers.ag.auth_path': is required for type antigravity", stderr, StringComparison.Ordinal);
    }
}
