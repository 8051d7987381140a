using System.Text.Json;

using Godex.Wire.Gemini;

using Xunit;

namespace Godex.Wire.Tests.Gemini;

/// <summary>GeminiRequestWriter: what a Gemini upstream receives, from a Gemini client and from other protocols.</summary>
public class GeminiRequestWriterTests
{
    [Fact]
    public void Gemini_client_turn_reaches_a_gemini_upstream_as_sent()
    {
        var written = GeminiFixture.WriteRequest(GeminiFixture.ReadRequest(GeminiRequestReaderTests.CliTurn));

        Fixture.JsonEqual("""
            {
              "contents": [
                {"role":"user","parts":[{"text":"Read README.md"}]},
                {"role":"model","parts":[
                  {"text":"**Planning**","thought":true},
                  {"text":"I'll read it.","thoughtSignature":"c2lnLXRleHQ="},
                  {"functionCall":{"id":"call-1","name":"read_file","args":{"path":"README.md"}},"thoughtSignature":"c2lnLWNhbGw="}]},
                {"role":"user","parts":[{"functionResponse":{"id":"call-1","name":"read_file","response":{"output":"# Godex"}}}]}
              ],
              "systemInstruction":{"parts":[{"text":"You are a CLI."}]},
              "tools":[{"functionDeclarations":[{"name":"read_file","description":"Reads a file","parametersJsonSchema":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}]},{"googleSearch":{}}],
              "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["read_file"]}},
              "generationConfig":{"temperature":0,"topP":1,"topK":64,"maxOutputTokens":1000,"stopSequences":["END"],"seed":7,
                "thinkingConfig":{"thinkingLevel":"HIGH","includeThoughts":true},"responseLogprobs":false},
              "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}],
              "session_id":"abc"
            }
            """, written);
    }

    [Fact]
    public void Gemini_client_without_call_ids_gets_none_invented_and_its_own_response_ids_back()
    {
        var body = """
            {"contents":[
              {"role":"user","parts":[{"text":"Two files"}]},
              {"role":"model","parts":[{"functionCall":{"name":"read_file","args":{"path":"a"}},"thoughtSignature":"czE="},{"functionCall":{"name":"read_file","args":{"path":"b"}}}]},
              {"role":"user","parts":[{"functionResponse":{"id":"read_file-1717-x","name":"read_file","response":{"output":"A"}}},{"functionResponse":{"name":"read_file","response":{"output":"B"}}}]}]}
            """;

        Fixture.JsonEqual(body, GeminiFixture.WriteRequest(GeminiFixture.ReadRequest(body)));
    }

