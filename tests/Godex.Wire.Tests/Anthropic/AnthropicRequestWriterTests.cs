using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

using Godex.Wire.Anthropic;

using Xunit;

namespace Godex.Wire.Tests.Anthropic;

/// <summary>AnthropicRequestWriter: Anthropic in is Anthropic out unchanged; other protocols' requests become valid Messages bodies.</summary>
public class AnthropicRequestWriterTests
{
    [Fact]
    public void Claude_code_request_is_written_back_unchanged()
    {
        var request = AnthropicFixture.ReadRequest(AnthropicRequestReaderTests.ClaudeCodeLike);

        var written = AnthropicFixture.WriteRequest(request);

        var original = JsonNode.Parse(AnthropicRequestReaderTests.ClaudeCodeLike)!;
        Assert.True(JsonNode.DeepEquals(original, written), $"Expected {original.ToJsonString()}\nbut got {written.ToJsonString()}");
    }

    [Fact]
    public void System_and_developer_text_from_anywhere_goes_to_system_and_tool_results_become_user_blocks()
    {
        var request = new ChatRequest
        {
            Model = "claude",
            Instructions = "Be brief.",
            Messages =
            [
                ChatMessage.Text(ChatRole.System, "You are a bot."),
                new ChatMessage(ChatRole.User, [new TextPart("Weather and time?"), DataUrl.ToImage("data:image/png;base64,iVBORw0KGgo=", null), new ImagePart { Url = "https://example.com/a.png" }]),
                new ChatMessage(ChatRole.Assistant, [new ReasoningPart { Text = "unsigned thoughts" }, new TextPart(""), new ToolCallPart("call_1", "weather", ""), new ToolCallPart("fc.2", "time", """{"tz":"UTC"}""")]),
                new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_1", [new TextPart("21 C")])]),
                new ChatMessage(ChatRole.Tool, [new ToolResultPart("fc.2", [new TextPart("boom")]) { IsError = true }]),
                ChatMessage.Text(ChatRole.Developer, "Answer in French."),
                ChatMessage.Text(ChatRole.User, "Thanks"),
            ],
        };

        var body = AnthropicFixture.WriteRequest(request);

        Assert.Equal(4096, (int)body["max_tokens"]!);
        Assert.Null(body["stream"]);
        var system = body["system"]!.AsArray();
        Assert.Equal(["Be brief.", "You are a bot.", "Answer in French."], system.Select(block => (string?)block!["text"]));
        var messages = body["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "user"], messages.Select(message => (string?)message!["role"]));

        var image = messages[0]!["content"]![1]!["source"]!;
        Assert.Equal(("base64", "image/png", "iVBORw0KGgo="), ((string?)image["type"], (string?)image["media_type"], (string?)image["data"]));
        Assert.Equal("https://example.com/a.png", (string?)messages[0]!["content"]![2]!["source"]!["url"]);

        var assistant = messages[1]!["content"]!.AsArray();
        Assert.Equal(["tool_use", "tool_use"], assistant.Select(block => (string?)block!["type"]));
        Assert.Empty(assistant[0]!["input"]!.AsObject());
        Assert.Equal("fc_2", (string?)assistant[1]!["id"]);

        var results = messages[2]!["content"]!.AsArray();
        Assert.Equal(["tool_result", "tool_result", "text"], results.Select(block => (string?)block!["type"]));
        Assert.Equal(("call_1", "21 C"), ((string?)results[0]!["tool_use_id"], (string?)results[0]!["content"]));
        Assert.Equal("fc_2", (string?)results[1]!["tool_use_id"]);
        Assert.True((bool)results[1]!["is_error"]!);
        Assert.Equal("Thanks", (string?)results[2]!["text"]);
    }

    [Fact]
    public void Lone_instructions_are_a_system_string_and_signed_reasoning_goes_back()
    {
        var body = AnthropicFixture.WriteRequest(new ChatRequest
        {
            Model = "claude",
            Instructions = "Be brief.",
            Messages =
            [
                ChatMessage.Text(ChatRole.User, "hi"),
                new ChatMessage(ChatRole.Assistant, [new ReasoningPart { Text = "t", Signature = "s" }, new ReasoningPart { Redacted = true, EncryptedContent = "d" }, new TextPart("hello")]),
                ChatMessage.Text(ChatRole.User, "again"),
            ],
        });

        Assert.Equal("Be brief.", (string?)body["system"]);
        var assistant = body["messages"]![1]!["content"]!;
        Fixture.JsonEqual("""[{"type":"thinking","thinking":"t","signature":"s"},{"type":"redacted_thinking","data":"d"},{"type":"text","text":"hello"}]""", assistant.ToJsonString());
        Assert.Equal("again", (string?)body["messages"]![2]!["content"]);
    }

    [Theory]
    [InlineData("medium", null, 8192, 4096 + 8192)]
    [InlineData("high", 30000, 24576, 30000)]
    [InlineData("high", 10000, 9999, 10000)]
    [InlineData("minimal", null, 1024, 4096 + 1024)]
    public void Reasoning_effort_becomes_a_thinking_budget_below_max_tokens(string effort, int? maxTokens, int budget, int expectedMax)
    {
        var body = AnthropicFixture.WriteRequest(new ChatRequest
        {
            Model = "claude",
            MaxOutputTokens = maxTokens,
            Reasoning = new ReasoningSettings { Effort = effort },
            Messages = [ChatMessage.Text(ChatRole.User, "hi")],
        });

        Assert.Equal("enabled", (string?)body["thinking"]!["type"]);
        Assert.Equal(budget, (int)body["thinking"]!["budget_tokens"]!);
        Assert.Equal(expectedMax, (int)body["max_tokens"]!);
        Assert.Null(body["output_config"]);
    }

    [Fact]
    public void Reasoning_turned_off_is_thinking_disabled_and_no_room_to_think_is_refused()
    {
        var off = AnthropicFixture.WriteRequest(new ChatRequest { Model = "c", Reasoning = new ReasoningSettings { Effort = "none" }, Messages = [ChatMessage.Text(ChatRole.User, "hi")] });
        Assert.Equal("disabled", (string?)off["thinking"]!["type"]);

        var error = AnthropicFixture.Refusal(() => AnthropicFixture.WriteRequest(new ChatRequest
        {
            Model = "c",
            MaxOutputTokens = 500,
            Reasoning = new ReasoningSettings { Effort = "low" },
            Messages = [ChatMessage.Text(ChatRole.User, "hi")],
        }));
        Assert.Equal((400, "max_tokens"), (error.Status, error.Param));
    }

    [Fact]
    public void Tools_choice_stop_and_structured_output_are_written_in_anthropic_form()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}""");
        var body = AnthropicFixture.WriteRequest(new ChatRequest
        {
            Model = "claude",
            MaxOutputTokens = 100,
            Messages = [ChatMessage.Text(ChatRole.User, "hi")],
            Tools = [new ToolDefinition("noargs"), new ToolDefinition("get") { Description = "Gets", Parameters = schema.RootElement, Strict = true }],
            ToolChoice = ToolChoice.Required,
            ParallelToolCalls = false,
            ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema) { Name = "answer", Schema = schema.RootElement },
            Stop = ["END"],
            TopK = 5,
            TopP = 0.9,
            User = "u-1",
            Stream = true,
        });

        Fixture.JsonEqual("""{"type":"object","properties":{}}""", body["tools"]![0]!["input_schema"]!.ToJsonString());
        Assert.True((bool)body["tools"]![1]!["strict"]!);
        Fixture.JsonEqual("""{"type":"any","disable_parallel_tool_use":true}""", body["tool_choice"]!.ToJsonString());
        Fixture.JsonEqual("""{"format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}}}""", body["output_config"]!.ToJsonString());
        Assert.Equal("END", (string?)body["stop_sequences"]![0]);
        Assert.Equal((5, 0.9, "u-1", true), ((int)body["top_k"]!, (double)body["top_p"]!, (string?)body["metadata"]!["user_id"], (bool)body["stream"]!));
    }

    public static TheoryData<string, ChatRequest> Untranslatable => new()
    {
        { "seed", new ChatRequest { Model = "c", Seed = 7, Messages = [ChatMessage.Text(ChatRole.User, "hi")] } },
        { "presence_penalty", new ChatRequest { Model = "c", PresencePenalty = 0.5, Messages = [ChatMessage.Text(ChatRole.User, "hi")] } },
        { "response_format", new ChatRequest { Model = "c", ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject), Messages = [ChatMessage.Text(ChatRole.User, "hi")] } },
        { "tools", new ChatRequest { Model = "c", Tools = [new ToolDefinition("web_search") { Kind = "web_search" }], Messages = [ChatMessage.Text(ChatRole.User, "hi")] } },
        { "messages", new ChatRequest { Model = "c", Messages = [new ChatMessage(ChatRole.Assistant, [new ToolCallPart("c1", "f", "[1,2]")])] } },
        { "messages[0]", new ChatRequest { Model = "c", Messages = [new ChatMessage(ChatRole.System, [new ImagePart { Url = "https://example.com/a.png" }])] } },
    };

    [Theory]
    [MemberData(nameof(Untranslatable))]
    public void What_anthropic_cannot_express_is_refused_naming_the_field(string field, ChatRequest request)
    {
        var error = AnthropicFixture.Refusal(() => AnthropicFixture.WriteRequest(request));

        Assert.Equal((400, field), (error.Status, error.Param));
    }

    [Fact]
    public void Count_body_has_what_the_model_reads_and_no_limits_or_sampling()
    {
        var request = AnthropicFixture.ReadRequest(AnthropicRequestReaderTests.ClaudeCodeLike);
        var buffer = new ArrayBufferWriter<byte>();

        AnthropicRequestWriter.WriteCount(buffer, request);

        var body = JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
        Assert.Equal(["context_management", "messages", "model", "output_config", "system", "thinking", "tool_choice", "tools"], body.Select(property => property.Key).Order());
    }
}
