using System.Text.Json.Nodes;

using Xunit;

namespace Godex.Wire.Tests.Anthropic;

/// <summary>AnthropicStreamWriter: the exact event sequence Anthropic's servers emit, from any upstream's events.</summary>
public class AnthropicStreamWriterTests
{
    public static TheoryData<string> SseFixtures => ["text.sse", "thinking-clear.sse", "tool-json.sse", "tool-no-args.sse"];

    [Theory]
    [MemberData(nameof(SseFixtures))]
    public async Task Recorded_stream_written_back_reads_to_the_same_response(string name)
    {
        var events = await AnthropicFixture.ReadStreamAsync(name);

        var written = AnthropicFixture.WriteStream(events);
        var again = await AnthropicFixture.ReadSseTextAsync(written);

        Fixture.AssertWellFormed(again, expectUsage: true);
        var (expected, actual) = (Fixture.Fold(events), Fixture.Fold(again));
        Assert.Equal((expected.Id, expected.Model, expected.FinishReason, expected.Usage), (actual.Id, actual.Model, actual.FinishReason, actual.Usage));
        Assert.Equal(expected.Parts.Count, actual.Parts.Count);
        for (var i = 0; i < expected.Parts.Count; i++)
        {
            Assert.Equal(expected.Parts[i] with { Extensions = null }, actual.Parts[i] with { Extensions = null });
        }
    }

