using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests;

/// <summary>`godex exec` as scripts and agents use it: the real executable, its JSONL wire and exit codes.</summary>
public sealed class ExecTests : IDisposable
{
    private readonly string _directory = GodexProcess.ScratchDirectory();
    private readonly string _schema;

    public ExecTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "schemas"));
        _schema = Path.Combine(_directory, "schemas", "add.json");
        File.WriteAllText(_schema, """{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}""");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Seed_example_tool_loop_on_the_mock_ends_with_text_containing_the_tool_output()
    {
        var (exit, stdout, stderr) = await GodexProcess.RunAsync(_directory, null,
            "exec", "--prompt", "Call add(a=2,b=3)", "--tool", "add:json=schemas/add.json", "--auto-tools", "--tool-output", "add=5", "--json", "--mock", "--mock-mode", "tool-loop");

        Assert.True(exit == 0, stderr);
        var events = Lines(stdout);
        Assert.Equal("run.started", (string?)events[0]["type"]);
        Assert.Equal(1, (int)events[0]["wire"]!);
        var call = events.Single(e => (string?)e["type"] == "tool.call");
        Assert.Equal("add", (string?)call["name"]);
        Assert.Equal(2, (double)call["arguments"]!["a"]!);
        var result = events.Single(e => (string?)e["type"] == "tool.result");
        Assert.Equal("5", (string?)result["output"]);
        Assert.Equal((string?)call["id"], (string?)result["id"]);
        var finished = events[^1];
        Assert.Equal("run.finished", (string?)finished["type"]);
        Assert.Equal("answered", (string?)finished["outcome"]);
        Assert.Equal(2, (int)finished["steps"]!);
        Assert.Contains("5", (string?)finished["text"], StringComparison.Ordinal);
        Assert.True((int)finished["usage"]!["output_tokens"]! > 0);
    }

    [Fact]
    public async Task Plain_mode_prints_the_answer_text_only_and_reads_the_prompt_from_stdin()
    {
        var (exit, stdout, _) = await GodexProcess.RunWithInputAsync(_directory, null, "what is up", "exec", "--prompt", "-", "--mock");

        Assert.Equal(0, exit);
        Assert.Equal("Mock reply to: what is up. This answer streams in several chunks.\n", stdout);
    }

    [Fact]
    public async Task Tool_loop_against_a_chat_upstream_sends_the_tool_result_back()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.ReplySse(ScriptedUpstream.Chunks(
            """{"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_9","type":"function","function":{"name":"add","arguments":""}}]},"finish_reason":null}]}""",
            """{"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":2,\"b\":3}"}}]},"finish_reason":"tool_calls"}]}""",
            "[DONE]"));
        upstream.ReplySse(ScriptedUpstream.Chunks(
            """{"id":"b","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"The sum is 5."},"finish_reason":"stop"}]}""",
            """{"id":"b","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25}}""",
            "[DONE]"));
        var config = Path.Combine(_directory, "godex.yaml");
        await File.WriteAllTextAsync(config, $"providers:\n  local: {{ type: openai, base_url: \"{upstream.ChatBaseUrl}\", api_key: \"sk-exec-secret\" }}\n");
        var requests = Path.Combine(_directory, "requests.jsonl");
        var responses = Path.Combine(_directory, "responses.jsonl");

        var (exit, stdout, stderr) = await GodexProcess.RunAsync(_directory, null,
            "exec", "--prompt", "add 2 and 3", "--model", "some-model", "--tool", "add:json=schemas/add.json", "--auto-tools", "--tool-output", "add=5",
            "--log-requests", requests, "--log-responses", responses);

        Assert.True(exit == 0, stderr);
        Assert.Equal("The sum is 5.\n", stdout);
        var second = upstream.Received.ToArray()[1].Body!["messages"]!.AsArray();
        Assert.Equal("call_9", (string?)second[1]!["tool_calls"]![0]!["id"]);
        Assert.Equal("tool", (string?)second[2]!["role"]);
        Assert.Equal("5", (string?)second[2]!["content"]);

        var logged = Lines(await File.ReadAllTextAsync(requests));
        Assert.Equal(2, logged.Count);
        Assert.Equal("some-model", (string?)logged[0]["body"]!["model"]);
        var events = await File.ReadAllTextAsync(responses);
        Assert.Contains("The sum is 5.", events, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-exec-secret", await File.ReadAllTextAsync(requests) + events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_mode_runs_the_loop_against_a_running_server()
    {
        await using var godex = await GodexHost.StartAsync();

        var (exit, stdout, stderr) = await GodexProcess.RunAsync(_directory, null,
            "exec", "--gateway", godex.BaseUrl.ToString(), "--mock", "--mock-mode", "tool-loop", "--prompt", "Call add(a=2,b=3)",
            "--tool", "add:json=schemas/add.json", "--auto-tools", "--tool-output", "add=5", "--json");

        Assert.True(exit == 0, stderr);
        var events = Lines(stdout);
        Assert.StartsWith("gateway ", (string?)events[0]["mode"], StringComparison.Ordinal);
        Assert.Contains("5", (string?)events[^1]["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_calls_without_auto_tools_exit_4_and_step_limit_exits_3()
    {
        var pending = await GodexProcess.RunAsync(_directory, null, "exec", "--prompt", "add(a=1,b=1)", "--tool", "add:json=schemas/add.json", "--mock", "--mock-mode", "tool-call");
        var limited = await GodexProcess.RunAsync(_directory, null, "exec", "--prompt", "add(a=1,b=1)", "--tool", "add:json=schemas/add.json", "--mock", "--mock-mode", "tool-call", "--auto-tools", "--tool-output", "add=2", "--max-steps", "2");

        Assert.Equal(4, pending.ExitCode);
        Assert.Contains("--auto-tools", pending.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, limited.ExitCode);
        Assert.Contains("2 steps", limited.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upstream_failure_exits_1_with_an_error_event()
    {
        var (exit, stdout, _) = await GodexProcess.RunAsync(_directory, null, "exec", "--prompt", "hi", "--mock", "--mock-mode", "error", "--json");

        Assert.Equal(1, exit);
        var error = Lines(stdout)[^1];
        Assert.Equal("error", (string?)error["type"]);
        Assert.Equal(500, (int)error["status"]!);
    }

    [Theory]
    [InlineData("--max-steps must be at least 1", "--max-steps", "0")]
    [InlineData("does not exist", "--tool", "add:json=schemas/nope.json")]
    [InlineData("is not NAME:json=FILE", "--tool", "add")]
    [InlineData("is not NAME=VALUE", "--auto-tools", "--tool-output", "add")]
    [InlineData("does not exist or is not served", "--model", "no-such-model")]
    [InlineData("is not one of text, tool-call, tool-loop, error", "--mock", "--mock-mode", "loud")]
    public async Task Bad_input_is_one_line_and_exit_2(string expected, params string[] args)
    {
        var (exit, _, stderr) = await GodexProcess.RunAsync(_directory, null, ["exec", "--prompt", "hi", .. args]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Invalid_schema_json_is_a_usage_error_naming_the_file()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "schemas", "bad.json"), "{ not json");

        var (exit, _, stderr) = await GodexProcess.RunAsync(_directory, null, "exec", "--prompt", "hi", "--tool", "bad:json=schemas/bad.json");

        Assert.Equal(2, exit);
        Assert.Contains("schemas/bad.json", stderr, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", stderr, StringComparison.Ordinal);
    }

    private static List<JsonNode> Lines(string jsonl) =>
        [.. jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)];
}
