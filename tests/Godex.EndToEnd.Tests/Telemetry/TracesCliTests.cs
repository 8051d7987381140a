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

        var show = await GodexProcess.RunAsync(_directory, null, "traces", "show", id);
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
}
