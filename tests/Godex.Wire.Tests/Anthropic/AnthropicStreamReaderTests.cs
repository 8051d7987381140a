using Xunit;

namespace Godex.Wire.Tests.Anthropic;

/// <summary>AnthropicStreamReader on recorded streams and on broken ones.</summary>
public class AnthropicStreamReaderTests
{
    [Fact]
    public async Task Text_stream_yields_one_text_part_and_usage_from_message_start_and_message_delta()
    {
        var events = await AnthropicFixture.ReadStreamAsync("text.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        Assert.Equal(("msg_01QC4g3HwBThD4BaNtBckFDJ", "claude-sonnet-4-5-20250929", AnthropicFixture.Now), (response.Id, response.Model, response.Created));
        Assert.Equal([new TextPart("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?")], response.Parts);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 12, OutputTokens = 30 }, response.Usage);
    }

    [Fact]
    public async Task Thinking_stream_yields_reasoning_with_its_signature_then_text()
    {
        var events = await AnthropicFixture.ReadStreamAsync("thinking-clear.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        var reasoning = Assert.IsType<ReasoningPart>(response.Parts[0]);
        Assert.Equal("The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185", reasoning.Text);
        Assert.StartsWith("EvQBCkYICxgCKkAxhD4N", reasoning.Signature, StringComparison.Ordinal);
        Assert.Equal("925 ÷ 5 = 185", Assert.IsType<TextPart>(response.Parts[1]).Text);
        Assert.Equal(new Usage { InputTokens = 69, OutputTokens = 53 }, response.Usage);
    }

    [Fact]
    public async Task Tool_stream_joins_input_json_deltas_into_the_call_arguments()
    {
        var events = await AnthropicFixture.ReadStreamAsync("tool-json.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal(("toolu_01KFbKqPYSuAKujiL6mTfzYA", "json"), (call.Id, call.Name));
        Fixture.JsonEqual("""{"elements":[{"location":"San Francisco","temperature":58,"condition":"sunny"}]}""", call.ArgumentsJson);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 849, OutputTokens = 47 }, response.Usage);
    }

    [Fact]
    public async Task Tool_without_arguments_after_text_yields_empty_object_arguments()
    {
        var events = await AnthropicFixture.ReadStreamAsync("tool-no-args.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        Assert.Equal("I'll update the issue list for you.", Assert.IsType<TextPart>(response.Parts[0]).Text);
        var call = Assert.IsType<ToolCallPart>(response.Parts[1]);
        Assert.Equal(("updateIssueList", "{}"), (call.Name, call.ArgumentsJson));
    }

    [Fact]
    public async Task Cache_figures_are_summed_into_input_and_reported_apart()
    {
        var events = await AnthropicFixture.ReadSseTextAsync("""
            event: message_start
            data: {"type":"message_start","message":{"id":"m1","model":"c","content":[],"usage":{"input_tokens":10,"cache_creation_input_tokens":200,"cache_read_input_tokens":3000,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"opaque"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":77}}

            event: message_stop
            data: {"type":"message_stop"}


            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        Assert.Equal(new Usage { InputTokens = 3210, CachedInputTokens = 3000, CacheWriteTokens = 200, OutputTokens = 77 }, response.Usage);
        Assert.Equal(FinishReason.Length, response.FinishReason);
        Assert.Equal("opaque", Assert.IsType<ReasoningPart>(Assert.Single(response.Parts)).EncryptedContent);
    }

    [Fact]
    public async Task Error_event_inside_a_200_stream_becomes_a_failure_with_the_status_of_its_type()
    {
        var events = await AnthropicFixture.ReadSseTextAsync(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\",\"content\":[],\"usage\":{\"input_tokens\":1}}}\n\n"
            + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");

        var failed = Assert.IsType<ResponseFailed>(events[^1]);
        Assert.Equal((529, "overloaded_error", "Overloaded"), (failed.Error.Status, failed.Error.UpstreamType, failed.Error.Message));
    }

    [Theory]
    [InlineData("", "provider.stream_truncated")]
    [InlineData("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[]}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Half\"}}\n\n", "provider.stream_truncated")]
    [InlineData("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[]}}\n\ndata: {not json\n\n", "provider.invalid_stream")]
    [InlineData("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[]}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}\n\n", "provider.invalid_stream")]
    [InlineData("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[]}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"s\",\"name\":\"web_search\",\"input\":{}}}\n\n", "bridge.untranslatable")]
    public async Task Broken_streams_end_in_a_failure_never_in_silence(string sse, string code)
    {
        var events = await AnthropicFixture.ReadSseTextAsync(sse);

        var failed = Assert.IsType<ResponseFailed>(events[^1]);
        Assert.Equal(code, failed.Error.Code);
        Assert.Single(events, static e => e is ResponseFailed);
    }

    [Fact]
    public async Task Stream_that_lost_only_message_stop_still_finishes()
    {
        var events = await AnthropicFixture.ReadSseTextAsync(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":3}}}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\n");

        Fixture.AssertWellFormed(events, expectUsage: true);
    }

    [Fact]
    public async Task Usage_is_reported_with_message_start_before_the_first_text_and_again_with_the_output()
    {
        var events = await AnthropicFixture.ReadStreamAsync("text.sse");

        var reports = events.OfType<UsageReported>().Select(static e => e.Usage).ToList();
        Assert.True(events.FindIndex(static e => e is UsageReported) < events.FindIndex(static e => e is TextDelta));
        // message_start's output_tokens (1) is a placeholder before any output, so the first report has input only.
        Assert.Equal([new Usage { InputTokens = 12 }, new Usage { InputTokens = 12, OutputTokens = 30 }], reports);
        Assert.Equal(new Usage { InputTokens = 12, OutputTokens = 30 }, Fixture.Fold(events).Usage);
    }

    [Fact]
    public async Task Stream_cut_mid_answer_has_already_reported_its_input_and_cache_figures()
    {
        var events = await AnthropicFixture.ReadSseTextAsync(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\",\"content\":[],\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":20,\"cache_read_input_tokens\":300,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Half\"}}\n\n");

        Assert.Equal("provider.stream_truncated", Assert.IsType<ResponseFailed>(events[^1]).Error.Code);
        Assert.Equal(new Usage { InputTokens = 330, CacheWriteTokens = 20, CachedInputTokens = 300 }, Assert.Single(events.OfType<UsageReported>()).Usage);
    }
}
