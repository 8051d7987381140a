using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Telemetry;

/// <summary>`godex traces` reads what a running `godex serve` stored, with filters.</summary>
public sealed class TracesCliTests : IDisposable
{
    private readonly string _directory = GodexProcess.ScratchDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Traces_list_show_and_filters_read_the_servers_database()
    {
        var port = GodexProcess.FreePort();
        string id;
        using (var godex = await GodexProcess.ServeAsync(_directory, null, "--listen", $"127.0.0.1:{port}"))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ok = await http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"mock","messages":[{"role":"user","content":"trace me"}]}"""));
            id = Traces.RequestId(ok);
            await http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"mock-error","messages":[{"role":"user","content":"fail"}]}"""));
            await Eventually.TrueAsync(async () => (await GodexProcess.RunAsync(_directory, null, "traces", "--json")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2, "two traces listed");
        }

        var list = await GodexProcess.RunAsync(_directory, null, "traces");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(id, list.Stdout, StringComparison.Ordinal);
        Assert.Contains("mock-error", list.Stdout, StringComparison.Ordinal);

        var failed = await GodexProcess.RunAsync(_directory, null, "traces", "--status", "500", "--json");
        var only = JsonNode.Parse(Assert.Single(failed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!;
        Assert.Equal("provider.mock_error", (string?)only["error_code"]);

        var show = await GodexProcess.RunAsync(_directory, null, "traces", "show", id, "--json");
        var trace = JsonNode.Parse(show.Stdout)!;
        Assert.Equal("mock", (string?)trace["requested_model"]);
        Assert.Equal(200, (int)trace["status"]!);
        Assert.True((int)trace["output_tokens"]! > 0);

        var tail = await GodexProcess.RunAsync(_directory, null, "traces", "tail", "--limit", "1");
        Assert.Contains("mock-error", tail.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(id, tail.Stdout, StringComparison.Ordinal);

        var missing = await GodexProcess.RunAsync(_directory, null, "traces", "show", "nope");
        Assert.Equal(1, missing.ExitCode);
    }

    [Fact]
    public async Task Traces_show_prints_each_attempt_of_a_request_that_fell_back_and_json_includes_them()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "godex.yaml"), """
            providers: { mock: { type: mock } }
            routing: { fallbacks: { "mock/mock-error": [ mock/mock ] } }
            """);
        var port = GodexProcess.FreePort();
        string fellBack;
        string lone;
        using (var godex = await GodexProcess.ServeAsync(_directory, null, "--listen", $"127.0.0.1:{port}"))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            fellBack = Traces.RequestId(await http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"mock-error","messages":[{"role":"user","content":"fail, then fall back"}]}""")));
            lone = Traces.RequestId(await http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"mock","messages":[{"role":"user","content":"answer at once"}]}""")));
            await Eventually.TrueAsync(async () => (await GodexProcess.RunAsync(_directory, null, "traces", "--json")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2, "two traces listed");
        }

        var show = await GodexProcess.RunAsync(_directory, null, "traces", "show", fellBack);
        Assert.Equal(0, show.ExitCode);
        var table = show.Stdout[show.Stdout.IndexOf("\n #", StringComparison.Ordinal)..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, table.Length); // the header and two attempts
        Assert.Matches(@"^ 1  mock .* mock-error .* first_choice  failed_over .* 500  provider\.mock_error: The mock provider failed on purpose", table[1]);
        Assert.Matches(@"^ 2  mock .* mock .* fallback      answered .* -  -$", table[2]);
        Assert.Null(JsonNode.Parse(show.Stdout[..show.Stdout.IndexOf("\n #", StringComparison.Ordinal)])!["attempts"]); // the table has them

        var json = JsonNode.Parse((await GodexProcess.RunAsync(_directory, null, "traces", "show", fellBack, "--json")).Stdout)!;
        var attempts = json["attempts"]!.AsArray();
        Assert.Equal(["failed_over", "answered"], attempts.Select(attempt => (string?)attempt!["outcome"]));
        Assert.Equal(["mock-error", "mock"], attempts.Select(attempt => (string?)attempt!["model"]));
        Assert.Equal(500, (int)attempts[0]!["status"]!);

        var single = await GodexProcess.RunAsync(_directory, null, "traces", "show", lone);
        Assert.Matches(@"\n 1  mock .* mock .* first_choice  answered +- ", single.Stdout);
        var listed = await GodexProcess.RunAsync(_directory, null, "traces", "--json");
        Assert.Equal([1, 2], listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!["attempts"]!.AsArray().Count));
    }
}
