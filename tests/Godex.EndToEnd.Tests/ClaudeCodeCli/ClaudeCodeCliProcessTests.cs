using System.Net;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.ClaudeCodeCli;

/// <summary>
/// How Godex runs the claude-code-cli provider's process, shown with stand-in scripts (no real CLI
/// needed): what it is given, what it is not, and what a missing, failing, slow or busy CLI becomes.
/// </summary>
public sealed class ClaudeCodeCliProcessTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("godex-cc-fake-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task A_missing_cli_skips_the_provider_and_requests_routed_to_it_get_503_naming_it()
    {
        var missing = Path.Combine(_scratch, "no-such-dir", "claude");
        await using var godex = await StartAsync(missing);

        var health = JsonNode.Parse(await godex.Http.GetStringAsync("/health"))!;
        var entry = health["providers"]!.AsArray().Single(p => (string?)p!["name"] == "cc")!;
        Assert.Equal("skipped", (string?)entry["status"]);
        Assert.Contains(missing, (string?)entry["reason"], StringComparison.Ordinal);

        using var response = await PostAsync(godex);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Provider 'cc' is not available", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_gets_its_flags_and_prompt_but_none_of_godexs_secrets_and_a_failing_exit_is_a_502_with_stderr()
    {
        var script = Script("""
            printf '%s\n' "$@" > "$CC_OUT.args"
            env > "$CC_OUT.env"
            cat > "$CC_OUT.stdin"
            echo "starting" >&2
            echo "fatal: refused key godex-client-key" >&2
            exit 3
            """);
        Environment.SetEnvironmentVariable("GODEX_CC_TEST_MARKER", "set-by-test");
        Environment.SetEnvironmentVariable("CC_TEST_COPY_OF_CLIENT_KEY", UpstreamConfig.ClientKey);
        await using var godex = await StartAsync(script, $"env: {{ CC_OUT: {_scratch}/run }}\n    args: [ --fallback-model, haiku ]");
        Environment.SetEnvironmentVariable("GODEX_CC_TEST_MARKER", null);
        Environment.SetEnvironmentVariable("CC_TEST_COPY_OF_CLIENT_KEY", null);

        using var response = await PostAsync(godex, """{"model":"sonnet","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello"}],"reasoning_effort":"minimal"}""");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"];
        Assert.Equal("Provider 'cc': the Claude Code CLI exited with code 3: starting\nfatal: refused key <redacted>", message);

        var args = File.ReadAllLines($"{_scratch}/run.args");
        Assert.Equal(["-p", "--output-format", "stream-json", "--verbose", "--include-partial-messages", "--tools", "", "--max-turns", "1", "--no-session-persistence",
            "--model", "sonnet", "--system-prompt", "Be brief.", "--effort", "low", "--fallback-model", "haiku"], args);
        Assert.Equal("Say hello", File.ReadAllText($"{_scratch}/run.stdin"));
        var environment = File.ReadAllLines($"{_scratch}/run.env");
        Assert.DoesNotContain(environment, line => line.StartsWith("GODEX_", StringComparison.Ordinal) || line.Contains(UpstreamConfig.ClientKey, StringComparison.Ordinal));
        Assert.Contains("DISABLE_AUTOUPDATER=1", environment);
        Assert.Contains("PATH=" + Environment.GetEnvironmentVariable("PATH"), environment);
    }

    [Fact]
    public async Task A_cli_that_runs_past_the_timeout_is_stopped_with_a_504()
    {
        await using var godex = await StartAsync(Script("cat > /dev/null\nexec sleep 30"), "timeout_seconds: 1");

        using var response = await PostAsync(godex);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("did not finish within 1 s (providers.cc.timeout_seconds)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_beyond_max_concurrency_gets_429_with_retry_after()
    {
        await using var godex = await StartAsync(Script($"cat > /dev/null\ntouch {_scratch}/running\nexec sleep 30"), "timeout_seconds: 5\n    max_concurrency: 1");

        var first = PostAsync(godex);
        for (var waited = 0; !File.Exists($"{_scratch}/running") && waited < 100; waited++)
        {
            await Task.Delay(100);
        }

        using var second = await PostAsync(godex);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("1", second.Headers.GetValues("retry-after").Single());
        Assert.Contains("max_concurrency", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.GatewayTimeout, firstResponse.StatusCode);
    }

    private string Script(string body)
    {
        var path = Path.Combine(_scratch, "claude");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static Task<GodexHost> StartAsync(string command, string extra = "") => GodexHost.StartAsync($$"""
        keys: [ "${GODEX_API_KEY}" ]
        providers:
          cc:
            type: claude-code-cli
            command: {{command}}
            {{extra}}
        routing:
          default: cc
        """, environment: UpstreamConfig.Environment);

    private static Task<HttpResponseMessage> PostAsync(GodexHost godex, string json = """{"model":"sonnet","messages":[{"role":"user","content":"hi"}]}""") =>
        godex.Http.SendAsync(Sse.Post("/v1/chat/completions", json, UpstreamConfig.ClientKey));
}
