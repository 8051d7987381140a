using Xunit;

namespace Godex.Wire.Tests;

/// <summary>OpenAIChatStreamReader on recorded provider streams, folded with ResponseAccumulator.</summary>
public class StreamReaderFixtureTests
{
    [Fact]
    public async Task Deepseek_reasoning_stream_yields_reasoning_part_then_text_part()
    {
        var events = await Fixture.ReadStreamAsync("deepseek-reasoning.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        Assert.Equal("cac7192e-e619-40c6-96b0-ed4276bc03ac", response.Id);
        Assert.Equal("deepseek-reasoner", response.Model);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764661832), response.Created);
        Assert.Collection(
            response.Parts,
            part =>
            {
                var reasoning = Assert.IsType<ReasoningPart>(part);
                Assert.StartsWith("We need to count the number of the letter \"r\" in t", reasoning.Text, StringComparison.Ordinal);
                Assert.EndsWith("es, 3.\n\nThus, the answer is 3.", reasoning.Text, StringComparison.Ordinal);
                Assert.Equal(606, reasoning.Text.Length);
            },
            part => Assert.Equal(new TextPart("The word \"strawberry\" contains three \"r\"s."), part));
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 18, OutputTokens = 219, ReasoningTokens = 205 }, response.Usage);
    }

    [Fact]
    public async Task Deepseek_text_stream_cut_by_length_yields_one_text_part_and_length_finish()
    {
        var events = await Fixture.ReadStreamAsync("deepseek-text.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        Assert.Equal("f6117a0b-129d-46fa-b239-78f01c2c5df9", response.Id);
        Assert.Equal("deepseek-chat", response.Model);
        var text = Assert.IsType<TextPart>(Assert.Single(response.Parts)).Text;
        Assert.StartsWith("## **Holiday Name:** Starlight Remembrance\n\n**Date", text, StringComparison.Ordinal);
        Assert.EndsWith("5 minutes of silent looking at", text, StringComparison.Ordinal);
        Assert.Equal(1855, text.Length);
        Assert.Equal(FinishReason.Length, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 13, OutputTokens = 400 }, response.Usage);
    }

    [Fact]
    public async Task Deepseek_tool_call_stream_yields_reasoning_then_one_call_with_joined_arguments()
    {
        var events = await Fixture.ReadStreamAsync("deepseek-tool-call.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        Assert.True(events.OfType<ToolArgumentsDelta>().Count() > 1, "the recording streams the arguments in pieces");
        var response = Fixture.Fold(events);

        Assert.Equal(2, response.Parts.Count);
        var reasoning = Assert.IsType<ReasoningPart>(response.Parts[0]);
        Assert.StartsWith("The user is asking for the weather in San Francisc", reasoning.Text, StringComparison.Ordinal);
        Assert.Equal(191, reasoning.Text.Length);
        var call = Assert.IsType<ToolCallPart>(response.Parts[1]);
        Assert.Equal("call_00_ioIn7yN9p1ZOMNpDLwd4MgAF", call.Id);
        Assert.Equal("weather", call.Name);
        Fixture.JsonEqual("""{"location":"San Francisco"}""", call.ArgumentsJson);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 339, OutputTokens = 83, CachedInputTokens = 320, ReasoningTokens = 39 }, response.Usage);
    }

    [Fact]
    public async Task Mistral_text_stream_yields_text_and_usage_from_the_finish_chunk()
    {
        var events = await Fixture.ReadStreamAsync("mistral-text.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        Assert.Equal("5319bd0299614c679a0068a4f2c8ffd0", response.Id);
        Assert.Equal("mistral-small-latest", response.Model);
        Assert.Equal([new TextPart("Hello, world! This is a test response.")], response.Parts);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 13, OutputTokens = 8 }, response.Usage);
    }

    [Fact]
    public async Task Mistral_tool_call_without_index_arrives_whole_in_the_finish_chunk()
    {
        var events = await Fixture.ReadStreamAsync("mistral-tool-call.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal("gSIMJiOkT", call.Id);
        Assert.Equal("weather", call.Name);
        Fixture.JsonEqual("""{"location":"San Francisco"}""", call.ArgumentsJson);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 124, OutputTokens = 22 }, response.Usage);
    }

    [Fact]
    public async Task Openai_text_stream_takes_usage_from_the_trailing_empty_choices_chunk()
    {
        var events = await Fixture.ReadStreamAsync("openai-text.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        Assert.Equal("chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0", response.Id);
        Assert.Equal("gpt-4.1-nano-2025-04-14", response.Model);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1770933892), response.Created);
        var text = Assert.IsType<TextPart>(Assert.Single(response.Parts)).Text;
        Assert.StartsWith("**Holiday Name:** Harmony Day\n\n**Date:** Celebrate", text, StringComparison.Ordinal);
        Assert.EndsWith("xperiences and mutual respect.", text, StringComparison.Ordinal);
        Assert.Equal(1724, text.Length);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 16, OutputTokens = 300 }, response.Usage);
    }

    [Fact]
    public async Task Xai_text_stream_yields_reasoning_then_text_and_counts_reasoning_as_output()
    {
        var events = await Fixture.ReadStreamAsync("xai-text.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        Assert.Equal("f0f0f217-c24d-1fee-5fe3-28fa1d3c8c94", response.Id);
        Assert.Equal("grok-3-mini", response.Model);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1770772287), response.Created);
        Assert.Equal(2, response.Parts.Count);
        var reasoning = Assert.IsType<ReasoningPart>(response.Parts[0]);
        Assert.StartsWith("First, the user said: \"Say a single word.\" That's ", reasoning.Text, StringComparison.Ordinal);
        Assert.EndsWith("just the word.\n\nResponse: Grok", reasoning.Text, StringComparison.Ordinal);
        Assert.Equal(1455, reasoning.Text.Length);
        Assert.Equal(new TextPart("Grok"), response.Parts[1]);
        Assert.Equal(FinishReason.Stop, response.FinishReason);

        // xAI reports completion_tokens 2 and reasoning_tokens 340 apart (total_tokens 354 = 12 + 2 + 340);
        // canonical OutputTokens includes reasoning.
        Assert.Equal(new Usage { InputTokens = 12, OutputTokens = 342, CachedInputTokens = 11, ReasoningTokens = 340 }, response.Usage);
        Assert.Equal(354, response.Usage!.TotalTokens);
    }

    [Fact]
    public async Task Xai_tool_call_stream_yields_reasoning_then_the_call()
    {
        var events = await Fixture.ReadStreamAsync("xai-tool-call.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        Assert.Equal("7027d986-3c59-a37a-9a5f-50713e01c8a6", response.Id);
        Assert.Equal(2, response.Parts.Count);
        var reasoning = Assert.IsType<ReasoningPart>(response.Parts[0]);
        Assert.StartsWith("First, the user is asking about the weather in San", reasoning.Text, StringComparison.Ordinal);
        Assert.Equal(1069, reasoning.Text.Length);
        var call = Assert.IsType<ToolCallPart>(response.Parts[1]);
        Assert.Equal("call_79382389", call.Id);
        Assert.Equal("weather", call.Name);
        Fixture.JsonEqual("""{"location":"San Francisco"}""", call.ArgumentsJson);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 307, OutputTokens = 253, CachedInputTokens = 306, ReasoningTokens = 227 }, response.Usage);
        Assert.Equal(560, response.Usage!.TotalTokens);
    }
}
