using Godex.Wire.OpenAIChat;

using Xunit;

namespace Godex.Wire.Tests;

/// <summary>OpenAIChatResponseReader on recorded non-streaming bodies.</summary>
public class ResponseReaderTests
{
    private static ChatResponse Read(string name) => OpenAIChatResponseReader.Read(Fixture.Bytes(name));

    [Fact]
    public void Deepseek_reasoning_response_yields_reasoning_part_then_text_with_reasoning_tokens()
    {
        var response = Read("deepseek-reasoning.json");

        Assert.Equal("945bb10c-9bf3-47ff-a2a2-43bbe9705c72", response.Id);
        Assert.Equal("deepseek-reasoner", response.Model);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764660903), response.Created);
        Assert.Equal(2, response.Parts.Count);
        var reasoning = Assert.IsType<ReasoningPart>(response.Parts[0]);
        Assert.StartsWith("We are asked: \"How many 'r's are in the ", reasoning.Text, StringComparison.Ordinal);
        Assert.Equal(935, reasoning.Text.Length);
        Assert.Equal(
            new TextPart("The word \"strawberry\" contains three instances of the letter \"r\": one after the \"t\" and two before the \"y\"."),
            response.Parts[1]);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 18, OutputTokens = 345, ReasoningTokens = 315 }, response.Usage);
        Assert.Equal("fp_eaab8d114b_prod0820_fp8_kvcache", response.Extensions!.Fields["system_fingerprint"].GetString());
    }

    [Fact]
    public void Deepseek_text_response_cut_by_length_reports_length()
    {
        var response = Read("deepseek-text.json");

        var text = Assert.IsType<TextPart>(Assert.Single(response.Parts)).Text;
        Assert.StartsWith("## **Holiday Name: Gratitude of Small Things Day (GST Day)**", text, StringComparison.Ordinal);
        Assert.EndsWith("vish presents, people exchange", text, StringComparison.Ordinal);
        Assert.Equal(1375, text.Length);
        Assert.Equal(FinishReason.Length, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 13, OutputTokens = 300 }, response.Usage);
    }

    [Fact]
    public void Deepseek_tool_call_response_yields_reasoning_and_call_without_an_empty_text_part()
    {
        var response = Read("deepseek-tool-call.json");

        // "content": "" beside tool_calls is no text: the stream of the same turn has none either.
        Assert.Equal(2, response.Parts.Count);
        var reasoning = Assert.IsType<ReasoningPart>(response.Parts[0]);
        Assert.EndsWith(" me call the weather function.", reasoning.Text, StringComparison.Ordinal);
        var call = Assert.IsType<ToolCallPart>(response.Parts[1]);
        Assert.Equal("call_00_9V0vrf86Pc9aelHCJMZqnJBo", call.Id);
        Assert.Equal("weather", call.Name);
        Fixture.JsonEqual("""{"location":"San Francisco"}""", call.ArgumentsJson);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 339, OutputTokens = 92, CachedInputTokens = 320, ReasoningTokens = 48 }, response.Usage);
    }

    [Fact]
    public void Mistral_text_response_with_null_tool_calls_yields_the_text()
    {
        var response = Read("mistral-text.json");

        Assert.Equal("5319bd0299614c679a0068a4f2c8ffd0", response.Id);
        var text = Assert.IsType<TextPart>(Assert.Single(response.Parts)).Text;
        Assert.StartsWith("**Holiday Name: \"World Kindness Day of Sharing\"**\n\n**Date:**", text, StringComparison.Ordinal);
        Assert.EndsWith("What would you share? \U0001F60A", text, StringComparison.Ordinal);
        Assert.Equal(1926, text.Length);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 13, OutputTokens = 434 }, response.Usage);
    }

    [Fact]
    public void Mistral_tool_call_response_without_type_or_content_yields_the_call()
    {
        var response = Read("mistral-tool-call.json");

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal(new ToolCallPart("gSIMJiOkT", "weather", """{"location": "San Francisco"}"""), call);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 124, OutputTokens = 22 }, response.Usage);
    }

    [Fact]
    public void Openai_text_response_keeps_service_tier_and_fingerprint_as_extensions()
    {
        var response = Read("openai-text.json");

        Assert.Equal("chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU", response.Id);
        Assert.Equal("gpt-4.1-nano-2025-04-14", response.Model);
        var text = Assert.IsType<TextPart>(Assert.Single(response.Parts)).Text;
        Assert.StartsWith("**Holiday Name:** Galaxy Day  \n\n**Date:** October 31st, alig", text, StringComparison.Ordinal);
        Assert.Contains("vast darkness\u2014mirroring", text, StringComparison.Ordinal);
        Assert.Equal(1842, text.Length);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 16, OutputTokens = 363 }, response.Usage);
        Assert.Equal(OpenAIChatProtocol.Name, response.Extensions!.Protocol);
        Assert.Equal("default", response.Extensions.Fields["service_tier"].GetString());
        Assert.Equal("fp_de604bd877", response.Extensions.Fields["system_fingerprint"].GetString());
    }

    [Fact]
    public void Xai_text_response_counts_reasoning_tokens_into_output_tokens()
    {
        var response = Read("xai-text.json");

        Assert.Equal(2, response.Parts.Count);
        Assert.StartsWith("First, the user said: \"Say a single word", Assert.IsType<ReasoningPart>(response.Parts[0]).Text, StringComparison.Ordinal);
        Assert.Equal(new TextPart("Grok"), response.Parts[1]);
        Assert.Equal(FinishReason.Stop, response.FinishReason);

        // total_tokens 334 = prompt 12 + completion 2 + reasoning 320.
        Assert.Equal(new Usage { InputTokens = 12, OutputTokens = 322, CachedInputTokens = 2, ReasoningTokens = 320 }, response.Usage);
        Assert.Equal(334, response.Usage!.TotalTokens);
    }

    [Fact]
    public void Xai_tool_call_response_yields_reasoning_and_call_with_cached_tokens()
    {
        var response = Read("xai-tool-call.json");

        Assert.Equal(2, response.Parts.Count);
        Assert.EndsWith("n Francisco\"}}</function_call>", Assert.IsType<ReasoningPart>(response.Parts[0]).Text, StringComparison.Ordinal);
        Assert.Equal(new ToolCallPart("call_46427107", "weather", """{"location":"San Francisco"}"""), response.Parts[1]);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 307, OutputTokens = 281, CachedInputTokens = 244, ReasoningTokens = 255 }, response.Usage);
        Assert.Equal(588, response.Usage!.TotalTokens);
    }

    [Fact]
    public void Tool_call_answer_finished_with_stop_is_reported_as_tool_calls()
    {
        var response = OpenAIChatResponseReader.Read("""
            {"id":"r1","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,"finish_reason":"stop",
              "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"ping","arguments":"{}"}}]}}]}
            """u8);

        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal([new ToolCallPart("call_1", "ping", "{}")], response.Parts);
    }

    [Fact]
    public void Error_body_fails_with_the_upstream_message()
    {
        var exception = Assert.Throws<GodexException>(static () => OpenAIChatResponseReader.Read(
            """{"error":{"message":"This model's maximum context length is 8192 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"""u8));

        Assert.Equal("This model's maximum context length is 8192 tokens.", exception.Error.Message);
        Assert.Equal("context_length_exceeded", exception.Error.UpstreamCode);
        Assert.Equal("messages", exception.Error.Param);
    }

    [Theory]
    [InlineData("""{"id":"r1","choices":[]}""", "no choices[0].message")]
    [InlineData("""{"id":"r1","choices":[{"index":0,"message":{"content":"hi"},"finish_reason":"stop"}]}""", "choices[0].message.role is required")]
    [InlineData("""{"id":"r1","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[{"id":"c","function":{"arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""", "tool_calls[0].function.name is required")]
    [InlineData("""{"id":"r1","choices":""", "not valid JSON")]
    public void Malformed_upstream_response_fails_as_502_not_as_a_client_error(string body, string expectedMessage)
    {
        var exception = Assert.Throws<GodexException>(() => OpenAIChatResponseReader.Read(System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.Equal(502, exception.Error.Status);
        Assert.Equal("provider.invalid_response", exception.Error.Code);
        Assert.Contains(expectedMessage, exception.Error.Message, StringComparison.Ordinal);
    }
}
