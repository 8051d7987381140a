using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>
/// Responses client → Godex → a scripted Responses upstream replaying recorded transcripts: what the
/// upstream receives is the client's request (extension fields, namespace and hosted tools, headers),
/// and what the client receives is the upstream's answer (item ids, encrypted reasoning, usage).
/// </summary>
public sealed class ResponsesUpstreamEndToEndTests : IAsyncLifetime
{
    private const string FirstTurn = """
        {"model":"gpt-5.1-codex-max",
         "input":[
           {"type":"message","role":"developer","content":[{"type":"input_text","text":"Use the calculator, one step per call."}]},
           {"type":"message","role":"user","content":[{"type":"input_text","text":"Compute (12 + 7) * 3 * 10."}]}],
         "tools":[
           {"type":"function","name":"calculator","description":"A minimal calculator.","strict":true,
            "parameters":{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"},"op":{"type":"string","enum":["add","subtract","multiply","divide"]}},"required":["a","b","op"],"additionalProperties":false}},
           {"type":"namespace","name":"mcp__notes__","description":"Notes.","tools":[{"type":"function","name":"save","strict":false,"parameters":{"type":"object","properties":{"text":{"type":"string"}}}}]},
           {"type":"web_search","external_web_access":false}],
         "tool_choice":"auto","parallel_tool_calls":true,"reasoning":{"effort":"high","summary":"detailed"},
         "store":false,"stream":true,"include":["reasoning.encrypted_content"],
         "prompt_cache_key":"cache-key-1","client_metadata":{"x-codex-turn":"1"},"service_tier":"auto","text":{"verbosity":"medium"}}
        """;

    private ResponsesGateway _gateway = null!;

    private ScriptedUpstream Upstream => _gateway.Upstream;

    public async Task InitializeAsync() => _gateway = await ResponsesGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Codex_request_reaches_the_upstream_unchanged_and_the_recorded_turn_comes_back_whole()
    {
        var turn = ResponsesGateway.Turns("responses/reasoning-encrypted.sse")[0];
        Upstream.ReplySse(turn);

        var response = await _gateway.PostAsync("/v1/responses", FirstTurn, new Dictionary<string, string>
        {
            ["session_id"] = "0199-session",
            ["originator"] = "codex_exec",
            ["x-codex-turn-metadata"] = "{\"turn\":1}",
        });

        Assert.Equal(200, (int)response.StatusCode);
        var received = Upstream.Single();
        Assert.Equal("/v1/responses", received.Path);
        Assert.Equal("Bearer " + UpstreamConfig.UpstreamKey, received.Headers["authorization"]);
        Assert.Equal("0199-session", received.Headers["session_id"]);
        Assert.Equal("codex_exec", received.Headers["originator"]);
        Assert.Equal("{\"turn\":1}", received.Headers["x-codex-turn-metadata"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(FirstTurn), received.Body), $"the upstream got {received.Body}");

        var events = ResponsesGateway.Events(await response.Content.ReadAsStringAsync());
        ResponsesGateway.AssertSequenced(events);
        var recorded = ResponsesGateway.Events(turn);
        var items = ResponsesGateway.DoneItems(events);
        var recordedItems = ResponsesGateway.DoneItems(recorded);
        Assert.Equal(recordedItems.Count, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(recordedItems[i], items[i]), $"item {i}: expected {recordedItems[i]} but got {items[i]}");
        }

