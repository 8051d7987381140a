using System.Buffers;
using System.Text;

using Godex.Testing;
using Godex.Wire.Responses;

using Xunit;

namespace Godex.Wire.Tests.Responses;

/// <summary>The recorded Responses transcripts beside the tests, and the codec run over them (folding reuses <see cref="Fixture"/>).</summary>
internal static class ResponsesFixture
{
    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "responses", name));

    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    /// <summary>The recorded streams of a fixture holding several turns, one per response.created.</summary>
    public static List<string> Turns(string name) => ResponsesTurns.Split(Text(name));

    public static Task<List<StreamEvent>> ReadStreamAsync(string sse) => ReadStreamAsync(Encoding.UTF8.GetBytes(sse));

    public static async Task<List<StreamEvent>> ReadStreamAsync(byte[] sse)
    {
        using var body = new MemoryStream(sse);
        var events = new List<StreamEvent>();
        await foreach (var streamEvent in ResponsesStreamReader.ReadAsync(body))
        {
            events.Add(streamEvent);
        }

        return events;
    }

    /// <summary>Writes events through a <see cref="ResponsesStreamWriter"/> answering <paramref name="request"/>.</summary>
    public static byte[] WriteStream(IEnumerable<StreamEvent> events, ChatRequest? request = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new ResponsesStreamWriter(new ResponsesReply(request ?? new ChatRequest { Model = "gpt-test" }));
        foreach (var streamEvent in events)
        {
            writer.Write(buffer, streamEvent);
        }

        Assert.True(writer.Completed);
        return buffer.WrittenSpan.ToArray();
    }

    public static string WriteRequest(ChatRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ResponsesRequestWriter.Write(buffer, request);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string WriteResponse(ChatResponse response, ChatRequest? request = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ResponsesResponseWriter.Write(buffer, response, new ResponsesReply(request ?? new ChatRequest { Model = "gpt-test" }));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>(event name, data) of every frame of an SSE body.</summary>
    public static async Task<List<(string? Event, System.Text.Json.JsonElement Data)>> FramesAsync(byte[] sse)
    {
        var frames = new List<(string?, System.Text.Json.JsonElement)>();
        await foreach (var frame in Wire.Sse.SseReader.ReadAsync(new MemoryStream(sse)))
        {
            using var document = System.Text.Json.JsonDocument.Parse(frame.Data);
            frames.Add((frame.Event, document.RootElement.Clone()));
        }

        return frames;
    }

    public static GodexError BadRequest(Action read)
    {
        var exception = Assert.Throws<GodexException>(read);
        Assert.Equal(400, exception.Error.Status);
        return exception.Error;
    }
}
