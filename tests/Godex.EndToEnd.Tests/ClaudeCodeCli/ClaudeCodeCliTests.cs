using System.Net;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.ClaudeCodeCli;

/// <summary>
/// The claude-code-cli provider end to end: Godex runs the real pinned Claude Code CLI, which calls a
/// scripted Anthropic upstream; Chat, Anthropic and Responses clients get its answer, streamed and not.
/// </summary>
[Trait("Category", "RealClients")]
public sealed class ClaudeCodeCliTests
{
    private const string Model = "claude-sonnet-4-5";

    [ClaudeCodeCliFact]
    public async Task Chat_client_gets_the_text_reasoning_and_upstream_usage_and_the_cli_gets_the_conversation_without_tools()
    {
        await using var gateway = await ClaudeCodeCliGateway.StartAsync();

        var body = await PostJsonAsync(gateway, "/v1/chat/completions", $$"""
            {"model":"{{Model}}","messages":[
              {"role":"system","content":"Answer in one line."},
              {"role":"user","content":"My name is Ada."},
              {"role":"assistant","content":"Hi Ada."},
              {"role":"user","content":"Say hello"}]}
            """);

        var message = body["choices"]![0]!["message"]!;
        Assert.Equal(ClaudeCodeCliGateway.Answer, (string?)message["content"]);
        Assert.Equal(ClaudeCodeCliGateway.Thinking, (string?)message["reasoning_content"]);
        Assert.Equal("stop", (string?)body["choices"]![0]!["finish_reason"]);
        Assert.Equal(33, (int?)body["usage"]!["prompt_tokens"]);
        Assert.Equal(13, (int?)body["usage"]!["completion_tokens"]);
        Assert.Equal(7, (int?)body["usage"]!["prompt_tokens_details"]!["cached_tokens"]);

        var sent = Assert.Single(gateway.ModelRequests());
        Assert.Equal(Model, (string?)sent["model"]);
        Assert.Empty(sent["tools"]?.AsArray() ?? []);
        Assert.Contains("Answer in one line.", sent["system"]!.ToJsonString(), StringComparison.Ordinal);
        var prompt = sent["messages"]!.ToJsonString();
        Assert.Contains("My name is Ada.", prompt, StringComparison.Ordinal);
        Assert.Contains("Hi Ada.", prompt, StringComparison.Ordinal);
        Assert.Contains("Say hello", prompt, StringComparison.Ordinal);
    }

    [ClaudeCodeCliFact]
    public async Task Chat_client_streams_the_text_token_by_token_with_usage()
    {
        await using var gateway = await ClaudeCodeCliGateway.StartAsync();

        var chunks = Sse.Chunks(await PostStreamAsync(gateway, "/v1/chat/completions",
            $$"""{"model":"{{Model}}","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Say hello"}]}"""));

        var texts = chunks.Select(chunk => (string?)chunk["choices"]?.AsArray().FirstOrDefault()?["delta"]?["content"]).OfType<string>().Where(text => text.Length > 0).ToList();
        Assert.Equal(["Hello from ", "the upstream."], texts);
        Assert.Equal(ClaudeCodeCliGateway.Thinking, string.Concat(chunks.Select(chunk => (string?)chunk["choices"]?.AsArray().FirstOrDefault()?["delta"]?["reasoning_content"])));
        var usage = chunks.Last(chunk => chunk["usage"] is JsonObject)["usage"]!;
        Assert.Equal((33, 13), ((int?)usage["prompt_tokens"], (int?)usage["completion_tokens"]));
    }

