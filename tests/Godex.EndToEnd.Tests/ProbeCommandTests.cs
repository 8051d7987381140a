using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests;

/// <summary>`godex probe`: the real executable probing a route's candidates on a scripted upstream, its output and exit codes.</summary>
public sealed class ProbeCommandTests : IAsyncLifetime
{
    private readonly string _directory = GodexProcess.ScratchDirectory();
    private ScriptedUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await ScriptedUpstream.StartAsync();

        // Key k-bad always fails; k-good answers a short stream with usage.
        _upstream.Responder = async (received, http) =>
        {
            if (received.Headers.GetValueOrDefault("authorization") == "Bearer k-bad")
            {
                http.Response.StatusCode = 500;
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("""{"error":{"message":"upstream exploded","type":"server_error"}}""");
                return;
            }

            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync(ScriptedUpstream.Chunks(
                """{"id":"p","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"OK"},"finish_reason":"stop"}]}""",
                """{"id":"p","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":13}}""",
                "[DONE]"));
        };
        await File.WriteAllTextAsync(Path.Combine(_directory, "godex.yaml"), $$"""
            providers:
              good: { type: openai, base_url: "{{_upstream.ChatBaseUrl}}", api_key: k-good, models: [ small ] }
              bad: { type: openai, base_url: "{{_upstream.ChatBaseUrl}}", api_key: k-bad, models: [ broken ] }
              pooled:
                type: openai
                base_url: "{{_upstream.ChatBaseUrl}}"
                models: [ pooled-model ]
                pool: [ { api_key: k-bad }, { api_key: k-good } ]
              mock: { type: mock }
            routing:
              strategy: round-robin
            """);
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> ProbeAsync(params string[] args) =>
        GodexProcess.RunAsync(_directory, null, ["probe", .. args, "--config", Path.Combine(_directory, "godex.yaml")]);

    [Fact]
    public async Task A_route_that_answers_prints_who_how_fast_the_tokens_and_the_answer()
    {
        var (exit, stdout, stderr) = await ProbeAsync("small");

        Assert.True(exit == 0, stderr);
        Assert.Matches(@"^good \(small\): ok in \d+ ms, first token \d+ ms, 12 in / 1 out: OK\n$", stdout);
        var sent = Assert.Single(_upstream.Received).Body!;
        Assert.True((bool)sent["stream"]!);
        Assert.InRange((int)(sent["max_completion_tokens"] ?? sent["max_tokens"])!, 1, 8);
    }

    [Fact]
    public async Task A_failing_route_prints_the_error_and_exits_1_and_an_unknown_model_exits_3()
    {
        var (exit, stdout, _) = await ProbeAsync("broken");
        Assert.Equal(1, exit);
        Assert.Contains("bad (broken): failed after", stdout, StringComparison.Ordinal);
        Assert.Contains("upstream exploded", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("k-bad", stdout, StringComparison.Ordinal);

        var (unknown, _, stderr) = await ProbeAsync("no-such-model");
        Assert.Equal(3, unknown);
        Assert.Contains("no-such-model", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_probes_every_pool_member_and_fails_if_one_does()
    {
        var (exit, stdout, stderr) = await ProbeAsync("pooled-model", "--all", "--json");

        Assert.True(exit == 1, stderr);
        var outcomes = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(2, outcomes.Count);
        Assert.Equal(["pooled#1", "pooled#2"], outcomes.Select(outcome => (string)outcome["member"]!).Order(StringComparer.Ordinal));
        Assert.Single(outcomes, outcome => (bool)outcome["ok"]! && (string?)outcome["output_text"] == "OK");
        Assert.Single(outcomes, outcome => !(bool)outcome["ok"]! && (int)outcome["status"]! == 500);

        // Without --all the probe goes on until a member answers, as a request would.
        var (until, lines, _) = await ProbeAsync("pooled-model");
        Assert.Equal(0, until);
        Assert.EndsWith("OK\n", lines, StringComparison.Ordinal);
    }
}
