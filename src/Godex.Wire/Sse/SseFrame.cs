using System.Buffers;
using System.Text;

namespace Godex.Wire.Sse;

/// <summary>Writes SSE framing straight into a buffer writer; the payload is written in place between Begin and End.</summary>
public static class SseFrame
{
    /// <summary>Writes `[event: name\n]data: `.</summary>
    public static void Begin(IBufferWriter<byte> output, string? eventName = null)
    {
        if (eventName is not null)
        {
            output.Write("event: "u8);
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(eventName.Length));
            output.Advance(Encoding.UTF8.GetBytes(eventName, span));
            output.Write("\n"u8);
        }

        output.Write("data: "u8);
    }

    /// <summary>Ends the frame with the blank line.</summary>
    public static void End(IBufferWriter<byte> output) => output.Write("\n\n"u8);

    /// <summary>Writes a frame whose data is raw text, e.g. `[DONE]`.</summary>
    public static void WriteRaw(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        output.Write("data: "u8);
        output.Write(data);
        output.Write("\n\n"u8);
    }
}