    [Fact]
    public void Chat_style_conversation_becomes_gemini_contents_with_names_signatures_and_instructions()
    {
        var request = new ChatRequest
        {
            Model = "gemini-3-flash-preview",
            Messages =
            [
                ChatMessage.Text(ChatRole.System, "Be brief."),
                new ChatMessage(ChatRole.User, [new TextPart("Weather here?"), new ImagePart { Url = "data:image/png;base64,iVBORw0KGgo=" }, new ImagePart { Url = "https://example.com/sky.webp?size=2" }]),
                new ChatMessage(ChatRole.Assistant, [new ReasoningPart { Text = "Need the tool." }, new ToolCallPart("call_1", "weather", "{\"city\":\"Paris\"}"), new ToolCallPart("call_2", "weather", "")]),
                new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_1", [new TextPart("21 C")])]),
                new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_2", [new TextPart("{\"temp\":19}")]) { IsError = false }]),
                ChatMessage.Text(ChatRole.User, "Thanks"),
                ChatMessage.Text(ChatRole.Developer, "Answer in French."),
            ],
            Tools = [new ToolDefinition("weather") { Description = "Weather", Parameters = JsonDocument.Parse("""{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"city":{"type":"string"}}}""").RootElement, Strict = true }],
            ToolChoice = ToolChoice.Required,
            Reasoning = new ReasoningSettings { Effort = "low" },
            ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema) { Name = "answer", Schema = JsonDocument.Parse("""{"type":"object","properties":{"text":{"type":"string"}}}""").RootElement },
            Seed = 3,
            Stop = ["\n\n"],
            User = "user-1",
            Extensions = new ExtensionBag("openai-chat", new Dictionary<string, JsonElement> { ["logit_bias"] = JsonDocument.Parse("{}").RootElement }),
        };

        Fixture.JsonEqual("""
            {
              "contents": [
                {"role":"user","parts":[{"text":"Weather here?"},{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},{"fileData":{"mimeType":"image/webp","fileUri":"https://example.com/sky.webp?size=2"}}]},
                {"role":"model","parts":[
                  {"text":"Need the tool.","thought":true},
                  {"functionCall":{"id":"call_1","name":"weather","args":{"city":"Paris"}},"thoughtSignature":"skip_thought_signature_validator"},
                  {"functionCall":{"id":"call_2","name":"weather","args":{}},"thoughtSignature":"skip_thought_signature_validator"}]},
                {"role":"user","parts":[
                  {"functionResponse":{"id":"call_1","name":"weather","response":{"output":"21 C"}}},
                  {"functionResponse":{"id":"call_2","name":"weather","response":{"temp":19}}},
                  {"text":"Thanks"}]}
              ],
              "systemInstruction":{"parts":[{"text":"Be brief."},{"text":"Answer in French."}]},
              "tools":[{"functionDeclarations":[{"name":"weather","description":"Weather","parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}}}}]}],
              "toolConfig":{"functionCallingConfig":{"mode":"ANY"}},
              "generationConfig":{"stopSequences":["\n\n"],"seed":3,"responseMimeType":"application/json","responseJsonSchema":{"type":"object","properties":{"text":{"type":"string"}}},"thinkingConfig":{"thinkingBudget":2048}}
            }
            """, GeminiFixture.WriteRequest(request));
    }

    [Fact]
    public void A_signed_call_keeps_its_signature_and_later_parallel_calls_stay_unsigned()
    {
        var request = new ChatRequest
        {
            Messages = [new ChatMessage(ChatRole.Assistant, [new ToolCallPart("a", "f", "{}") { Signature = "real" }, new ToolCallPart("b", "f", "{}")])],
        };

        var parts = JsonDocument.Parse(GeminiFixture.WriteRequest(request)).RootElement.GetProperty("contents")[0].GetProperty("parts");
        Assert.Equal("real", parts[0].GetProperty("thoughtSignature").GetString());
        Assert.False(parts[1].TryGetProperty("thoughtSignature", out _));
    }

    [Fact]
    public void Anthropic_style_reasoning_maps_budget_and_shows_thoughts_while_foreign_encrypted_reasoning_is_left_out()
    {
        var request = new ChatRequest
        {
            Messages =
            [
                ChatMessage.Text(ChatRole.User, "hi"),
                new ChatMessage(ChatRole.Assistant, [new ReasoningPart { EncryptedContent = "gAAAA" }, new ReasoningPart { Redacted = true, Signature = "x" }, new TextPart("hello")]),
            ],
            Reasoning = new ReasoningSettings { Enabled = true, BudgetTokens = 5000 },
        };

        var body = JsonDocument.Parse(GeminiFixture.WriteRequest(request)).RootElement;
        Fixture.JsonEqual("""[{"text":"hello"}]""", body.GetProperty("contents")[1].GetProperty("parts").GetRawText());
        Fixture.JsonEqual("""{"thinkingConfig":{"thinkingBudget":5000,"includeThoughts":true}}""", body.GetProperty("generationConfig").GetRawText());
    }

    [Fact]
    public void Reasoning_turned_on_without_a_budget_lets_gemini_choose()
    {
        var body = JsonDocument.Parse(GeminiFixture.WriteRequest(new ChatRequest { Messages = [ChatMessage.Text(ChatRole.User, "hi")], Reasoning = new ReasoningSettings { Enabled = true } })).RootElement;
        Fixture.JsonEqual("""{"thinkingConfig":{"thinkingBudget":-1,"includeThoughts":true}}""", body.GetProperty("generationConfig").GetRawText());
    }

    [Fact]
    public void Count_tokens_body_wraps_the_request_with_its_model()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        GeminiRequestWriter.WriteCountTokens(buffer, new ChatRequest { Model = "gemini-2.5-flash", Messages = [ChatMessage.Text(ChatRole.User, "hi")] });

        Fixture.JsonEqual("""{"generateContentRequest":{"model":"models/gemini-2.5-flash","contents":[{"role":"user","parts":[{"text":"hi"}]}]}}""", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Tool_result_without_a_name_or_a_matching_call_is_a_400()
    {
        var request = new ChatRequest { Messages = [new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_x", [new TextPart("1")])])] };
        var exception = Assert.Throws<GodexException>(() => GeminiFixture.WriteRequest(request));
        Assert.Equal(400, exception.Error.Status);
        Assert.Contains("function name", exception.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tool_of_another_protocols_kind_is_a_400_naming_it()
    {
        var raw = JsonDocument.Parse("""{"type":"web_search"}""").RootElement;
        var request = new ChatRequest { Messages = [ChatMessage.Text(ChatRole.User, "hi")], Tools = [new ToolDefinition("web_search") { Kind = "web_search", Raw = raw }] };

        var exception = Assert.Throws<GodexException>(() => GeminiFixture.WriteRequest(request));
        Assert.Equal("tools", exception.Error.Param);
        Assert.Contains("'web_search'", exception.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_referred_to_by_id_is_a_400()
    {
        var request = new ChatRequest { Messages = [new ChatMessage(ChatRole.User, [new FilePart { FileId = "file-123" }])] };
        Assert.Equal(400, Assert.Throws<GodexException>(() => GeminiFixture.WriteRequest(request)).Error.Status);
    }

    [Fact]
    public void Made_up_call_ids_are_not_sent_to_gemini()
    {
        var id = GeminiProtocol.SyntheticCallId("r", 0, "f");
        var request = new ChatRequest
        {
            Messages =
            [
                new ChatMessage(ChatRole.Assistant, [new ToolCallPart(id, "f", "{}") { Signature = "s" }]),
                new ChatMessage(ChatRole.Tool, [new ToolResultPart(id, [new TextPart("ok")])]),
            ],
        };

        Fixture.JsonEqual("""
            {"contents":[
              {"role":"model","parts":[{"functionCall":{"name":"f","args":{}},"thoughtSignature":"s"}]},
              {"role":"user","parts":[{"functionResponse":{"name":"f","response":{"output":"ok"}}}]}]}
            """, GeminiFixture.WriteRequest(request));
    }
}
