using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;

using Godex.Wire.Anthropic;

using Xunit;

namespace Godex.Wire.Tests.Anthropic;

/// <summary>Recorded Anthropic transcripts beside the tests, and helpers to read and write Messages streams.</summary>
internal static class AnthropicFixture
{
    public static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "anthropic", name));

    public static Task<List<StreamEvent>> ReadStreamAsync(string name) => ReadStreamAsync(Bytes(name));

    public static Task<List<StreamEvent>> ReadSseTextAsync(string sse) => ReadStreamAsync(Encoding.UTF8.GetBytes(sse));

    public static async Task<List<StreamEvent>> ReadStreamAsync(byte[] sse)
    {
        using var body = new MemoryStream(sse);
        var events = new List<StreamEvent>();
        await foreach (var streamEvent in AnthropicStreamReader.ReadAsync(body, new FixedTime(Now)))
        {
            events.Add(streamEvent);
        }

        return events;
    }

    public static string WriteStream(IEnumerable<StreamEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new AnthropicStreamWriter();
        foreach (var streamEvent in events)
        {
            writer.Write(buffer, streamEvent);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The (event name, data) pairs of an SSE text, checking each data's `type` equals its event name.</summary>
    public static List<(string Event, JsonNode Data)> Frames(string sse)
    {
        var frames = new List<(string, JsonNode)>();
        foreach (var frame in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = frame.Split('\n');
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            var name = lines[0]["event: ".Length..];
            var data = JsonNode.Parse(lines[1]["data: ".Length..])!;
            Assert.Equal(name, (string?)data["type"]);
            frames.Add((name, data));
        }

        return frames;
    }

    public static ChatRequest ReadRequest(string json) => AnthropicRequestReader.Read(Encoding.UTF8.GetBytes(json));

    public static JsonNode WriteRequest(ChatRequest request, AnthropicWriterOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AnthropicRequestWriter.Write(buffer, request, options ?? AnthropicWriterOptions.Default);
        return JsonNode.Parse(buffer.WrittenSpan)!;
    }

    public static JsonNode WriteResponse(ChatResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AnthropicResponseWriter.Write(buffer, response);
        return JsonNode.Parse(buffer.WrittenSpan)!;
    }

    public static GodexError Refusal(Action action) => Assert.Throws<GodexException>(action).Error;

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