        var reasoningText = string.Concat(events.Where(e => e.Event == "response.reasoning_summary_text.delta").Select(e => (string?)e.Data["delta"]));
        Assert.Equal((string?)recordedItems[0]["summary"]![0]!["text"], reasoningText);
        var completed = events[^1].Data["response"]!;
        Assert.Equal((string?)recorded[^1].Data["response"]!["id"], (string?)completed["id"]);
        Assert.True(JsonNode.DeepEquals(recorded[^1].Data["response"]!["usage"], completed["usage"]));
    }

    [Fact]
    public async Task Encrypted_reasoning_and_calls_replayed_by_the_client_reach_the_upstream_unchanged()
    {
        var turns = ResponsesGateway.Turns("responses/reasoning-encrypted.sse");
        Upstream.ReplySse(turns[0]);
        var first = ResponsesGateway.Events(await (await _gateway.PostAsync("/v1/responses", FirstTurn)).Content.ReadAsStringAsync());
        var output = ResponsesGateway.DoneItems(first);
        var reasoning = output[0];
        var call = output[1];

        // Codex sends the next turn with the output items (without ids) and the tool's result.
        var replay = JsonNode.Parse(FirstTurn)!;
        var input = replay["input"]!.AsArray();
        input.Add(JsonNode.Parse($$"""{"type":"reasoning","summary":{{reasoning["summary"]!.ToJsonString()}},"encrypted_content":{{JsonValueOf((string)reasoning["encrypted_content"]!)}}}"""));
        input.Add(JsonNode.Parse($$"""{"type":"function_call","name":"calculator","arguments":{{JsonValueOf((string)call["arguments"]!)}},"call_id":"{{(string?)call["call_id"]}}"}"""));
        input.Add(JsonNode.Parse($$"""{"type":"function_call_output","call_id":"{{(string?)call["call_id"]}}","output":"19"}"""));
        Upstream.ReplySse(turns[1]);

        var response = await _gateway.PostAsync("/v1/responses", replay.ToJsonString());

        Assert.Equal(200, (int)response.StatusCode);
        var received = Upstream.Received.Last();
        Assert.True(JsonNode.DeepEquals(replay, received.Body), $"the upstream got {received.Body}");
        var sentReasoning = received.Body!["input"]![2]!;
        Assert.Equal((string?)reasoning["encrypted_content"], (string?)sentReasoning["encrypted_content"]);
        Assert.StartsWith("gAAAAABpPDIVOKrsHNZ0", (string?)sentReasoning["encrypted_content"], StringComparison.Ordinal);
        var second = ResponsesGateway.DoneItems(ResponsesGateway.Events(await response.Content.ReadAsStringAsync()));
        Assert.Equal("{\"a\":19,\"b\":3,\"op\":\"multiply\"}", (string?)Assert.Single(second)["arguments"]);
    }

    [Fact]
    public async Task Non_streaming_answer_keeps_items_ids_encrypted_reasoning_and_usage()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("responses/reasoning-encrypted.json"));

        var response = await _gateway.PostAsync("/v1/responses", FirstTurn.Replace("\"stream\":true", "\"stream\":false", StringComparison.Ordinal));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.False((bool)Upstream.Single().Body!["stream"]!);
        var recorded = JsonNode.Parse(ScriptedUpstream.Fixture("responses/reasoning-encrypted.json"))!;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((string?)recorded["id"], (string?)body["id"]);
        Assert.True(JsonNode.DeepEquals(recorded["output"], body["output"]), $"output: {body["output"]}");
        Assert.True(JsonNode.DeepEquals(recorded["usage"], body["usage"]));
        Assert.Equal("12 + 7 = 19\n19 × 3 = 57\n57 × 10 = 570\n\nFinal result: 570", (string?)body["output_text"]);
        Assert.Equal("default", (string?)body["service_tier"]);
    }

    [Fact]
    public async Task Apply_patch_call_streams_with_its_diff_and_the_same_item()
    {
        var recorded = ScriptedUpstream.Fixture("responses/apply-patch-tool.sse");
        Upstream.ReplySse(recorded);

        var response = await _gateway.PostAsync("/v1/responses", """
            {"model":"gpt-5.1","stream":true,"input":"Create a shopping checklist file.","tools":[{"type":"apply_patch"}],"store":false}
            """);

        JsonAssert.Equal("""[{"type":"apply_patch"}]""", Upstream.Single().Body!["tools"]);
        var events = ResponsesGateway.Events(await response.Content.ReadAsStringAsync());
        ResponsesGateway.AssertSequenced(events);
        var recordedEvents = ResponsesGateway.Events(recorded);
        Assert.True(JsonNode.DeepEquals(ResponsesGateway.DoneItems(recordedEvents).Single(), ResponsesGateway.DoneItems(events).Single()));
        var diff = (string?)events.Single(e => e.Event == "response.apply_patch_call_operation_diff.done").Data["diff"];
        Assert.Equal((string?)recordedEvents.Single(e => e.Event == "response.apply_patch_call_operation_diff.done").Data["diff"], diff);
        Assert.Equal(diff, string.Concat(events.Where(e => e.Event == "response.apply_patch_call_operation_diff.delta").Select(e => (string?)e.Data["delta"])));
    }

    [Fact]
    public async Task Apply_patch_answer_non_streaming_is_the_recorded_output()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("responses/apply-patch-tool.json"));

        var response = await _gateway.PostAsync("/v1/responses", """{"model":"gpt-5.1","input":"Create a shopping checklist file.","tools":[{"type":"apply_patch"}]}""");

        var recorded = JsonNode.Parse(ScriptedUpstream.Fixture("responses/apply-patch-tool.json"))!;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(JsonNode.DeepEquals(recorded["output"], body["output"]), $"output: {body["output"]}");
    }

    [Fact]
    public async Task Parallel_function_calls_come_back_as_separate_items_in_order()
    {
        Upstream.ReplySse(ScriptedUpstream.Fixture("responses/parallel-tool-calls.sse").Replace("event: response.output_item.added", """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_parallel","object":"response","created_at":1787162400,"status":"in_progress","model":"gpt-5.4","output":[]}}

            event: response.output_item.added
            """, StringComparison.Ordinal) + """
            event: response.output_item.added
            data: {"type":"response.output_item.added","output_index":1,"item":{"type":"function_call","id":"fc_second","call_id":"call_second","name":"weather","arguments":"","status":"in_progress"}}

            event: response.function_call_arguments.delta
            data: {"type":"response.function_call_arguments.delta","item_id":"fc_second","output_index":1,"delta":"{\"location\":\"Rome\"}"}

            event: response.output_item.done
            data: {"type":"response.output_item.done","output_index":1,"item":{"type":"function_call","id":"fc_second","call_id":"call_second","name":"weather","arguments":"{\"location\":\"Rome\"}","status":"completed"}}

            event: response.completed
            data: {"type":"response.completed","response":{"id":"resp_parallel","object":"response","created_at":1787162400,"status":"completed","model":"gpt-5.4","output":[],"usage":{"input_tokens":34,"input_tokens_details":{"cached_tokens":0},"output_tokens":28,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":62}}}


            """);

        var response = await _gateway.PostAsync("/v1/responses", """{"model":"gpt-5.4","stream":true,"input":"Weather in SF and sights in Rome?","tools":[{"type":"function","name":"weather","parameters":{"type":"object"}}]}""");

        var events = ResponsesGateway.Events(await response.Content.ReadAsStringAsync());
        ResponsesGateway.AssertSequenced(events);
        var items = ResponsesGateway.DoneItems(events);
        Assert.Equal(["fc_parallel", "fc_second"], items.Select(i => (string?)i["id"]));
        Assert.Equal(["call_parallel", "call_second"], items.Select(i => (string?)i["call_id"]));
        Assert.Equal([0, 1], events.Where(e => e.Event == "response.output_item.done").Select(e => (int)e.Data["output_index"]!));
        Assert.Equal("{\"location\":\"Rome\"}", (string?)items[1]["arguments"]);
        Assert.Equal(62, (int)events[^1].Data["response"]!["usage"]!["total_tokens"]!);
    }

    [Fact]
    public async Task Recorded_parallel_call_non_streaming_and_its_fragment_stream_that_never_completes()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("responses/parallel-tool-calls.json"));
        var whole = JsonNode.Parse(await (await _gateway.PostAsync("/v1/responses", """{"model":"gpt-5.4","input":"x"}""")).Content.ReadAsStringAsync())!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ScriptedUpstream.Fixture("responses/parallel-tool-calls.json"))!["output"], whole["output"]));

        Upstream.ReplySse(ScriptedUpstream.Fixture("responses/parallel-tool-calls.sse"));
        var events = ResponsesGateway.Events(await (await _gateway.PostAsync("/v1/responses", """{"model":"gpt-5.4","stream":true,"input":"x"}""")).Content.ReadAsStringAsync());

        ResponsesGateway.AssertSequenced(events);
        Assert.Equal("fc_parallel", (string?)ResponsesGateway.DoneItems(events).Single()["id"]);
        Assert.Equal(["error", "response.failed"], events.TakeLast(2).Select(e => e.Event));
        Assert.Contains("ended before response.completed", (string?)events[^1].Data["response"]!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_keeps_status_retry_after_and_the_upstreams_error()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("responses/error.json"), 429, new Dictionary<string, string> { ["retry-after"] = "12" });

        var response = await _gateway.PostAsync("/v1/responses", """{"model":"gpt-5-nano","stream":true,"input":"hi"}""");

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("12", response.Headers.GetValues("retry-after").Single());
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("insufficient_quota", (string?)error["code"]);
        Assert.Equal("insufficient_quota", (string?)error["type"]);
        Assert.StartsWith("You exceeded your current quota", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_event_inside_a_200_stream_reaches_the_client_as_error_and_response_failed()
    {
        Upstream.ReplySse(ScriptedUpstream.Fixture("responses/error.sse"));

        var response = await _gateway.PostAsync("/v1/responses", """{"model":"gpt-5-nano","stream":true,"input":"hi"}""");

        Assert.Equal(200, (int)response.StatusCode);
        var events = ResponsesGateway.Events(await response.Content.ReadAsStringAsync());
        ResponsesGateway.AssertSequenced(events);
        Assert.Equal(["response.created", "response.in_progress", "error", "response.failed"], events.Select(e => e.Event));
        Assert.Equal("insufficient_quota", (string?)events[2].Data["code"]);
        var failed = events[3].Data["response"]!;
        Assert.Equal("failed", (string?)failed["status"]);
        Assert.Equal("insufficient_quota", (string?)failed["error"]!["code"]);
        // Stored under Godex's own id (the upstream's is not unique across upstreams), the same from created to failed.
        Assert.Equal((string?)events[0].Data["response"]!["id"], (string?)failed["id"]);
        Assert.NotEqual("resp_05500b38c2cd9bfc00691c7c9d222481a3b595421266dab424", (string?)failed["id"]);
    }

    private static string JsonValueOf(string text) => JsonValue.Create(text).ToJsonString();

    /// <summary>JSON equality for a node against expected JSON text.</summary>
    private static class JsonAssert
    {
        public static void Equal(string expected, JsonNode? actual) =>
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected} but got {actual}");
    }
}
