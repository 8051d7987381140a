using System.Text.Json;

using Godex.Wire.Responses;

using Xunit;

namespace Godex.Wire.Tests.Responses;

/// <summary>ResponsesStreamReader on recorded streams (folded with ResponseAccumulator) and on broken ones.</summary>
public class ResponsesStreamReaderTests
{
    [Fact]
    public async Task Encrypted_reasoning_turn_yields_reasoning_with_the_final_payload_then_a_call()
    {
        var turn = ResponsesFixture.Turns("reasoning-encrypted.sse")[0];
        var events = await ResponsesFixture.ReadStreamAsync(turn);

        Fixture.AssertWellFormed(events, expectUsage: true);
        Assert.True(events.OfType<ReasoningDelta>().Count() > 1, "the recording streams the summary in pieces");
        var response = Fixture.Fold(events);
        Assert.Equal("resp_01830d662ab3856501693c321345c88190b0de00f3b9975691", response.Id);
        Assert.Equal("gpt-5.1-codex-max", response.Model);
        var reasoning = Assert.IsType<ReasoningPart>(response.Parts[0]);
        Assert.Equal("**Calculating step-by-step using calculator**\n\nI'll compute 12 plus 7, then multiply the result by 3, and finally multiply that by 10, reporting the final product.", reasoning.Text);

        // The payload of output_item.done is the one to replay (the added event carries an earlier one).
        Assert.StartsWith("gAAAAABpPDIVOKrsHNZ0", reasoning.EncryptedContent, StringComparison.Ordinal);
        Assert.Equal("rs_01830d662ab3856501693c321405c88190be3ab04d5782d5f9", reasoning.Extensions!.Fields["id"].GetString());
        var call = Assert.IsType<ToolCallPart>(response.Parts[1]);
        Assert.Equal(("call_AB6AaRZ1FYZB2RwS6A5vbdqn", "calculator"), (call.Id, call.Name));
        Fixture.JsonEqual("""{"a":12,"b":7,"op":"add"}""", call.ArgumentsJson);
        Assert.Equal("fc_01830d662ab3856501693c32151234819091cfca267e98cc5f", call.Extensions!.Fields["id"].GetString());
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 134, OutputTokens = 28 }, response.Usage);
    }

    [Fact]
    public async Task Every_recorded_turn_reads_well_formed_and_the_last_is_text()
    {
        var turns = ResponsesFixture.Turns("reasoning-encrypted.sse");
        Assert.Equal(4, turns.Count);
        foreach (var turn in turns)
        {
            Fixture.AssertWellFormed(await ResponsesFixture.ReadStreamAsync(turn), expectUsage: true);
        }

        var last = Fixture.Fold(await ResponsesFixture.ReadStreamAsync(turns[3]));
        var text = Assert.IsType<TextPart>(Assert.Single(last.Parts));
        Assert.Equal("The final result is **570**.", text.Text);
        Assert.Equal("msg_01830d662ab3856501693c32183a488190a612c410a0a39823", text.Extensions!.Fields["message"].GetProperty("id").GetString());
        Assert.Equal(FinishReason.Stop, last.FinishReason);
        Assert.Equal(new Usage { InputTokens = 299, OutputTokens = 12 }, last.Usage);
    }

    [Fact]
    public async Task Apply_patch_stream_yields_one_call_with_the_finished_operation()
    {
        var events = await ResponsesFixture.ReadStreamAsync(ResponsesFixture.Text("apply-patch-tool.sse"));

        Fixture.AssertWellFormed(events, expectUsage: true);
        var call = Assert.IsType<ToolCallPart>(Assert.Single(Fixture.Fold(events).Parts));
        Assert.Equal(("call_kA46f91ZwocQyMCKyyZqRyC5", "apply_patch"), (call.Id, call.Name));
        Fixture.JsonEqual("""{"type":"create_file","diff":"+## Shopping Checklist\n+\n+- [ ] Milk\n+- [ ] Bread\n+- [ ] Eggs\n+- [ ] Fresh fruit\n+- [ ] Coffee\n","path":"shopping-checklist.md"}""", call.ArgumentsJson);
        Assert.Equal("apply_patch_call", call.Extensions!.Fields["type"].GetString());
    }

    [Fact]
    public async Task Error_event_inside_a_200_stream_ends_it_as_the_upstreams_failure()
    {
        var events = await ResponsesFixture.ReadStreamAsync(ResponsesFixture.Text("error.sse"));

        Assert.IsType<ResponseStarted>(events[0]);
        var failed = Assert.IsType<ResponseFailed>(events[^1]);
        Assert.Equal(429, failed.Error.Status);
        Assert.Equal("insufficient_quota", failed.Error.UpstreamCode);
        Assert.StartsWith("You exceeded your current quota", failed.Error.Message, StringComparison.Ordinal);
        Assert.Single(events, static e => e is ResponseFailed);
    }

    [Fact]
    public async Task Recorded_fragment_without_a_terminal_event_reads_its_call_then_fails_as_truncated()
    {
        var events = await ResponsesFixture.ReadStreamAsync(ResponsesFixture.Text("parallel-tool-calls.sse"));

        Assert.IsType<ResponseStarted>(events[0]);
        var started = Assert.Single(events.OfType<PartStarted>());
        Assert.Equal(("call_parallel", "parallel"), (started.ToolCallId, started.ToolName));
        Assert.Contains(events, static e => e is PartDone);
        Assert.Equal("provider.stream_truncated", Assert.IsType<ResponseFailed>(events[^1]).Error.Code);
    }

    [Fact]
    public async Task Malformed_event_is_a_failure_not_a_crash()
    {
        var events = await ResponsesFixture.ReadStreamAsync("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}\n\ndata: {not json\n\n");

        Assert.Equal("provider.invalid_stream", Assert.IsType<ResponseFailed>(events[^1]).Error.Code);
    }

    [Fact]
    public async Task Custom_tool_input_streams_as_json_arguments_and_parallel_calls_stay_apart()
    {
        const string sse = """
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_x","model":"gpt-5","created_at":1,"status":"in_progress","output":[]}}

            data: {"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"fc_a","type":"function_call","status":"in_progress","arguments":"","call_id":"call_a","name":"weather"}}

            data: {"type":"response.output_item.added","sequence_number":2,"output_index":1,"item":{"id":"fc_b","type":"function_call","status":"in_progress","arguments":"","call_id":"call_b","name":"search","namespace":"mcp__docs__"}}

            data: {"type":"response.function_call_arguments.delta","sequence_number":3,"item_id":"fc_a","output_index":0,"delta":"{\"city\":"}

            data: {"type":"response.function_call_arguments.delta","sequence_number":4,"item_id":"fc_b","output_index":1,"delta":"{\"q\":\"x\"}"}

            data: {"type":"response.function_call_arguments.delta","sequence_number":5,"item_id":"fc_a","output_index":0,"delta":"\"Rome\"}"}

            data: {"type":"response.output_item.done","sequence_number":6,"output_index":0,"item":{"id":"fc_a","type":"function_call","status":"completed","arguments":"{\"city\":\"Rome\"}","call_id":"call_a","name":"weather"}}

            data: {"type":"response.output_item.done","sequence_number":7,"output_index":1,"item":{"id":"fc_b","type":"function_call","status":"completed","arguments":"{\"q\":\"x\"}","call_id":"call_b","name":"search","namespace":"mcp__docs__"}}

            data: {"type":"response.output_item.added","sequence_number":8,"output_index":2,"item":{"id":"ctc_c","type":"custom_tool_call","status":"in_progress","call_id":"call_c","name":"apply_patch","input":""}}

            data: {"type":"response.custom_tool_call_input.delta","sequence_number":9,"item_id":"ctc_c","output_index":2,"delta":"*** Begin \"Patch\"\n"}

            data: {"type":"response.custom_tool_call_input.delta","sequence_number":10,"item_id":"ctc_c","output_index":2,"delta":"*** End Patch"}

            data: {"type":"response.output_item.done","sequence_number":11,"output_index":2,"item":{"id":"ctc_c","type":"custom_tool_call","status":"completed","call_id":"call_c","name":"apply_patch","input":"*** Begin \"Patch\"\n*** End Patch"}}

            data: {"type":"response.completed","sequence_number":12,"response":{"id":"resp_x","status":"completed","output":[],"usage":{"input_tokens":10,"output_tokens":5,"total_tokens":15}}}


            """;

        var events = await ResponsesFixture.ReadStreamAsync(sse);

        Fixture.AssertWellFormed(events, expectUsage: true);
        var calls = Fixture.Fold(events).Parts.Cast<ToolCallPart>().ToList();
        Assert.Equal(["weather", "mcp__docs__search", "apply_patch"], calls.Select(static c => c.Name));
        Fixture.JsonEqual("""{"city":"Rome"}""", calls[0].ArgumentsJson);
        Fixture.JsonEqual("""{"q":"x"}""", calls[1].ArgumentsJson);
        Assert.Equal("mcp__docs__", calls[1].Extensions!.Fields["namespace"].GetString());
        Assert.Equal("*** Begin \"Patch\"\n*** End Patch", JsonDocument.Parse(calls[2].ArgumentsJson).RootElement.GetProperty("input").GetString());
        Assert.Equal("custom_tool_call", calls[2].Extensions!.Fields["type"].GetString());
    }

    [Fact]
    public async Task Incomplete_response_finishes_with_length()
    {
        const string sse = """
            data: {"type":"response.created","response":{"id":"resp_y","model":"m","status":"in_progress"}}

            data: {"type":"response.output_item.added","output_index":0,"item":{"id":"msg_y","type":"message","status":"in_progress","role":"assistant","content":[]}}

            data: {"type":"response.content_part.added","item_id":"msg_y","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}

            data: {"type":"response.output_text.delta","item_id":"msg_y","output_index":0,"content_index":0,"delta":"Cut"}

            data: {"type":"response.incomplete","response":{"id":"resp_y","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"usage":{"input_tokens":3,"output_tokens":1}}}


            """;

        var events = await ResponsesFixture.ReadStreamAsync(sse);

        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);
        Assert.Equal(FinishReason.Length, response.FinishReason);
        Assert.Equal("Cut", response.JoinedText());
    }
}
