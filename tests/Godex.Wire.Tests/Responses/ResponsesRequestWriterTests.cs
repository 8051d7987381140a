using System.Buffers;
using System.Text;
using System.Text.Json;

using Godex.Wire.OpenAIChat;
using Godex.Wire.Responses;

using Xunit;

namespace Godex.Wire.Tests.Responses;

/// <summary>ResponsesRequestWriter: a Responses body comes back unchanged; other protocols' requests become proper Responses bodies.</summary>
public class ResponsesRequestWriterTests
{
    [Theory]
    [InlineData(CodexRequest.FirstTurn)]
    [InlineData(CodexRequest.SecondTurn)]
    public void Codex_request_read_and_written_again_is_the_same_json(string body)
    {
        var request = ResponsesRequestReader.Read(Encoding.UTF8.GetBytes(body));

        Fixture.JsonEqual(body, ResponsesFixture.WriteRequest(request));
    }

    [Fact]
    public void Chat_request_becomes_items_with_roles_calls_outputs_and_non_strict_tools()
    {
        var request = OpenAIChatRequestReader.Read("""
            {"model":"gpt-5","max_completion_tokens":100,"temperature":0.3,"user":"u1","reasoning_effort":"low",
             "response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object"},"strict":true}},
             "tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
             "tool_choice":{"type":"function","function":{"name":"weather"}},"parallel_tool_calls":false,
             "messages":[
               {"role":"system","content":"Be brief."},
               {"role":"developer","content":"Use metric."},
               {"role":"user","content":[{"type":"text","text":"Weather?"},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]},
               {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Rome\"}"}}]},
               {"role":"tool","tool_call_id":"call_1","content":"21 C"},
               {"role":"assistant","content":"21 C in Rome."}]}
            """u8) with { Instructions = "Top instructions." };

        using var body = JsonDocument.Parse(ResponsesFixture.WriteRequest(request));
        var root = body.RootElement;

        Fixture.JsonEqual("""
            [
              {"type":"message","role":"system","content":[{"type":"input_text","text":"Be brief."}]},
              {"type":"message","role":"developer","content":[{"type":"input_text","text":"Use metric."}]},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather?"},{"type":"input_image","image_url":"https://example.com/a.png","detail":"auto"}]},
              {"type":"function_call","call_id":"call_1","name":"weather","arguments":"{\"city\":\"Rome\"}"},
              {"type":"function_call_output","call_id":"call_1","output":"21 C"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"21 C in Rome."}]}
            ]
            """, root.GetProperty("input").GetRawText());
        Assert.Equal("Top instructions.", root.GetProperty("instructions").GetString());
        Fixture.JsonEqual("""[{"type":"function","name":"weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":false}]""", root.GetProperty("tools").GetRawText());
        Fixture.JsonEqual("""{"type":"function","name":"weather"}""", root.GetProperty("tool_choice").GetRawText());
        Assert.False(root.GetProperty("parallel_tool_calls").GetBoolean());
        Fixture.JsonEqual("""{"format":{"type":"json_schema","name":"r","schema":{"type":"object"},"strict":true}}""", root.GetProperty("text").GetRawText());
        Fixture.JsonEqual("""{"effort":"low"}""", root.GetProperty("reasoning").GetRawText());
        Assert.Equal(100, root.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal(0.3, root.GetProperty("temperature").GetDouble());
        Assert.Equal("u1", root.GetProperty("user").GetString());
        Assert.False(root.GetProperty("stream").GetBoolean());
        Assert.False(root.GetProperty("store").GetBoolean());
    }

    [Fact]
    public void Encrypted_reasoning_is_sent_and_signed_or_plain_reasoning_of_other_providers_is_not()
    {
        var request = new ChatRequest
        {
            Model = "o4",
            Reasoning = new ReasoningSettings { BudgetTokens = 20000 },
            Messages =
            [
                ChatMessage.Text(ChatRole.User, "Go"),
                new ChatMessage(ChatRole.Assistant,
                [
                    new ReasoningPart { Text = "Claude thought", Signature = "sig-anthropic" },
                    new ReasoningPart { Text = "DeepSeek thought" },
                    new ReasoningPart { Text = "OpenAI summary", EncryptedContent = "enc-1" },
                    new TextPart("Done."),
                ]),
            ],
        };

        using var body = JsonDocument.Parse(ResponsesFixture.WriteRequest(request));
        var input = body.RootElement.GetProperty("input");

        Assert.Equal(3, input.GetArrayLength());
        Fixture.JsonEqual("""{"type":"reasoning","summary":[{"type":"summary_text","text":"OpenAI summary"}],"encrypted_content":"enc-1"}""", input[1].GetRawText());
        Assert.Equal("high", body.RootElement.GetProperty("reasoning").GetProperty("effort").GetString());
    }

    [Fact]
    public void Anthropic_style_results_inside_a_user_message_become_output_items_before_the_text()
    {
        var request = new ChatRequest
        {
            Model = "m",
            Messages =
            [
                new ChatMessage(ChatRole.Assistant, [new ToolCallPart("toolu_1", "lookup", """{"q":"x"}""")]),
                new ChatMessage(ChatRole.User, [new ToolResultPart("toolu_1", [new TextPart("found")]) { IsError = true }, new TextPart("And now?")]),
            ],
        };

        using var body = JsonDocument.Parse(ResponsesFixture.WriteRequest(request));
        var input = body.RootElement.GetProperty("input");

        Assert.Equal(["function_call", "function_call_output", "message"], input.EnumerateArray().Select(static i => i.GetProperty("type").GetString()));
        Assert.Equal("found", input[1].GetProperty("output").GetString());
        Assert.Equal("And now?", input[2].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void A_call_to_a_declared_custom_tool_is_written_as_a_custom_tool_call_with_its_output()
    {
        var tools = ResponsesRequestReader.Read("""{"input":"x","tools":[{"type":"custom","name":"apply_patch"}]}"""u8).Tools;
        var request = new ChatRequest
        {
            Model = "m",
            Tools = tools,
            Extensions = new ExtensionBag(ResponsesProtocol.Name, new Dictionary<string, JsonElement>()),
            Messages =
            [
                new ChatMessage(ChatRole.Assistant, [new ToolCallPart("call_9", "apply_patch", """{"input":"*** Begin Patch"}""")]),
                new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_9", [new TextPart("ok")])]),
            ],
        };

        using var body = JsonDocument.Parse(ResponsesFixture.WriteRequest(request));
        var input = body.RootElement.GetProperty("input");

        Fixture.JsonEqual("""{"type":"custom_tool_call","call_id":"call_9","name":"apply_patch","input":"*** Begin Patch"}""", input[0].GetRawText());
        Fixture.JsonEqual("""{"type":"custom_tool_call_output","call_id":"call_9","output":"ok"}""", input[1].GetRawText());
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("seed")]
    [InlineData("top_k")]
    [InlineData("presence_penalty")]
    public void Settings_the_Responses_API_lacks_are_refused_naming_the_field(string field)
    {
        var request = field switch
        {
            "stop" => new ChatRequest { Stop = ["END"] },
            "seed" => new ChatRequest { Seed = 7 },
            "top_k" => new ChatRequest { TopK = 40 },
            _ => new ChatRequest { PresencePenalty = 0.5 },
        };

        var error = ResponsesFixture.BadRequest(() => ResponsesFixture.WriteRequest(request with { Messages = [ChatMessage.Text(ChatRole.User, "x")] }));

        Assert.Equal(field, error.Param);
    }

    [Fact]
    public void A_provider_native_tool_of_another_protocol_is_refused()
    {
        var request = new ChatRequest
        {
            Messages = [ChatMessage.Text(ChatRole.User, "x")],
            Tools = [new ToolDefinition("web_search") { Kind = "web_search_20250305", Raw = JsonDocument.Parse("""{"type":"web_search_20250305"}""").RootElement }],
        };

        var error = ResponsesFixture.BadRequest(() => ResponsesFixture.WriteRequest(request));

        Assert.Contains("web_search_20250305", error.Message, StringComparison.Ordinal);
        Assert.Equal("tools", error.Param);
    }

    [Fact]
    public void Count_body_carries_only_what_input_tokens_accepts()
    {
        var request = ResponsesRequestReader.Read(Encoding.UTF8.GetBytes(CodexRequest.FirstTurn)) with { MaxOutputTokens = 10, Temperature = 1 };

        var buffer = new ArrayBufferWriter<byte>();
        ResponsesRequestWriter.WriteCount(buffer, request);
        using var body = JsonDocument.Parse(buffer.WrittenMemory);

        Assert.Equal(
            ["input", "model", "parallel_tool_calls", "reasoning", "text", "tool_choice", "tools"],
            body.RootElement.EnumerateObject().Select(static p => p.Name).Order(StringComparer.Ordinal));
    }
}
