using System.Buffers;
using System.Text;

using Godex.Wire.Gemini;

namespace Godex.Wire.Tests.Gemini;

/// <summary>Loads the recorded Gemini transcripts and runs them through the Gemini codec.</summary>
internal static class GeminiFixture
{
    public static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "gemini", name));

    public static Task<List<StreamEvent>> ReadStreamAsync(string name) => ReadStreamAsync(Bytes(name));

    public static Task<List<StreamEvent>> ReadTextAsync(string text) => ReadStreamAsync(Encoding.UTF8.GetBytes(text));

    public static async Task<List<StreamEvent>> ReadStreamAsync(byte[] body)
    {
        using var stream = new MemoryStream(body);
        var events = new List<StreamEvent>();
        await foreach (var streamEvent in GeminiStreamReader.ReadAsync(stream, Now))
        {
            events.Add(streamEvent);
        }

        return events;
    }

    public static string WriteStream(IEnumerable<StreamEvent> events, bool sse)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new GeminiStreamWriter(sse);
        foreach (var streamEvent in events)
        {
            writer.Write(buffer, streamEvent);
        }

        Xunit.Assert.True(writer.Completed);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string WriteResponse(ChatResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>();
        GeminiResponseWriter.Write(buffer, response);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string WriteRequest(ChatRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        GeminiRequestWriter.Write(buffer, request);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static ChatRequest ReadRequest(string json) => GeminiRequestReader.Read(Encoding.UTF8.GetBytes(json));

    /// <summary>The `data:` payloads of an `alt=sse` body, checking each event ends with CRLF CRLF.</summary>
    public static List<string> SseData(string body)
    {
        var frames = body.Split("\r\n\r\n");
        Xunit.Assert.Equal("", frames[^1]);
        return [.. frames[..^1].Select(static frame =>
        {
            Xunit.Assert.StartsWith("data: ", frame, StringComparison.Ordinal);
            return frame["data: ".Length..];
        })];
    }
}