    [ClaudeCodeCliFact]
    public async Task Anthropic_client_gets_thinking_and_text_with_the_cache_figures_streamed_and_not()
    {
        await using var gateway = await ClaudeCodeCliGateway.StartAsync();
        var request = $$"""{"model":"{{Model}}","max_tokens":1024,"messages":[{"role":"user","content":"Say hello"}]}""";

        var whole = await PostJsonAsync(gateway, "/v1/messages", request);
        Assert.Equal(["thinking", "text"], whole["content"]!.AsArray().Select(block => (string?)block!["type"]));
        Assert.Equal(ClaudeCodeCliGateway.Answer, (string?)whole["content"]![1]!["text"]);
        Assert.Equal("EqSIGcli", (string?)whole["content"]![0]!["signature"]);
        var usage = whole["usage"]!;
        Assert.Equal((21, 5, 7, 13), ((int?)usage["input_tokens"], (int?)usage["cache_creation_input_tokens"], (int?)usage["cache_read_input_tokens"], (int?)usage["output_tokens"]));

        var events = Sse.DataLines(await PostStreamAsync(gateway, "/v1/messages", request.Replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"", StringComparison.Ordinal)))
            .Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(ClaudeCodeCliGateway.Answer, string.Concat(events.Select(e => (string?)e["delta"]?["text"])));
        Assert.Equal(ClaudeCodeCliGateway.Thinking, string.Concat(events.Select(e => (string?)e["delta"]?["thinking"])));
        Assert.Equal("message_stop", (string?)events[^1]["type"]);
        Assert.Equal(13, (int?)events.Last(e => (string?)e["type"] == "message_delta")["usage"]!["output_tokens"]);
    }

    [ClaudeCodeCliFact]
    public async Task Responses_client_gets_the_text_and_usage_streamed_and_not()
    {
        await using var gateway = await ClaudeCodeCliGateway.StartAsync();
        var request = $$"""{"model":"{{Model}}","instructions":"Answer in one line.","input":"Say hello","store":false}""";

        var whole = await PostJsonAsync(gateway, "/v1/responses", request);
        var message = whole["output"]!.AsArray().Single(item => (string?)item!["type"] == "message")!;
        Assert.Equal(ClaudeCodeCliGateway.Answer, (string?)message["content"]![0]!["text"]);
        Assert.Contains(whole["output"]!.AsArray(), item => (string?)item!["type"] == "reasoning");
        Assert.Equal((33, 13, 7), ((int?)whole["usage"]!["input_tokens"], (int?)whole["usage"]!["output_tokens"], (int?)whole["usage"]!["input_tokens_details"]!["cached_tokens"]));

        var events = Sse.DataLines(await PostStreamAsync(gateway, "/v1/responses", request.Replace("\"store\":false", "\"store\":false,\"stream\":true", StringComparison.Ordinal)))
            .Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(ClaudeCodeCliGateway.Answer, string.Concat(events.Where(e => (string?)e["type"] == "response.output_text.delta").Select(e => (string?)e["delta"])));
        var completed = events.Single(e => (string?)e["type"] == "response.completed");
        Assert.Equal(13, (int?)completed["response"]!["usage"]!["output_tokens"]);
    }

    [ClaudeCodeCliFact]
    public async Task A_failing_upstream_keeps_its_status_and_message_and_names_the_provider()
    {
        await using var gateway = await ClaudeCodeCliGateway.StartAsync();
        foreach (var status in new[] { 400, 500 })
        {
            gateway.FailWith = status;
            using var response = await gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions",
                $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"Say hello"}]}""", UpstreamConfig.ClientKey));

            Assert.Equal((HttpStatusCode)status, response.StatusCode);
            var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"];
            Assert.Contains("Provider 'cc' (Claude Code CLI)", message, StringComparison.Ordinal);
            Assert.Contains($"scripted failure {status}", message, StringComparison.Ordinal);
        }
    }

    [ClaudeCodeCliFact]
    public async Task Client_tools_are_refused_with_a_400_that_names_the_limitation_and_no_cli_runs()
    {
        await using var gateway = await ClaudeCodeCliGateway.StartAsync();

        using var response = await gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """
            {"model":"sonnet","messages":[{"role":"user","content":"What is the weather?"}],
             "tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{}}}}]}
            """, UpstreamConfig.ClientKey));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Contains("cannot be offered client-defined tools", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal("tools", (string?)error["param"]);
        Assert.Empty(gateway.ModelRequests());
    }

    [ClaudeCodeCliFact]
    public async Task A_client_that_leaves_mid_stream_kills_the_cli_process()
    {
        await using var gateway = await ClaudeCodeCliGateway.StartAsync();
        gateway.Hang = true;
        using var leave = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = Sse.Post("/v1/chat/completions", $$"""{"model":"{{Model}}","stream":true,"messages":[{"role":"user","content":"Say hello"}]}""", UpstreamConfig.ClientKey);
        using (var response = await gateway.Godex.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, leave.Token))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(leave.Token));
            while (await reader.ReadLineAsync(leave.Token) is { } line && !line.Contains("Hello from ", StringComparison.Ordinal))
            {
            }

            Assert.NotEmpty(gateway.CliProcesses());
            await leave.CancelAsync();
        }

        await gateway.Upstream.ClientAborted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (gateway.CliProcesses().Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Empty(gateway.CliProcesses());
    }

    private static async Task<JsonNode> PostJsonAsync(ClaudeCodeCliGateway gateway, string path, string json)
    {
        using var response = await gateway.Godex.Http.SendAsync(Sse.Post(path, json, UpstreamConfig.ClientKey));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<string> PostStreamAsync(ClaudeCodeCliGateway gateway, string path, string json)
    {
        using var response = await gateway.Godex.Http.SendAsync(Sse.Post(path, json, UpstreamConfig.ClientKey));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return text;
    }
}
