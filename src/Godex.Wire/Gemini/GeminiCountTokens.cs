using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Gemini;

/// <summary>The `:countTokens` answer, `{"totalTokens": N}`, both ways.</summary>
public static class GeminiCountTokens
{
    /// <summary>The upstream's count, or null when its answer holds none.</summary>
    public static long? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, GeminiJsonContext.Default.CountTokensResponseDto)?.TotalTokens;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static void Write(IBufferWriter<byte> output, long totalTokens)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        json.WriteStartObject();
        json.WriteNumber("totalTokens", totalTokens);
        json.WriteEndObject();
    }
}
