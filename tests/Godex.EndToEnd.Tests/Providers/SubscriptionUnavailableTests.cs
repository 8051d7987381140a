using System.Net;
using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Providers;

/// <summary>
/// The real `godex` executable with subscription providers whose CLIs never logged in (a scratch HOME):
/// a warning at start, "unavailable" with the reason in /health and `godex models`, a 503 naming the
/// provider and the file when routed to, and a login made later picked up without a restart.
/// </summary>
public sealed class SubscriptionUnavailableTests : IDisposable
{
    private readonly string _home = GodexProcess.ScratchDirectory();

    public SubscriptionUnavailableTests() => File.WriteAllText(Path.Combine(_home, "godex.yaml"), """
        providers:
          codex: { type: codex }
          claude: { type: claude-code }
        """);

    // The machine's own CLI homes must not leak in: the defaults are ~/.codex and ~/.claude in the scratch HOME.
    private static Dictionary<string, string> Environment => new() { ["CODEX_HOME"] = "", ["CLAUDE_CONFIG_DIR"] = "" };

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task Models_shows_each_provider_without_a_login_as_unavailable_with_the_file_and_the_login_command()
    {
        var (exit, stdout, _) = await GodexProcess.RunAsync(_home, Environment, "models");

        Assert.Equal(0, exit);
        Assert.Contains("codex (codex, openai-responses): unavailable, ~/.codex/auth.json does not exist; log in with `codex login`", stdout, StringComparison.Ordinal);
        Assert.Contains("claude (claude-code, anthropic): unavailable, ~/.claude/.credentials.json does not exist; log in with `claude /login`", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_warns_at_start_shows_unavailable_in_health_answers_503_naming_provider_and_file_and_picks_up_a_later_login()
    {
        var port = GodexProcess.FreePort();
        using var godex = await GodexProcess.ServeAsync(_home, Environment, "--listen", $"127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Contains("Provider codex is unavailable: ~/.codex/auth.json does not exist", godex.Output, StringComparison.Ordinal);
        Assert.Contains("Provider claude is unavailable: ~/.claude/.credentials.json does not exist", godex.Output, StringComparison.Ordinal);
        var codex = await HealthOfAsync(http, "codex");
        Assert.Equal("unavailable", (string?)codex["status"]);
        Assert.Contains("~/.codex/auth.json does not exist", (string?)codex["reason"], StringComparison.Ordinal);

        var responses = await http.PostAsync("/v1/responses", Json("""{"model":"codex/gpt-5.2","input":"hi"}"""));
        var messages = await http.PostAsync("/v1/messages", Json("""{"model":"claude/claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, responses.StatusCode);
        var error = (string?)JsonNode.Parse(await responses.Content.ReadAsStringAsync())!["error"]!["message"];
        Assert.Contains("Provider 'codex' is not available: ~/.codex/auth.json does not exist", error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, messages.StatusCode);
        Assert.Contains("Provider 'claude' is not available: ~/.claude/.credentials.json does not exist", await messages.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Directory.CreateDirectory(Path.Combine(_home, ".codex"));
        await File.WriteAllTextAsync(Path.Combine(_home, ".codex", "auth.json"), """{"tokens":{"access_token":"a","refresh_token":"r","account_id":"acct"}}""");
        Assert.Equal("registered", (string?)(await HealthOfAsync(http, "codex"))["status"]);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> HealthOfAsync(HttpClient http, string provider)
    {
        var health = JsonNode.Parse(await http.GetStringAsync("/health"))!;
        return health["providers"]!.AsArray().Single(entry => (string?)entry!["name"] == provider)!;
    }
}
