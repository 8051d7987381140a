using System.Buffers;
using System.Text.Json;

using Godex.Wire.OpenAIChat;

using Xunit;

namespace Godex.Wire.Tests;

/// <summary>Recorded responses and streams read, written back by Godex and read again keep their canonical content.</summary>
public class RoundTripTests
{
    public static TheoryData<string> JsonFixtures =>
    [
        "deepseek-reasoning.json", "deepseek-text.json", "deepseek-tool-call.json", "mistral-text.json",
        "mistral-tool-call.json", "openai-text.json", "xai-text.json", "xai-tool-call.json",
    ];

    public static TheoryData<string> SseFixtures =>
    [
        "deepseek-reasoning.sse", "deepseek-text.sse", "deepseek-tool-call.sse", "mistral-text.sse",
        "mistral-tool-call.sse", "openai-text.sse", "xai-text.sse", "xai-tool-call.sse",
    ];

    [Theory]
    [MemberData(nameof(JsonFixtures))]
    public void Response_written_by_OpenAIChatResponseWriter_reads_back_to_the_same_canonical_response(string name)
    {
        var original = OpenAIChatResponseReader.Read(Fixture.Bytes(name));

        var buffer = new ArrayBufferWriter<byte>();
        OpenAIChatResponseWriter.Write(buffer, original);
        var again = OpenAIChatResponseReader.Read(buffer.WrittenSpan);

        AssertSameResponse(original, again);
        Assert.Equal(original.Extensions?.Fields.Keys.Order(), again.Extensions?.Fields.Keys.Order());
        foreach (var (field, value) in original.Extensions?.Fields ?? new Dictionary<string, JsonElement>())
        {
            Assert.True(JsonElement.DeepEquals(value, again.Extensions!.Fields[field]), field);
        }
    }

    [Theory]
    [MemberData(nameof(SseFixtures))]
    public async Task Stream_written_by_OpenAIChatStreamWriter_reads_back_to_the_same_folded_response(string name)
    {
        var events = await Fixture.ReadStreamAsync(name);

        var written = WriteStream(events);
        var again = await Fixture.ReadStreamAsync(written);

        Fixture.AssertWellFormed(again, expectUsage: true);
        AssertSameResponse(Fixture.Fold(events), Fixture.Fold(again));
    }

    [Fact]
    public async Task Written_stream_has_openai_chunk_shape_for_a_tool_call_turn()
    {
        var bytes = WriteStream(await Fixture.ReadStreamAsync("deepseek-tool-call.sse"));
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.EndsWith("\n\ndata: [DONE]\n\n", text, StringComparison.Ordinal);

        var frames = new List<string>();
        await foreach (var sse in Sse.SseReader.ReadAsync(new MemoryStream(bytes)))
        {
            Assert.Null(sse.Event);
            frames.Add(sse.Data);
        }

        Assert.Equal("[DONE]", frames[^1]);
        var chunks = frames.Take(frames.Count - 1).Select(static frame => JsonDocument.Parse(frame).RootElement).ToList();
        Assert.All(chunks, static chunk =>
        {
            Assert.Equal("cca85624-4056-401f-b220-d77601d1f70d", chunk.GetProperty("id").GetString());
            Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString());
            Assert.Equal(1764664568, chunk.GetProperty("created").GetInt64());
            Assert.Equal("deepseek-reasoner", chunk.GetProperty("model").GetString());
        });

        // First chunk: the role.
        Assert.Equal("assistant", Delta(chunks[0]).GetProperty("role").GetString());

        // Tool call pieces: the first carries index, id, type and name; later ones only index and arguments.
        var pieces = chunks
            .Where(static chunk => Choice(chunk) is { } choice && choice.GetProperty("delta").TryGetProperty("tool_calls", out _))
            .Select(static chunk => Assert.Single(Delta(chunk).GetProperty("tool_calls").EnumerateArray()))
            .ToList();
        Assert.True(pieces.Count > 2);
        var first = pieces[0];
        Assert.Equal(0, first.GetProperty("index").GetInt32());
        Assert.Equal("call_00_ioIn7yN9p1ZOMNpDLwd4MgAF", first.GetProperty("id").GetString());
        Assert.Equal("function", first.GetProperty("type").GetString());
        Assert.Equal("weather", first.GetProperty("function").GetProperty("name").GetString());
        foreach (var later in pieces.Skip(1))
        {
            Assert.Equal(["index", "function"], later.EnumerateObject().Select(static p => p.Name));
            Assert.Equal(0, later.GetProperty("index").GetInt32());
            Assert.Equal(["arguments"], later.GetProperty("function").EnumerateObject().Select(static p => p.Name));
        }

        var arguments = string.Concat(pieces.Select(static p => p.GetProperty("function").GetProperty("arguments").GetString()));
        Fixture.JsonEqual("""{"location":"San Francisco"}""", arguments);

        // Then one chunk with finish_reason, then the usage chunk with empty choices, then [DONE].
        var finishes = chunks.Where(static chunk => Choice(chunk) is { } choice && choice.GetProperty("finish_reason").ValueKind == JsonValueKind.String).ToList();
        var finish = Assert.Single(finishes);
        Assert.Equal("tool_calls", Choice(finish)!.Value.GetProperty("finish_reason").GetString());
        Assert.Equal(chunks.Count - 2, chunks.IndexOf(finish));

        var usageChunk = chunks[^1];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        var usage = usageChunk.GetProperty("usage");
        Assert.Equal(339, usage.GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(83, usage.GetProperty("completion_tokens").GetInt64());
        Assert.Equal(422, usage.GetProperty("total_tokens").GetInt64());
        Assert.Equal(320, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt64());
        Assert.Equal(39, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt64());
        Assert.Equal(1, chunks.Count(static chunk => chunk.TryGetProperty("usage", out _)));
    }

    [Fact]
    public async Task Written_stream_without_usage_request_has_no_usage_chunk()
    {
        var events = await Fixture.ReadStreamAsync("mistral-text.sse");
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new OpenAIChatStreamWriter(includeUsage: false))
        {
            foreach (var streamEvent in events)
            {
                writer.Write(buffer, streamEvent);
            }
        }

        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.DoesNotContain("\"usage\"", text, StringComparison.Ordinal);
        Assert.Contains("\"finish_reason\":\"stop\"", text, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", text, StringComparison.Ordinal);
    }

    private static byte[] WriteStream(IEnumerable<StreamEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new OpenAIChatStreamWriter(includeUsage: true);
        foreach (var streamEvent in events)
        {
            writer.Write(buffer, streamEvent);
        }

        Assert.True(writer.Completed);
        return buffer.WrittenSpan.ToArray();
    }

    private static JsonElement? Choice(JsonElement chunk) =>
        chunk.GetProperty("choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0 ? choices[0] : null;

    private static JsonElement Delta(JsonElement chunk) => Choice(chunk)!.Value.GetProperty("delta");

    private static void AssertSameResponse(ChatResponse expected, ChatResponse actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Model, actual.Model);
        Assert.Equal(expected.Created, actual.Created);
        Assert.Equal(expected.Parts, actual.Parts);
        Assert.Equal(expected.FinishReason, actual.FinishReason);
        Assert.Equal(expected.Usage, actual.Usage);
    }
}
