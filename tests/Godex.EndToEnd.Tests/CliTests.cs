using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests;

/// <summary>The `godex` executable itself: serve, config check/print, init, --version.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _directory = GodexProcess.ScratchDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Version_prints_the_version()
    {
        var (exit, stdout, _) = await GodexProcess.RunAsync(_directory, null, "--version");

        Assert.Equal(0, exit);
        Assert.StartsWith("0.1.0", stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_embedded_defaults_answers_the_readme_request_and_stream()
    {
        var port = GodexProcess.FreePort();
        using var godex = await GodexProcess.ServeAsync(_directory, null, "--listen", $"127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var completion = JsonNode.Parse(await (await http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"mock","messages":[{"role":"user","content":"hi"}]}"""))).Content.ReadAsStringAsync())!;
        Assert.Equal("chat.completion", (string?)completion["object"]);

        var stream = await (await http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"mock","stream":true,"messages":[{"role":"user","content":"hi"}]}"""))).Content.ReadAsStringAsync();
        Assert.Equal("[DONE]", Sse.DataLines(stream)[^1]);
        Assert.Contains("embedded defaults", godex.Output, StringComparison.Ordinal);
        Assert.Contains("from this machine (loopback) are accepted without a key", godex.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_takes_listen_and_key_from_the_environment_over_the_config_file()
    {
        var fromConfig = GodexProcess.FreePort();
        var fromEnv = GodexProcess.FreePort();
        await File.WriteAllTextAsync(Path.Combine(_directory, "godex.yaml"), $"listen: 127.0.0.1:{fromConfig}\nkeys: [ config-key ]\nproviders: {{ mock: {{ type: mock }} }}\n");
        var environment = new Dictionary<string, string> { ["GODEX_PROXY_LISTEN"] = $"127.0.0.1:{fromEnv}", ["GODEX_PROXY_API_KEY"] = "env-key", ["GODEX_PROXY_LOG_REQUESTS"] = "true" };

        using var godex = await GodexProcess.ServeAsync(_directory, environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fromEnv}") };

        var request = Sse.Post("/v1/chat/completions", """{"model":"mock","messages":[{"role":"user","content":"hi"}]}""", "env-key");
        Assert.Equal(200, (int)(await http.SendAsync(request)).StatusCode);
        var rejected = Sse.Post("/v1/chat/completions", """{"model":"mock","messages":[{"role":"user","content":"hi"}]}""", "config-key");
        Assert.Equal(401, (int)(await http.SendAsync(rejected)).StatusCode);

        await Eventually.TrueAsync(() => godex.Output.Contains("POST /v1/chat/completions 200", StringComparison.Ordinal), "the request logged");
        Assert.DoesNotContain("env-key", godex.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_an_invalid_config_stops_naming_file_line_and_key()
    {
        var path = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(path, "listen: 127.0.0.1:0\nproviders:\n  local:\n    type: openai\n    base_urll: http://x\n");

        var (exit, _, stderr) = await GodexProcess.RunAsync(_directory, null, "serve", "--config", path);

        Assert.Equal(1, exit);
        Assert.Contains("bad.yaml:5:", stderr, StringComparison.Ordinal);
        Assert.Contains("providers.local.base_urll", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_exits_0_for_valid_and_1_for_invalid()
    {
        var valid = Path.Combine(_directory, "valid.yaml");
        await File.WriteAllTextAsync(valid, "providers:\n  mock: { type: mock }\n");
        var invalid = Path.Combine(_directory, "invalid.yaml");
        await File.WriteAllTextAsync(invalid, "providers:\n  mock: { type: mock }\nrouting:\n  default: nowhere\n");

        var ok = await GodexProcess.RunAsync(_directory, null, "config", "check", "--config", valid);
        var bad = await GodexProcess.RunAsync(_directory, null, "config", "check", "--config", invalid);

        Assert.Equal(0, ok.ExitCode);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("invalid.yaml:4:", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("routing.default", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_print_redacts_every_secret()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "godex.yaml"), """
            keys: [ "${CLIENT_KEY}" ]
            providers:
              local:
                type: openai
                base_url: http://127.0.0.1:8000/v1
                api_key: ${LOCAL_API_KEY}
                headers: { Authorization: "Bearer header-secret", X-Team: visible }
            """);
        var environment = new Dictionary<string, string> { ["CLIENT_KEY"] = "client-secret", ["LOCAL_API_KEY"] = "upstream-secret" };

        var (exit, stdout, _) = await GodexProcess.RunAsync(_directory, environment, "config", "print");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("client-secret", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("upstream-secret", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("header-secret", stdout, StringComparison.Ordinal);
        Assert.Contains("<redacted>", stdout, StringComparison.Ordinal);
        Assert.Contains("visible", stdout, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8000/v1", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_writes_a_valid_template_and_refuses_to_overwrite_without_force()
    {
        var first = await GodexProcess.RunAsync(_directory, null, "init");
        var second = await GodexProcess.RunAsync(_directory, null, "init");
        var forced = await GodexProcess.RunAsync(_directory, null, "init", "--force");
        var check = await GodexProcess.RunAsync(_directory, null, "config", "check");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("--force", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("godex.yaml", check.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_lists_provider_models_skipped_providers_and_aliases()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "godex.yaml"), """
            providers:
              mock: { type: mock }
              deepseek: { type: deepseek }
            routing:
              aliases: { fast: mock/mock }
            """);

        var (exit, stdout, _) = await GodexProcess.RunAsync(_directory, null, "models");

        Assert.Equal(0, exit);
        Assert.Contains("mock (mock, mock)", stdout, StringComparison.Ordinal);
        Assert.Contains("  mock-tool-loop", stdout, StringComparison.Ordinal);
        Assert.Contains("deepseek (deepseek): skipped, $DEEPSEEK_API_KEY is not set", stdout, StringComparison.Ordinal);
        Assert.Contains("alias fast -> mock/mock", stdout, StringComparison.Ordinal);
    }
}
