using System.Text.Json;

using Godex.Wire.Gemini;

using Xunit;

namespace Godex.Wire.Tests.Gemini;

/// <summary>GeminiResponseReader and GeminiResponseWriter on the recorded non-streaming answers.</summary>
public class GeminiResponseTests
{
    public static TheoryData<string> JsonFixtures => ["text.json", "tool-call.json", "reasoning.json"];

    [Fact]
    public void Text_answer_reads_signature_as_reasoning_then_text_with_thoughts_in_output()
    {
        var response = GeminiResponseReader.Read(GeminiFixture.Bytes("text.json"), GeminiFixture.Now);

        Assert.Equal("Un6LacrVMcjUxs0PmJfWoQc", response.Id);
        Assert.Equal("gemini-3-pro-preview", response.Model);
        Assert.Equal(2, response.Parts.Count);
        Assert.Equal("EtoFCtcFAb4+9vtfe4MXRxQjw48U1WKrR/7lYsgFkVi/bepqsSPjY0VU7HEzkeCBIfy1fu5t9aUZ4IZ65aWagqbBrV45fc97olcg", Assert.IsType<ReasoningPart>(response.Parts[0]).Signature);
        Assert.Equal("There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.", Assert.IsType<TextPart>(response.Parts[1]).Text);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 9, OutputTokens = 272, ReasoningTokens = 244 }, response.Usage);
    }

    [Fact]
    public void Tool_call_answer_is_tool_calls_and_keeps_the_finish_message_for_gemini_clients()
    {
        var response = GeminiResponseReader.Read(GeminiFixture.Bytes("tool-call.json"), GeminiFixture.Now);

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal("weather", call.Name);
        Fixture.JsonEqual("""{"location":"San Francisco"}""", call.ArgumentsJson);
        Assert.StartsWith("EskgCsYgAb4+", call.Signature, StringComparison.Ordinal);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(GeminiProtocol.Name, response.Extensions!.Protocol);
        Assert.Equal("Model generated function call(s).", response.Extensions.Fields["$candidate"].GetProperty("finishMessage").GetString());
    }

    [Theory]
    [MemberData(nameof(JsonFixtures))]
    public void Gemini_answer_written_back_for_a_gemini_client_is_the_recorded_answer(string name)
    {
        var recorded = GeminiFixture.Bytes(name);
        var written = GeminiFixture.WriteResponse(GeminiResponseReader.Read(recorded, GeminiFixture.Now));

        // Same parts (signature on the same part), finish, ids; usage without the per-modality details.
        using var expected = JsonDocument.Parse(recorded);
        using var actual = JsonDocument.Parse(written);
        var e = expected.RootElement;
        var a = actual.RootElement;
        Assert.True(JsonElement.DeepEquals(e.GetProperty("candidates")[0].GetProperty("content"), a.GetProperty("candidates")[0].GetProperty("content")), written);
        Assert.Equal(e.GetProperty("candidates")[0].GetProperty("finishReason").GetString(), a.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal(e.GetProperty("responseId").GetString(), a.GetProperty("responseId").GetString());
        Assert.Equal(e.GetProperty("modelVersion").GetString(), a.GetProperty("modelVersion").GetString());
        foreach (var field in new[] { "promptTokenCount", "candidatesTokenCount", "thoughtsTokenCount", "totalTokenCount" })
        {
            Assert.Equal(e.GetProperty("usageMetadata").GetProperty(field).GetInt64(), a.GetProperty("usageMetadata").GetProperty(field).GetInt64());
        }
    }

    [Fact]
    public void Answer_from_another_protocol_becomes_gemini_parts()
    {
        var response = new ChatResponse
        {
            Id = "chatcmpl-1",
            Model = "deepseek-reasoner",
            Parts =
            [
                new ReasoningPart { Text = "Let me think.", Signature = "anthropic-sig" },
                new ReasoningPart { EncryptedContent = "opaque" },
                new TextPart("Calling the tool."),
                new ToolCallPart("call_1", "weather", """{"city":"Paris"}"""),
            ],
            FinishReason = FinishReason.ToolCalls,
            Usage = new Usage { InputTokens = 10, OutputTokens = 30, CachedInputTokens = 4, ReasoningTokens = 12 },
        };

        var body = JsonDocument.Parse(GeminiFixture.WriteResponse(response)).RootElement;
        var candidate = body.GetProperty("candidates")[0];
        var carried = GeminiCarriedReasoning.Pack([(ReasoningPart)response.Parts[0], (ReasoningPart)response.Parts[1]]);
        Fixture.JsonEqual($$$"""
            [{"text":"Let me think.","thought":true,"thoughtSignature":"anthropic-sig"},
             {"text":"Calling the tool."},
             {"functionCall":{"id":"call_1","name":"weather","args":{"city":"Paris"}},"thoughtSignature":"{{{carried}}}"}]
            """, candidate.GetProperty("content").GetProperty("parts").GetRawText());
        Assert.Equal("STOP", candidate.GetProperty("finishReason").GetString());
        Fixture.JsonEqual("""{"promptTokenCount":10,"candidatesTokenCount":18,"totalTokenCount":40,"cachedContentTokenCount":4,"thoughtsTokenCount":12}""", body.GetProperty("usageMetadata").GetRawText());
        Assert.Equal("chatcmpl-1", body.GetProperty("responseId").GetString());
    }

    [Fact]
    public void Error_inside_a_200_answer_is_thrown_with_its_status()
    {
        var exception = Assert.Throws<GodexException>(() => GeminiResponseReader.Read("""{"error":{"code":429,"message":"Quota","status":"RESOURCE_EXHAUSTED"}}"""u8));
        Assert.Equal(429, exception.Error.Status);
        Assert.Equal("RESOURCE_EXHAUSTED", exception.Error.UpstreamType);
    }

    [Fact]
    public void Non_json_answer_is_a_502()
    {
        var exception = Assert.Throws<GodexException>(() => GeminiResponseReader.Read("<html>"u8));
        Assert.Equal(502, exception.Error.Status);
        Assert.Equal("provider.invalid_response", exception.Error.Code);
    }

    [Fact]
    public void Whole_json_array_stream_answer_is_folded()
    {
        var response = GeminiResponseReader.Read("""
            [{"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"}}],"responseId":"a"},
             {"candidates":[{"content":{"parts":[{"text":"lo"}],"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2,"totalTokenCount":5}}]
            """u8);

        Assert.Equal("Hello", response.JoinedText());
        Assert.Equal("a", response.Id);
        Assert.Equal(new Usage { InputTokens = 3, OutputTokens = 2 }, response.Usage);
    }
}
