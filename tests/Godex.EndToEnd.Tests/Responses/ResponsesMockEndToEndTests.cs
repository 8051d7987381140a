using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>Responses clients (raw HTTP shaped like Codex CLI) → Godex → the mock; and what Godex refuses.</summary>
public sealed class ResponsesMockEndToEndTests : IAsyncLifetime
{
    /// <summary>Codex's first request of a session, pointed at the mock.</summary>
    private const string CodexBody = """
        {"model":"mock",
         "input":[
           {"type":"message","role":"developer","content":[{"type":"input_text","text":"You are Codex."}]},
           {"type":"message","role":"user","content":[{"type":"input_text","text":"List the files."}]}],
         "tools":[
           {"type":"function","name":"shell","description":"Runs a command.","strict":false,"parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}},"required":["command"]}},
           {"type":"namespace","name":"mcp__fs__","description":"fs tools","tools":[{"type":"function","name":"read","strict":false,"parameters":{"type":"object","properties":{"path":{"type":"string"}}}}]},
           {"type":"web_search","external_web_access":false}],
         "tool_choice":"auto","parallel_tool_calls":true,"reasoning":{"effort":"medium","summary":"auto"},
         "store":false,"stream":true,"include":["reasoning.encrypted_content"],
         "prompt_cache_key":"session-1","client_metadata":{"x-codex-turn":"1"}}
        """;

    private ResponsesGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await ResponsesGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Codex_shaped_stream_gets_the_exact_event_sequence_with_text_and_usage()
    {
        var response = await _gateway.PostAsync("/v1/responses", CodexBody, new Dictionary<string, string> { ["session_id"] = "s-1", ["originator"] = "codex_exec" });

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = ResponsesGateway.Events(await response.Content.ReadAsStringAsync());
        ResponsesGateway.AssertSequenced(events);
        var types = events.Select(e => e.Event).Where(t => t != "response.output_text.delta").ToList();
        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
             "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"],
            types);
        Assert.True(events.Count(e => e.Event == "response.output_text.delta") > 1, "the mock streams in several chunks");

        var text = string.Concat(events.Where(e => e.Event == "response.output_text.delta").Select(e => (string?)e.Data["delta"]));
        Assert.Contains("List the files.", text, StringComparison.Ordinal);
        var itemId = (string?)events[2].Data["item"]!["id"];
        Assert.StartsWith("msg_", itemId, StringComparison.Ordinal);
        Assert.All(events.Where(e => e.Data["item_id"] is not null), e => Assert.Equal(itemId, (string?)e.Data["item_id"]));

        var completed = events[^1].Data["response"]!;
        Assert.StartsWith("resp_", (string?)completed["id"], StringComparison.Ordinal);
        Assert.Equal("completed", (string?)completed["status"]);
        Assert.Equal(text, (string?)completed["output"]![0]!["content"]![0]!["text"]);
        Assert.True((int)completed["usage"]!["input_tokens"]! > 0);
        Assert.Equal((int)completed["usage"]!["input_tokens"]! + (int)completed["usage"]!["output_tokens"]!, (int)completed["usage"]!["total_tokens"]!);

        // The echo gives the client its own tools back, the namespace whole.
        var tools = completed["tools"]!.AsArray();
        Assert.Equal(["function", "namespace", "web_search"], tools.Select(t => (string?)t!["type"]));
        Assert.Equal("read", (string?)tools[1]!["tools"]![0]!["name"]);
        Assert.False((bool)completed["store"]!);
        Assert.Equal("session-1", (string?)completed["prompt_cache_key"]);
    }

    [Fact]
    public async Task Non_streaming_answer_is_a_response_object_with_output_text()
    {
        var response = await _gateway.PostAsync("/v1/responses", """{"model":"mock","instructions":"Be brief.","input":"Say hello","store":true}""");

        Assert.Equal(200, (int)response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("response", (string?)body["object"]);
        Assert.Equal("completed", (string?)body["status"]);
        Assert.Equal("Be brief.", (string?)body["instructions"]);
        var message = body["output"]![0]!;
        Assert.Equal(("message", "assistant", "completed"), ((string?)message["type"], (string?)message["role"], (string?)message["status"]));
        Assert.Contains("Say hello", (string?)message["content"]![0]!["text"], StringComparison.Ordinal);
        Assert.Equal((string?)message["content"]![0]!["text"], (string?)body["output_text"]);
        Assert.True((int)body["usage"]!["output_tokens"]! > 0);
    }

    [Fact]
    public async Task Mock_tool_call_streams_as_a_function_call_item_with_argument_deltas()
    {
        var response = await _gateway.PostAsync("/v1/responses", """
            {"model":"mock-tool-call","stream":true,"input":"Call add(a=2, b=3)",
             "tools":[{"type":"function","name":"add","parameters":{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}}}}]}
            """);

        var events = ResponsesGateway.Events(await response.Content.ReadAsStringAsync());
        ResponsesGateway.AssertSequenced(events);
        var added = events.Single(e => e.Event == "response.output_item.added").Data["item"]!;
        Assert.Equal(("function_call", "add", ""), ((string?)added["type"], (string?)added["name"], (string?)added["arguments"]));
        var deltas = events.Where(e => e.Event == "response.function_call_arguments.delta").Select(e => (string?)e.Data["delta"]).ToList();
        Assert.True(deltas.Count > 1);
        var arguments = (string?)events.Single(e => e.Event == "response.function_call_arguments.done").Data["arguments"];
        Assert.Equal(string.Concat(deltas), arguments);
        Assert.Equal(2, (int)JsonNode.Parse(arguments!)!["a"]!);
        var done = ResponsesGateway.DoneItems(events).Single();
        Assert.Equal((string?)added["id"], (string?)done["id"]);
        Assert.Equal((string?)added["call_id"], (string?)done["call_id"]);
        Assert.Equal("completed", (string?)done["status"]);
    }

    [Fact]
    public async Task Conversation_objects_are_refused_as_unsupported()
    {
        var response = await _gateway.PostAsync("/v1/responses", """{"model":"mock","conversation":"conv_abc","input":"And then?"}""");

        Assert.Equal(400, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("session.unsupported", (string?)error["code"]);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.Equal("conversation", (string?)error["param"]);
        Assert.Contains("previous_response_id", (string?)error["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"mock"}""", "input")]
    [InlineData("""{"model":"mock","input":[{"role":"robot","content":"x"}]}""", "input[0].role")]
    [InlineData("""{"model":"mock","input":"x","tools":[{"type":"function"}]}""", "tools[0].name")]
    [InlineData("""{"model":"mock","input":"x","text":{"format":{"type":"xml"}}}""", "text.format.type")]
    public async Task Bad_input_is_a_400_in_openai_shape_naming_the_field(string body, string param)
    {
        var response = await _gateway.PostAsync("/v1/responses", body);

        Assert.Equal(400, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.Equal(param, (string?)error["param"]);
        Assert.Contains(param, (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_key_is_a_401_in_openai_shape()
    {
        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/responses", """{"model":"mock","input":"x"}"""));

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("authentication_error", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["type"]);
    }
}
