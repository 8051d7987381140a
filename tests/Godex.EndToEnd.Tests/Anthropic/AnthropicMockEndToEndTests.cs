using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.Anthropic;

/// <summary>An Anthropic Messages client against the mock: answers, streams, tool calls, token counts and errors in Anthropic's shapes.</summary>
public sealed class AnthropicMockEndToEndTests : IAsyncLifetime
{
    private AnthropicGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await AnthropicGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Message_is_answered_as_an_anthropic_message_object()
    {
        var response = await _gateway.PostAsync("/v1/messages", """{"model":"mock","max_tokens":100,"system":"Be brief.","messages":[{"role":"user","content":"Say hello"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(response.Headers.Contains("request-id"));
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("message", "assistant", "mock", "end_turn"), ((string?)message["type"], (string?)message["role"], (string?)message["model"], (string?)message["stop_reason"]));
        Assert.Contains("Say hello", (string?)message["content"]![0]!["text"], StringComparison.Ordinal);
        Assert.True((int)message["usage"]!["input_tokens"]! > 0);
        Assert.True((int)message["usage"]!["output_tokens"]! > 0);
    }

    [Fact]
    public async Task Streamed_answer_follows_anthropic_event_grammar_on_the_beta_path()
    {
        var response = await _gateway.PostAsync("/v1/messages?beta=true", """{"model":"mock","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Stream a few words please"}]}""", beta: "claude-code-20250219,interleaved-thinking-2025-05-14");

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = AnthropicGateway.Events(await response.Content.ReadAsStringAsync());
        Assert.Equal(["message_start", "ping", "content_block_start"], events.Take(3).Select(e => e.Event));
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], events.TakeLast(3).Select(e => e.Event));
        Assert.True(events.Count(e => e.Event == "content_block_delta") > 1, "the mock streams in several chunks");
        Assert.Contains("Stream a few words please", AnthropicGateway.Text(events), StringComparison.Ordinal);
        Assert.True((int)events[^2].Data["usage"]!["output_tokens"]! > 0);
    }

    [Fact]
    public async Task Streamed_tool_call_arrives_as_a_tool_use_block_with_input_json_deltas()
    {
        var response = await _gateway.PostAsync("/v1/messages", """
            {"model":"mock-tool-call","max_tokens":100,"stream":true,
             "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
             "messages":[{"role":"user","content":"get_weather(city=Paris)"}]}
            """);

        var events = AnthropicGateway.Events(await response.Content.ReadAsStringAsync());
        var start = events.Single(e => e.Event == "content_block_start").Data["content_block"]!;
        Assert.Equal(("tool_use", "get_weather"), ((string?)start["type"], (string?)start["name"]));
        var json = string.Concat(events.Where(e => (string?)e.Data["delta"]?["type"] == "input_json_delta").Select(e => (string?)e.Data["delta"]!["partial_json"]));
        Assert.Equal("Paris", (string?)JsonNode.Parse(json)!["city"]);
        Assert.Equal("tool_use", (string?)events.Single(e => e.Event == "message_delta").Data["delta"]!["stop_reason"]);
    }

    [Fact]
    public async Task Tool_loop_answers_from_a_tool_result_block()
    {
        var response = await _gateway.PostAsync("/v1/messages", """
            {"model":"mock-tool-loop","max_tokens":100,
             "tools":[{"name":"add","input_schema":{"type":"object"}}],
             "messages":[{"role":"user","content":"add(a=2,b=3)"},
                         {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"add","input":{"a":2,"b":3}}]},
                         {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"5"}]}]}
            """);

        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("The tool add returned: 5", (string?)message["content"]![0]!["text"]);
    }

    [Fact]
    public async Task Count_tokens_answers_input_tokens_and_says_it_estimated()
    {
        var response = await _gateway.PostAsync("/v1/messages/count_tokens", """{"model":"mock","messages":[{"role":"user","content":"How many tokens is this?"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("estimated", response.Headers.GetValues("x-godex-token-count").Single());
        var count = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["input_tokens"], count.Select(property => property.Key));
        Assert.InRange((int)count["input_tokens"]!, 5, 30);
    }

    [Theory]
    [InlineData("""{"model":"mock","messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_request_error", "max_tokens")]
    [InlineData("""{"model":"mock","max_tokens":5,"messages":[{"role":"robot","content":"hi"}]}""", 400, "invalid_request_error", "messages[0].role")]
    [InlineData("""{"model":"mock","max_tokens":5,"messages":[""", 400, "invalid_request_error", "not valid JSON")]
    [InlineData("""{"model":"no-such-model","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", 404, "not_found_error", "no-such-model")]
    [InlineData("""{"model":"mock-error","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", 500, "api_error", "failed on purpose")]
    public async Task Errors_come_in_anthropic_shape_with_the_type_for_the_status(string body, int status, string type, string messagePart)
    {
        var response = await _gateway.PostAsync("/v1/messages", body);

        Assert.Equal(status, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("error", (string?)error["type"]);
        Assert.Equal(type, (string?)error["error"]!["type"]);
        Assert.Contains(messagePart, (string?)error["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_or_wrong_key_is_an_anthropic_authentication_error()
    {
        foreach (var key in new[] { null, "wrong-key" })
        {
            var response = await _gateway.PostAsync("/v1/messages", """{"model":"mock","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", key: key);

            Assert.Equal(401, (int)response.StatusCode);
            Assert.Equal("authentication_error", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["type"]);
        }
    }
}
