using System.Text.Json.Nodes;

using Godex.Wire.Anthropic;

using Xunit;

namespace Godex.Wire.Tests.Anthropic;

/// <summary>AnthropicResponseReader and AnthropicResponseWriter on recorded `message` bodies.</summary>
public class AnthropicResponseTests
{
    public static TheoryData<string> JsonFixtures => ["text.json", "thinking-clear.json", "tool-json.json", "tool-no-args.json"];

    [Fact]
    public void Text_message_maps_to_one_text_part_and_usage_sums_the_input_figures()
    {
        var response = AnthropicResponseReader.Read(AnthropicFixture.Bytes("text.json"), AnthropicFixture.Now);

        Assert.Equal("msg_01VdEjxAP5ahtHKrrRdNBteQ", response.Id);
        Assert.Equal("claude-sonnet-4-5-20250929", response.Model);
        Assert.Equal(AnthropicFixture.Now, response.Created);
        Assert.StartsWith("Hello! I'm doing well", Assert.IsType<TextPart>(Assert.Single(response.Parts)).Text, StringComparison.Ordinal);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 12, OutputTokens = 29 }, response.Usage);
    }

    [Fact]
    public void Thinking_message_keeps_the_signature_and_context_management()
    {
        var response = AnthropicResponseReader.Read(AnthropicFixture.Bytes("thinking-clear.json"), AnthropicFixture.Now);

        var reasoning = Assert.IsType<ReasoningPart>(response.Parts[0]);
        Assert.Equal("925 divided by 5 = 185", reasoning.Text);
        Assert.StartsWith("Er4BCkYICxgCKkCoxq", reasoning.Signature, StringComparison.Ordinal);
        Assert.Equal("925 ÷ 5 = 185", Assert.IsType<TextPart>(response.Parts[1]).Text);
        Assert.True(response.Extensions!.Fields.ContainsKey("context_management"));
    }

    [Fact]
    public void Tool_use_message_maps_to_a_tool_call_with_its_input_as_arguments()
    {
        var response = AnthropicResponseReader.Read(AnthropicFixture.Bytes("tool-json.json"), AnthropicFixture.Now);

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal(("toolu_01Q9ExVZnzZj7E2QQYHYtNUa", "json"), (call.Id, call.Name));
        Assert.Equal(4, JsonNode.Parse(call.ArgumentsJson)!["elements"]!.AsArray().Count);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
    }

    [Theory]
    [MemberData(nameof(JsonFixtures))]
    public void Recorded_message_read_and_written_back_keeps_content_stop_reason_and_usage(string name)
    {
        var recorded = JsonNode.Parse(AnthropicFixture.Bytes(name))!;

        var written = AnthropicFixture.WriteResponse(AnthropicResponseReader.Read(AnthropicFixture.Bytes(name), AnthropicFixture.Now));

        foreach (var field in new[] { "id", "type", "role", "model", "content", "stop_reason", "stop_sequence" })
        {
            Assert.True(JsonNode.DeepEquals(recorded[field], written[field]), $"{field}: {recorded[field]?.ToJsonString()} vs {written[field]?.ToJsonString()}");
        }

        foreach (var field in new[] { "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens" })
        {
            Assert.Equal((long)recorded["usage"]![field]!, (long)written["usage"]![field]!);
        }
    }

    [Fact]
    public void Cached_usage_is_split_back_into_anthropic_figures()
    {
        var written = AnthropicFixture.WriteResponse(new ChatResponse
        {
            Id = "chatcmpl-1",
            Model = "deepseek-chat",
            Parts = [new TextPart("hi")],
            Usage = new Usage { InputTokens = 339, CachedInputTokens = 320, CacheWriteTokens = 4, OutputTokens = 83, ReasoningTokens = 39 },
        });

        Fixture.JsonEqual("""{"input_tokens":15,"cache_creation_input_tokens":4,"cache_read_input_tokens":320,"output_tokens":83}""", written["usage"]!.ToJsonString());
        Assert.Equal("chatcmpl-1", (string?)written["id"]);
        Assert.Equal("end_turn", (string?)written["stop_reason"]);
    }

    [Fact]
    public void Stop_sequence_and_pause_turn_are_kept_for_anthropic_clients()
    {
        var response = AnthropicResponseReader.Read("""{"id":"m","type":"message","role":"assistant","model":"c","content":[{"type":"text","text":"a"}],"stop_reason":"stop_sequence","stop_sequence":"END","usage":{"input_tokens":1,"output_tokens":1}}"""u8, AnthropicFixture.Now);

        Assert.Equal(FinishReason.Stop, response.FinishReason);
        var written = AnthropicFixture.WriteResponse(response);
        Assert.Equal(("stop_sequence", "END"), ((string?)written["stop_reason"], (string?)written["stop_sequence"]));
    }

    [Fact]
    public void Other_families_reasoning_is_written_as_thinking_and_an_opaque_payload_as_redacted_thinking()
    {
        var written = AnthropicFixture.WriteResponse(new ChatResponse
        {
            Id = "r",
            Parts = [new ReasoningPart { Text = "deepseek thoughts" }, new ReasoningPart { EncryptedContent = "gAAAA" }, new ToolCallPart("", "f", "")],
            FinishReason = FinishReason.ToolCalls,
        });

        Fixture.JsonEqual("""
            [{"type":"thinking","thinking":"deepseek thoughts","signature":""},{"type":"redacted_thinking","data":"gAAAA"},
             {"type":"tool_use","id":"toolu_godex_2","name":"f","input":{}}]
            """, written["content"]!.ToJsonString());
        Assert.Equal("tool_use", (string?)written["stop_reason"]);
    }

    [Theory]
    [InlineData("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", 529, "Overloaded")]
    [InlineData("""{"id":"m","content":[{"type":"server_tool_use","id":"s","name":"web_search","input":{}}]}""", 502, "server_tool_use")]
    [InlineData("""{"id":"m"}""", 502, "content")]
    [InlineData("""not json""", 502, "not valid JSON")]
    public void Unusable_upstream_bodies_become_errors(string body, int status, string messagePart)
    {
        var error = AnthropicFixture.Refusal(() => AnthropicResponseReader.Read(System.Text.Encoding.UTF8.GetBytes(body), AnthropicFixture.Now));

        Assert.Equal(status, error.Status);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(403, "permission_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(413, "request_too_large")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "api_error")]
    [InlineData(502, "api_error")]
    [InlineData(529, "overloaded_error")]
    public void Errors_are_written_in_anthropic_shape_with_the_type_for_the_status(int status, string type)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        AnthropicErrors.Write(buffer, new GodexError(status, "x.y", "Something.") { UpstreamType = "server_error" });

        Fixture.JsonEqual("""{"type":"error","error":{"type":""" + $"\"{type}\"" + ""","message":"Something."}}""", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal(status == 502 ? 500 : status, AnthropicErrors.StatusFor(type));
    }

    [Fact]
    public void Upstream_error_bodies_keep_type_and_message_and_text_bodies_name_the_provider()
    {
        var error = AnthropicErrors.Read(429, """{"type":"error","error":{"type":"rate_limit_error","message":"Slow down"},"request_id":"req_1"}"""u8, "claude");
        Assert.Equal((429, "rate_limit_error", "Slow down"), (error.Status, error.UpstreamType, error.Message));

        var text = AnthropicErrors.Read(503, "upstream down"u8, "claude");
        Assert.Contains("'claude'", text.Message, StringComparison.Ordinal);
        Assert.Contains("upstream down", text.Message, StringComparison.Ordinal);
    }
}
