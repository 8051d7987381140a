using System.Text;
using System.Text.Json;

using Godex.Wire.Responses;

using Xunit;

namespace Godex.Wire.Tests.Responses;

/// <summary>ResponsesStreamWriter: the exact event sequence of the API, and recorded streams surviving a round trip.</summary>
public class ResponsesStreamWriterTests
{
    public static TheoryData<int> Turns => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(Turns))]
    public async Task Recorded_turn_written_and_read_again_folds_to_the_same_response(int turn)
    {
        var events = await ResponsesFixture.ReadStreamAsync(ResponsesFixture.Turns("reasoning-encrypted.sse")[turn]);

        var written = ResponsesFixture.WriteStream(events);
        await AssertApiShapeAsync(written);
        var again = await ResponsesFixture.ReadStreamAsync(written);

        Fixture.AssertWellFormed(again, expectUsage: true);
        AssertSameResponse(Fixture.Fold(events), Fixture.Fold(again));
    }

    [Fact]
    public async Task Apply_patch_call_is_written_with_its_diff_events_and_reads_back_the_same()
    {
        var request = ResponsesRequestReader.Read("""{"input":"x","tools":[{"type":"apply_patch"}]}"""u8);
        var events = await ResponsesFixture.ReadStreamAsync(ResponsesFixture.Text("apply-patch-tool.sse"));

        var written = ResponsesFixture.WriteStream(events, request);
        var frames = await AssertApiShapeAsync(written);

        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.apply_patch_call_operation_diff.delta",
             "response.apply_patch_call_operation_diff.done", "response.output_item.done", "response.completed"],
            frames.Select(static f => f.Event));
        Assert.Equal("apc_0372d86dfc1762fe00692741f3f3dc8190879cba489ff2fc8b", frames[2].Data.GetProperty("item").GetProperty("id").GetString());
        Assert.Equal("", frames[2].Data.GetProperty("item").GetProperty("operation").GetProperty("diff").GetString());
        AssertSameResponse(Fixture.Fold(events), Fixture.Fold(await ResponsesFixture.ReadStreamAsync(written)));
    }

    [Fact]
    public async Task Chat_text_stream_becomes_the_exact_responses_event_sequence()
    {
        var events = await Fixture.ReadStreamAsync("openai-text.sse");

        var frames = await AssertApiShapeAsync(ResponsesFixture.WriteStream(events));

        var types = frames.Select(static f => f.Event!).ToList();
        var deltas = types.Count(static t => t == "response.output_text.delta");
        Assert.Equal(events.OfType<TextDelta>().Count(), deltas);
        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
             .. Enumerable.Repeat("response.output_text.delta", deltas),
             "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"],
            types);
        var text = string.Concat(events.OfType<TextDelta>().Select(static d => d.Text));
        Assert.Equal(text, frames[^4].Data.GetProperty("text").GetString());
        var completed = frames[^1].Data.GetProperty("response");
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal(text, completed.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.True(completed.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        Assert.Equal(frames[2].Data.GetProperty("item").GetProperty("id").GetString(), completed.GetProperty("output")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Reasoning_item_keeps_its_id_and_the_final_encrypted_payload()
    {
        var events = await ResponsesFixture.ReadStreamAsync(ResponsesFixture.Turns("reasoning-encrypted.sse")[0]);

        var frames = await AssertApiShapeAsync(ResponsesFixture.WriteStream(events));

        var done = frames.First(static f => f.Event == "response.output_item.done").Data.GetProperty("item");
        Assert.Equal("rs_01830d662ab3856501693c321405c88190be3ab04d5782d5f9", done.GetProperty("id").GetString());
        Assert.StartsWith("gAAAAABpPDIVOKrsHNZ0", done.GetProperty("encrypted_content").GetString(), StringComparison.Ordinal);
        Assert.Contains(frames, static f => f.Event == "response.reasoning_summary_part.added");
        Assert.Contains(frames, static f => f.Event == "response.reasoning_summary_text.done");
        Assert.Contains(frames, static f => f.Event == "response.function_call_arguments.done" && f.Data.GetProperty("arguments").GetString() == """{"a":12,"b":7,"op":"add"}""");
    }

    [Fact]
    public async Task Calls_to_declared_custom_and_namespace_tools_come_back_in_their_own_form()
    {
        var request = ResponsesRequestReader.Read(Encoding.UTF8.GetBytes(CodexRequest.FirstTurn));
        StreamEvent[] events =
        [
            new ResponseStarted("chatcmpl-9", "qwen", DateTimeOffset.FromUnixTimeSeconds(5)),
            new PartStarted(0, PartKind.ToolCall) { ToolCallId = "call_p", ToolName = "apply_patch" },
            new ToolArgumentsDelta(0, """{"input":"*** Begin"""),
            new ToolArgumentsDelta(0, """ Patch"}"""),
            new PartDone(0),
            new PartStarted(1, PartKind.ToolCall) { ToolCallId = "call_s", ToolName = "mcp__docs__search" },
            new ToolArgumentsDelta(1, """{"query":"ls"}"""),
            new PartDone(1),
            new ResponseFinished(FinishReason.ToolCalls),
        ];

        var frames = await AssertApiShapeAsync(ResponsesFixture.WriteStream(events, request));

        Assert.Equal("resp_chatcmpl-9", frames[0].Data.GetProperty("response").GetProperty("id").GetString());
        Assert.Contains(frames, static f => f.Event == "response.custom_tool_call_input.done" && f.Data.GetProperty("input").GetString() == "*** Begin Patch");
        var output = frames[^1].Data.GetProperty("response").GetProperty("output");
        Fixture.JsonEqual(
            """{"type":"custom_tool_call","status":"completed","call_id":"call_p","name":"apply_patch","input":"*** Begin Patch"}""",
            WithoutId(output[0]));
        Fixture.JsonEqual(
            """{"type":"function_call","status":"completed","call_id":"call_s","name":"search","namespace":"mcp__docs__","arguments":"{\"query\":\"ls\"}"}""",
            WithoutId(output[1]));
        Assert.StartsWith("ctc_", output[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("fc_", output[1].GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Length_finish_ends_with_response_incomplete()
    {
        StreamEvent[] events =
        [
            new ResponseStarted("resp_7", "m", DateTimeOffset.UnixEpoch),
            new PartStarted(0, PartKind.Text),
            new TextDelta(0, "Cut sh"),
            new PartDone(0),
            new UsageReported(new Usage { InputTokens = 4, OutputTokens = 2 }),
            new ResponseFinished(FinishReason.Length),
        ];

        var frames = await AssertApiShapeAsync(ResponsesFixture.WriteStream(events));

        Assert.Equal("response.incomplete", frames[^1].Event);
        var response = frames[^1].Data.GetProperty("response");
        Assert.Equal("incomplete", response.GetProperty("status").GetString());
        Assert.Equal("max_output_tokens", response.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("incomplete", response.GetProperty("output")[0].GetProperty("status").GetString());
        Assert.Equal("response.output_item.done", frames[^2].Event);
    }

    [Fact]
    public async Task Failure_mid_stream_is_an_error_event_then_response_failed()
    {
        StreamEvent[] events =
        [
            new ResponseStarted("resp_8", "m", DateTimeOffset.UnixEpoch),
            new PartStarted(0, PartKind.Text),
            new TextDelta(0, "Half"),
            new ResponseFailed(new GodexError(502, "provider.stream_truncated", "The upstream stream ended before response.completed.")),
        ];

        var frames = await AssertApiShapeAsync(ResponsesFixture.WriteStream(events));

        Assert.Equal(["error", "response.failed"], frames.TakeLast(2).Select(static f => f.Event));
        Assert.Equal("server_error", frames[^2].Data.GetProperty("code").GetString());
        var error = frames[^1].Data.GetProperty("response").GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("code").GetString());
        Assert.Equal("The upstream stream ended before response.completed.", error.GetProperty("message").GetString());
        Assert.Equal("failed", frames[^1].Data.GetProperty("response").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Failure_before_anything_streamed_still_opens_the_response_first()
    {
        var frames = await AssertApiShapeAsync(ResponsesFixture.WriteStream([new ResponseFailed(new GodexError(429, "provider.http_error", "Slow down") { UpstreamCode = "rate_limit_exceeded" })]));

        Assert.Equal(["response.created", "response.in_progress", "error", "response.failed"], frames.Select(static f => f.Event));
        Assert.Equal("rate_limit_exceeded", frames[^1].Data.GetProperty("response").GetProperty("error").GetProperty("code").GetString());
    }

    /// <summary>
    /// What every Responses stream must satisfy: `event:` equals `type`, sequence numbers count from 0,
    /// item events name an item announced before, and the last event is terminal.
    /// </summary>
    private static async Task<List<(string? Event, JsonElement Data)>> AssertApiShapeAsync(byte[] written)
    {
        var frames = await ResponsesFixture.FramesAsync(written);
        var announced = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < frames.Count; i++)
        {
            var (name, data) = frames[i];
            Assert.Equal(name, data.GetProperty("type").GetString());
            Assert.Equal(i, data.GetProperty("sequence_number").GetInt32());
            if (name == "response.output_item.added")
            {
                var item = data.GetProperty("item");
                announced[item.GetProperty("id").GetString()!] = data.GetProperty("output_index").GetInt32();
            }

            if (data.TryGetProperty("item_id", out var itemId))
            {
                Assert.True(announced.TryGetValue(itemId.GetString()!, out var index), $"{name} names an item never announced");
                Assert.Equal(index, data.GetProperty("output_index").GetInt32());
            }

            if (name == "response.output_item.done")
            {
                var item = data.GetProperty("item");
                Assert.Equal(announced[item.GetProperty("id").GetString()!], data.GetProperty("output_index").GetInt32());
            }
        }

        Assert.Contains(frames[^1].Event, new[] { "response.completed", "response.incomplete", "response.failed" });
        Assert.Single(frames, static f => f.Event is "response.completed" or "response.incomplete" or "response.failed");
        return frames;
    }

    private static string WithoutId(JsonElement item)
    {
        var fields = item.EnumerateObject().Where(static p => p.Name != "id").Select(static p => $"\"{p.Name}\":{p.Value.GetRawText()}");
        return "{" + string.Join(",", fields) + "}";
    }

    private static void AssertSameResponse(ChatResponse expected, ChatResponse actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Model, actual.Model);
        Assert.Equal(expected.FinishReason, actual.FinishReason);
        Assert.Equal(expected.Usage, actual.Usage);
        Assert.Equal(expected.Parts.Count, actual.Parts.Count);
        for (var i = 0; i < expected.Parts.Count; i++)
        {
            switch (expected.Parts[i])
            {
                case TextPart text:
                    Assert.Equal(text.Text, Assert.IsType<TextPart>(actual.Parts[i]).Text);
                    break;
                case ReasoningPart reasoning:
                    var other = Assert.IsType<ReasoningPart>(actual.Parts[i]);
                    Assert.Equal((reasoning.Text, reasoning.EncryptedContent), (other.Text, other.EncryptedContent));
                    Assert.Equal(reasoning.Extensions!.Fields["id"].GetString(), other.Extensions!.Fields["id"].GetString());
                    break;
                case ToolCallPart call:
                    var again = Assert.IsType<ToolCallPart>(actual.Parts[i]);
                    Assert.Equal((call.Id, call.Name), (again.Id, again.Name));
                    Fixture.JsonEqual(call.ArgumentsJson, again.ArgumentsJson);
                    Assert.Equal(call.Extensions!.Fields["id"].GetString(), again.Extensions!.Fields["id"].GetString());
                    break;
            }
        }
    }
}