    [Fact]
    public async Task Written_stream_has_the_sequence_real_servers_emit()
    {
        var sse = AnthropicFixture.WriteStream(await AnthropicFixture.ReadStreamAsync("thinking-clear.sse"));

        var frames = AnthropicFixture.Frames(sse);
        Assert.Equal(
            ["message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            Collapse(frames));
        var start = frames[0].Data["message"]!;
        Assert.Equal(("msg_01Y6V41gqPaKWEw7iPouH7iW", "assistant", 0), ((string?)start["id"], (string?)start["role"], start["content"]!.AsArray().Count));
        Fixture.JsonEqual("""{"type":"thinking","thinking":"","signature":""}""", frames[2].Data["content_block"]!.ToJsonString());
        Assert.Contains(frames, frame => (string?)frame.Data["delta"]?["type"] == "signature_delta" && (int)frame.Data["index"]! == 0);
        var delta = frames[^2].Data;
        Assert.Equal("end_turn", (string?)delta["delta"]!["stop_reason"]);
        Fixture.JsonEqual("""{"input_tokens":69,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":53}""", delta["usage"]!.ToJsonString());
    }

    [Fact]
    public void Overlapping_tool_calls_are_written_one_block_at_a_time_without_losing_a_fragment()
    {
        var sse = AnthropicFixture.WriteStream(
        [
            new ResponseStarted("chatcmpl-1", "gpt", AnthropicFixture.Now),
            new PartStarted(0, PartKind.Text),
            new TextDelta(0, "Checking."),
            new PartDone(0),
            new PartStarted(1, PartKind.ToolCall) { ToolCallId = "call_a", ToolName = "weather" },
            new ToolArgumentsDelta(1, "{\"city\":"),
            new PartStarted(2, PartKind.ToolCall) { ToolCallId = "call_b", ToolName = "time" },
            new ToolArgumentsDelta(2, "{\"tz\":\"UTC\"}"),
            new ToolArgumentsDelta(1, "\"Paris\"}"),
            new PartStarted(3, PartKind.ToolCall) { ToolCallId = "call_c", ToolName = "noop" },
            new PartDone(3),
            new PartDone(2),
            new PartDone(1),
            new UsageReported(new Usage { InputTokens = 20, OutputTokens = 9 }),
            new ResponseFinished(FinishReason.ToolCalls),
        ]);

        var frames = AnthropicFixture.Frames(sse).Where(frame => frame.Event.StartsWith("content_block", StringComparison.Ordinal)).ToList();
        var indexes = frames.Select(frame => (int)frame.Data["index"]!).ToList();
        Assert.Equal([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3], indexes);
        Assert.Equal("call_a", (string?)frames[3].Data["content_block"]!["id"]);
        Assert.Equal(["{\"city\":", "\"Paris\"}"], frames.Where(frame => (int)frame.Data["index"]! == 1 && frame.Event == "content_block_delta").Select(frame => (string?)frame.Data["delta"]!["partial_json"]));
        Assert.Equal("call_b", (string?)frames[7].Data["content_block"]!["id"]);
        Assert.Equal("{\"tz\":\"UTC\"}", (string?)frames[8].Data["delta"]!["partial_json"]);
        Fixture.JsonEqual("""{"type":"tool_use","id":"call_c","name":"noop","input":{}}""", frames[10].Data["content_block"]!.ToJsonString());
        Assert.Equal("tool_use", (string?)AnthropicFixture.Frames(sse)[^2].Data["delta"]!["stop_reason"]);
    }

    [Fact]
    public async Task Chat_upstream_reasoning_tool_call_and_cached_usage_arrive_as_anthropic_blocks()
    {
        var events = await Fixture.ReadStreamAsync("deepseek-tool-call.sse");

        var sse = AnthropicFixture.WriteStream(events);
        var frames = AnthropicFixture.Frames(sse);

        var starts = frames.Where(frame => frame.Event == "content_block_start").Select(frame => frame.Data["content_block"]!).ToList();
        Assert.Equal(["thinking", "tool_use"], starts.Select(block => (string?)block["type"]));
        Assert.Equal(("call_00_ioIn7yN9p1ZOMNpDLwd4MgAF", "weather"), ((string?)starts[1]["id"], (string?)starts[1]["name"]));
        Assert.DoesNotContain(frames, frame => (string?)frame.Data["delta"]?["type"] == "signature_delta");
        Fixture.JsonEqual("""{"input_tokens":19,"cache_creation_input_tokens":0,"cache_read_input_tokens":320,"output_tokens":83}""", frames[^2].Data["usage"]!.ToJsonString());

        var again = Fixture.Fold(await AnthropicFixture.ReadSseTextAsync(sse));
        var call = Assert.IsType<ToolCallPart>(again.Parts[1]);
        Fixture.JsonEqual("""{"location":"San Francisco"}""", call.ArgumentsJson);
        Assert.StartsWith("The user is asking for the weather", Assert.IsType<ReasoningPart>(again.Parts[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Opaque_reasoning_becomes_redacted_thinking_and_empty_reasoning_no_block()
    {
        var sse = AnthropicFixture.WriteStream(
        [
            new ResponseStarted("r1", "o3", AnthropicFixture.Now),
            new PartStarted(0, PartKind.Reasoning),
            new PartDone(0),
            new PartStarted(1, PartKind.Reasoning),
            new ReasoningSignature(1, null, "gAAAA-encrypted"),
            new PartDone(1),
            new PartStarted(2, PartKind.Text),
            new TextDelta(2, "Done."),
            new PartDone(2),
            new ResponseFinished(FinishReason.Stop),
        ]);

        var starts = AnthropicFixture.Frames(sse).Where(frame => frame.Event == "content_block_start").ToList();
        Assert.Equal(2, starts.Count);
        Fixture.JsonEqual("""{"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"gAAAA-encrypted"}}""", starts[0].Data.ToJsonString());
        Assert.Equal(1, (int)starts[1].Data["index"]!);
    }

    [Fact]
    public void Failure_mid_stream_is_an_error_event_and_nothing_follows()
    {
        using var writer = new Godex.Wire.Anthropic.AnthropicStreamWriter();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        writer.Write(buffer, new ResponseStarted("m", "c", AnthropicFixture.Now));
        writer.Write(buffer, new PartStarted(0, PartKind.Text));
        writer.Write(buffer, new TextDelta(0, "Half"));
        writer.Write(buffer, new ResponseFailed(new GodexError(529, "provider.stream_error", "Overloaded") { UpstreamType = "overloaded_error" }));
        writer.Write(buffer, new ResponseFinished(FinishReason.Stop));

        Assert.True(writer.Completed);
        var frames = AnthropicFixture.Frames(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal("error", frames[^1].Event);
        Fixture.JsonEqual("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", frames[^1].Data.ToJsonString());
        Assert.DoesNotContain(frames, frame => frame.Event == "message_stop");
    }

    [Fact]
    public void A_bare_signature_after_the_answer_opens_no_thinking_block()
    {
        using var writer = new Godex.Wire.Anthropic.AnthropicStreamWriter();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        writer.Write(buffer, new ResponseStarted("m", "c", AnthropicFixture.Now));
        writer.Write(buffer, new PartStarted(0, PartKind.Text));
        writer.Write(buffer, new TextDelta(0, "The answer."));
        writer.Write(buffer, new PartDone(0));
        writer.Write(buffer, new PartStarted(1, PartKind.Reasoning));
        writer.Write(buffer, new ReasoningSignature(1, "gemini-closing-signature"));
        writer.Write(buffer, new PartDone(1));
        writer.Write(buffer, new ResponseFinished(FinishReason.Stop));

        var frames = AnthropicFixture.Frames(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        var starts = frames.Where(frame => frame.Event == "content_block_start").ToList();
        Assert.Equal("text", (string?)Assert.Single(starts).Data["content_block"]!["type"]);
        Assert.DoesNotContain("gemini-closing-signature", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), StringComparison.Ordinal);
        Assert.Equal("message_stop", frames[^1].Event);
    }

    [Fact]
    public void A_bare_signature_after_the_answer_is_left_out_of_a_whole_message()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Godex.Wire.Anthropic.AnthropicResponseWriter.Write(buffer, new ChatResponse
        {
            Id = "m",
            Model = "c",
            Parts = [new ReasoningPart { Text = "First think.", Signature = "sig-1" }, new TextPart("The answer."), new ReasoningPart { Signature = "gemini-closing-signature" }],
        });

        var content = JsonNode.Parse(buffer.WrittenSpan)!["content"]!.AsArray();
        Assert.Equal(["thinking", "text"], content.Select(block => (string?)block!["type"]));
    }

    /// <summary>Runs of the same event collapsed to one, so the sequence reads as the protocol's grammar.</summary>
    private static List<string> Collapse(List<(string Event, JsonNode Data)> frames)
    {
        var names = new List<string>();
        foreach (var (name, _) in frames)
        {
            if (names.Count == 0 || names[^1] != name)
            {
                names.Add(name);
            }
        }

        return names;
    }
}
