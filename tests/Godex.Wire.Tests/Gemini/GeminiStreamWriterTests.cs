using System.Text.Json;

using Godex.Wire.Gemini;

using Xunit;

namespace Godex.Wire.Tests.Gemini;

/// <summary>GeminiStreamWriter: the chunk sequence Gemini clients parse, in both stream forms.</summary>
public class GeminiStreamWriterTests
{
    public static TheoryData<string> SseFixtures => ["text.sse", "tool-call.sse", "reasoning.sse", "stream-no-args-tool-call.sse"];

    [Theory]
    [MemberData(nameof(SseFixtures))]
    public async Task Recorded_stream_written_back_reads_to_the_same_answer(string name)
    {
        var events = await GeminiFixture.ReadStreamAsync(name);

        var again = await GeminiFixture.ReadTextAsync(GeminiFixture.WriteStream(events, sse: true));

        Fixture.AssertWellFormed(again, expectUsage: true);
        var expected = Fixture.Fold(events);
        var actual = Fixture.Fold(again);
        Assert.Equal(expected.Parts, actual.Parts);
        Assert.Equal(expected.FinishReason, actual.FinishReason);
        Assert.Equal(expected.Usage, actual.Usage);
        Assert.Equal(expected.Id, actual.Id);
    }

    [Fact]
    public async Task Text_stream_is_written_as_gemini_sends_it_with_the_signature_in_the_last_chunk()
    {
        var body = GeminiFixture.WriteStream(await GeminiFixture.ReadStreamAsync("text.sse"), sse: true);
        var chunks = GeminiFixture.SseData(body).Select(static data => JsonDocument.Parse(data).RootElement).ToList();

        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, static chunk =>
        {
            Assert.Equal("bH6LaZW8Fp_3nsEPqtaSwQ4", chunk.GetProperty("responseId").GetString());
            Assert.Equal("gemini-3-pro-preview", chunk.GetProperty("modelVersion").GetString());
            Assert.Equal("model", chunk.GetProperty("candidates")[0].GetProperty("content").GetProperty("role").GetString());
        });
        Assert.Equal("There are **3**", Parts(chunks[0])[0].GetProperty("text").GetString());
        Assert.False(chunks[0].GetProperty("candidates")[0].TryGetProperty("finishReason", out _));
        Assert.False(chunks[0].TryGetProperty("usageMetadata", out _));

        var last = chunks[^1];
        var part = Assert.Single(Parts(last).EnumerateArray());
        Assert.Equal("", part.GetProperty("text").GetString());
        Assert.StartsWith("EqsFCqgFAb4+", part.GetProperty("thoughtSignature").GetString(), StringComparison.Ordinal);
        Assert.Equal("STOP", last.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Fixture.JsonEqual("""{"promptTokenCount":9,"candidatesTokenCount":23,"totalTokenCount":217,"thoughtsTokenCount":185}""", last.GetProperty("usageMetadata").GetRawText());
    }

    [Fact]
    public void Streamed_tool_arguments_are_buffered_into_one_whole_function_call()
    {
        var events = new List<StreamEvent>
        {
            new ResponseStarted("chatcmpl-9", "gpt-x", DateTimeOffset.UnixEpoch),
            new PartStarted(0, PartKind.Reasoning),
            new ReasoningDelta(0, "Need weather."),
            new PartDone(0),
            new PartStarted(1, PartKind.ToolCall) { ToolCallId = "call_abc", ToolName = "weather" },
            new ToolArgumentsDelta(1, """{"loca"""),
            new ToolArgumentsDelta(1, """tion":"SF"}"""),
            new PartDone(1),
            new UsageReported(new Usage { InputTokens = 5, OutputTokens = 9, ReasoningTokens = 4 }),
            new ResponseFinished(FinishReason.ToolCalls),
        };

        var chunks = GeminiFixture.SseData(GeminiFixture.WriteStream(events, sse: true)).Select(static d => JsonDocument.Parse(d).RootElement).ToList();

        Assert.Equal(3, chunks.Count);
        Fixture.JsonEqual("""[{"text":"Need weather.","thought":true}]""", Parts(chunks[0]).GetRawText());
        var carried = GeminiCarriedReasoning.Pack([new ReasoningPart { Text = "Need weather." }]); // thoughts a Gemini client drops on replay
        Fixture.JsonEqual($$$"""[{"functionCall":{"id":"call_abc","name":"weather","args":{"location":"SF"}},"thoughtSignature":"{{{carried}}}"}]""", Parts(chunks[1]).GetRawText());
        Assert.Equal("STOP", chunks[2].GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal(5, chunks[2].GetProperty("usageMetadata").GetProperty("candidatesTokenCount").GetInt32());
    }

    [Fact]
    public async Task Json_array_form_is_one_array_of_the_same_chunks()
    {
        var events = await GeminiFixture.ReadStreamAsync("tool-call.sse");

        var array = GeminiFixture.WriteStream(events, sse: false);
        var sse = GeminiFixture.SseData(GeminiFixture.WriteStream(events, sse: true));

        using var document = JsonDocument.Parse(array);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        Assert.Equal(sse.Count, document.RootElement.GetArrayLength());
        for (var i = 0; i < sse.Count; i++)
        {
            Fixture.JsonEqual(sse[i], document.RootElement[i].GetRawText());
        }
    }

    [Fact]
    public void Failure_mid_stream_ends_with_an_error_chunk_in_both_forms()
    {
        var events = new StreamEvent[]
        {
            new ResponseStarted("r", "m", DateTimeOffset.UnixEpoch),
            new PartStarted(0, PartKind.Text),
            new TextDelta(0, "Half"),
            new ResponseFailed(new GodexError(502, "provider.stream_broken", "Provider 'x' broke off the stream.")),
            new TextDelta(0, "ignored"),
        };

        var sse = GeminiFixture.SseData(GeminiFixture.WriteStream(events, sse: true));
        var error = JsonDocument.Parse(sse[^1]).RootElement.GetProperty("error");
        Assert.Equal(502, error.GetProperty("code").GetInt32());
        Assert.Equal("UNAVAILABLE", error.GetProperty("status").GetString());
        Assert.DoesNotContain(sse, static data => data.Contains("ignored", StringComparison.Ordinal));

        using var array = JsonDocument.Parse(GeminiFixture.WriteStream(events, sse: false));
        Assert.Equal("Provider 'x' broke off the stream.", array.RootElement[array.RootElement.GetArrayLength() - 1].GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void Arguments_that_are_not_an_object_end_the_stream_with_an_error_instead_of_a_broken_call()
    {
        var events = new StreamEvent[]
        {
            new ResponseStarted("r", "m", DateTimeOffset.UnixEpoch),
            new PartStarted(0, PartKind.ToolCall) { ToolCallId = "call_1", ToolName = "f" },
            new ToolArgumentsDelta(0, """{"a":"cut off"""),
            new PartDone(0),
            new ResponseFinished(FinishReason.Length),
        };

        var chunks = GeminiFixture.SseData(GeminiFixture.WriteStream(events, sse: true));

        var error = Assert.Single(chunks);
        Assert.Contains("'call_1' (f) are not a JSON object", JsonDocument.Parse(error).RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement Parts(JsonElement chunk) => chunk.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts");
}
