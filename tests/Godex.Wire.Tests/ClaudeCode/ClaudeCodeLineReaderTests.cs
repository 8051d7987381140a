using Godex.Wire.ClaudeCode;

using Xunit;

namespace Godex.Wire.Tests.ClaudeCode;

/// <summary>Real stream-json captures of Claude Code 2.1.197 (Fixtures/claude-code-cli/SOURCES.md) read into canonical events.</summary>
public sealed class ClaudeCodeLineReaderTests
{
    private static List<StreamEvent> Read(string name)
    {
        var reader = new ClaudeCodeLineReader(TimeProvider.System, "cc");
        var events = new List<StreamEvent>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "claude-code-cli", name)))
        {
            reader.Read(line);
            events.AddRange(reader.Events);
            reader.Events.Clear();
        }

        Assert.True(reader.Ended);
        return events;
    }

    private static ResponseAccumulator Fold(List<StreamEvent> events)
    {
        var accumulator = new ResponseAccumulator();
        events.ForEach(accumulator.Add);
        return accumulator;
    }

    [Fact]
    public void Partial_messages_stream_thinking_then_text_with_the_result_lines_usage()
    {
        var events = Read("thinking-text.jsonl");

        var started = Assert.IsType<ResponseStarted>(events[0]);
        Assert.Equal(("msg_01Scripted", "claude-sonnet-4-5"), (started.Id, started.Model));
        Assert.Equal(["Hello from ", "the upstream."], events.OfType<TextDelta>().Select(delta => delta.Text));
        Assert.Equal(["The user wants ", "a short answer."], events.OfType<ReasoningDelta>().Select(delta => delta.Text));
        Assert.Single(events.OfType<UsageReported>());
        Assert.IsType<ResponseFinished>(events[^1]);

        var response = Fold(events).ToResponse();
        var reasoning = Assert.IsType<ReasoningPart>(response.Parts[0]);
        Assert.Equal(("The user wants a short answer.", "EqSIG"), (reasoning.Text, reasoning.Signature));
        Assert.Equal("Hello from the upstream.", Assert.IsType<TextPart>(response.Parts[1]).Text);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 33, OutputTokens = 13, CachedInputTokens = 7, CacheWriteTokens = 5 }, response.Usage);
    }

    [Fact]
    public void Without_partial_messages_whole_assistant_lines_become_the_parts()
    {
        var response = Fold(Read("whole-messages.jsonl")).ToResponse();

        Assert.Equal("msg_01Scripted", response.Id);
        Assert.Equal("The user wants a short answer.", Assert.IsType<ReasoningPart>(response.Parts[0]).Text);
        Assert.Equal("Hello from the upstream.", Assert.IsType<TextPart>(response.Parts[1]).Text);
        Assert.Equal(13, response.Usage!.OutputTokens);
    }

    [Theory]
    [InlineData("upstream-400.jsonl", 400, "bad thing in request")]
    [InlineData("upstream-500.jsonl", 500, "upstream exploded")]
    public void An_upstream_error_fails_with_its_status_and_message_and_not_the_synthetic_text(string name, int status, string message)
    {
        var events = Read(name);

        var failed = Assert.IsType<ResponseFailed>(Assert.Single(events));
        Assert.Equal(status, failed.Error.Status);
        Assert.Equal("provider.upstream_error", failed.Error.Code);
        Assert.Contains(message, failed.Error.Message, StringComparison.Ordinal);
        Assert.Contains("'cc'", failed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_asking_for_a_tool_ends_in_a_max_turns_failure()
    {
        var events = Read("model-asks-tool.jsonl");

        var failed = Assert.IsType<ResponseFailed>(events[^1]);
        Assert.Equal((502, "provider.cli_max_turns"), (failed.Error.Status, failed.Error.Code));
        Assert.Contains("asked for a tool", failed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_api_call_continues_the_part_numbering()
    {
        var reader = new ClaudeCodeLineReader(TimeProvider.System, "cc");
        static string Event(string json) => $$"""{"type":"stream_event","event":{{json}},"parent_tool_use_id":null}""";
        foreach (var id in new[] { "m1", "m2" })
        {
            reader.Read(Event("""{"type":"message_start","message":{"id":""" + $"\"{id}\"" + ""","model":"x","usage":{"input_tokens":1}}}"""));
            reader.Read(Event("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""));
            reader.Read(Event($$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{{{id}}}"}}"""));
            reader.Read(Event("""{"type":"content_block_stop","index":0}"""));
            reader.Read(Event("""{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}"""));
            reader.Read(Event("""{"type":"message_stop"}"""));
        }

        reader.Read("""{"type":"result","subtype":"success","is_error":false,"usage":{"input_tokens":2,"output_tokens":2}}""");

        Assert.Single(reader.Events.OfType<ResponseStarted>());
        var response = Fold(reader.Events).ToResponse();
        Assert.Equal(["m1", "m2"], response.Parts.Cast<TextPart>().Select(part => part.Text));
    }
}
