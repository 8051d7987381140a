using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests;

/// <summary>The `godex exec` tool loop against every upstream family, on recorded answers: the tool's output goes back in that family's shape.</summary>
public sealed class ExecFamiliesTests : IDisposable
{
    private readonly string _directory = GodexProcess.ScratchDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string, string, string, string, string> Families => new()
    {
        // family, tool-call fixture, tool name, final-answer fixture, where the upstream keeps the tool result
        { "openai-responses", "responses/parallel-tool-calls.json", "parallel", "responses/reasoning-encrypted.json", "input" },
        { "anthropic", "anthropic/tool-json.json", "json", "anthropic/text.json", "messages" },
        { "gemini", "gemini/tool-call.json", "weather", "gemini/text.json", "contents" },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Tool_loop_runs_against_each_family(string family, string toolFixture, string tool, string answerFixture, string history)
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.ReplyJson(ScriptedUpstream.Fixture(toolFixture));
        upstream.ReplyJson(ScriptedUpstream.Fixture(answerFixture));
        var baseUrl = family == "openai-responses" ? upstream.ChatBaseUrl : upstream.RootUrl;
        await File.WriteAllTextAsync(Path.Combine(_directory, "godex.yaml"), $"providers:\n  up: {{ type: {family}, base_url: \"{baseUrl}\", api_key: k }}\n");
        await File.WriteAllTextAsync(Path.Combine(_directory, "schema.json"), """{"type":"object","properties":{}}""");

        var (exit, stdout, stderr) = await GodexProcess.RunAsync(_directory, null,
            "exec", "--prompt", "use the tool", "--model", "some-model", "--tool", $"{tool}:json=schema.json", "--auto-tools", "--tool-output", $"{tool}=tool-said-42", "--json");

        Assert.True(exit == 0, stderr + stdout);
        var events = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Contains(events, e => (string?)e["type"] == "tool.call" && (string?)e["name"] == tool);
        var finished = events[^1];
        Assert.Equal("answered", (string?)finished["outcome"]);
        Assert.False(string.IsNullOrEmpty((string?)finished["text"]));
        var second = upstream.Received.ToArray()[1];
        Assert.Contains("tool-said-42", second.Body![history]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anthropic", "anthropic/text.sse", 12, 30)]
    [InlineData("gemini", "gemini/text.sse", 9, 208)]
    public async Task A_streamed_turn_whose_usage_came_on_the_way_prints_one_usage_line_with_the_turns_figures(string family, string fixture, int input, int output)
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.ReplySse(ScriptedUpstream.Fixture(fixture));
        await File.WriteAllTextAsync(Path.Combine(_directory, "godex.yaml"), $"providers:\n  up: {{ type: {family}, base_url: \"{upstream.RootUrl}\", api_key: k }}\n");

        var (exit, stdout, stderr) = await GodexProcess.RunAsync(_directory, null, "exec", "--prompt", "hi", "--model", "some-model", "--json");

        Assert.True(exit == 0, stderr + stdout);
        var events = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        var usage = Assert.Single(events, e => (string?)e["type"] == "usage");
        Assert.Equal((input, output), ((int)usage["input_tokens"]!, (int)usage["output_tokens"]!));
        Assert.Equal("step.finished", (string?)events[events.IndexOf(usage) + 1]["type"]);
    }
}
