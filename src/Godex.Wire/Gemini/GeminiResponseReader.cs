using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// Reads an upstream's non-streaming GenerateContentResponse (or a whole JSON-array stream, which some
/// servers send when they ignore `alt=sse`) through the same machine as streams, then folds it.
/// </summary>
public static class GeminiResponseReader
{
    /// <summary>Extension-bag key holding the candidate's own extra fields (safetyRatings, groundingMetadata, ...).</summary>
    internal const string CandidateKey = "$candidate";

    public static ChatResponse Read(ReadOnlySpan<byte> json) => Read(json, DateTimeOffset.UnixEpoch);

    /// <param name="now">The creation time to report when the upstream sends no `createTime`.</param>
    public static ChatResponse Read(ReadOnlySpan<byte> json, DateTimeOffset now)
    {
        var reader = new GeminiChunkReader(now);
        var events = new List<StreamEvent>();
        try
        {
            var trimmed = json.TrimStart(" \t\r\n"u8);
            if (trimmed.Length > 0 && trimmed[0] == (byte)'[')
            {
                using var document = JsonDocument.Parse(json.ToArray());
                foreach (var element in document.RootElement.EnumerateArray())
                {
                    Read(reader, element.Deserialize(GeminiJsonContext.Default.GenerateContentResponseDto), events);
                }
            }
            else
            {
                Read(reader, JsonSerializer.Deserialize(json, GeminiJsonContext.Default.GenerateContentResponseDto), events);
            }
        }
        catch (JsonException exception)
        {
            var error = JsonErrors.Describe(exception, "The upstream's response");
            throw new GodexException(new GodexError(502, "provider.invalid_response", error.Message));
        }

        events.AddRange(reader.Finish(requireFinishReason: false));
        var accumulator = new ResponseAccumulator();
        foreach (var streamEvent in events)
        {
            accumulator.Add(streamEvent);
        }

        if (accumulator.Error is { } failure)
        {
            throw new GodexException(failure.Code == "provider.stream_truncated"
                ? new GodexError(502, "provider.invalid_response", "The upstream's response holds no GenerateContentResponse.")
                : failure);
        }

        return accumulator.ToResponse() with { Extensions = Extensions(reader) };
    }

    private static void Read(GeminiChunkReader reader, GenerateContentResponseDto? dto, List<StreamEvent> events)
    {
        if (dto is null)
        {
            throw new GodexException(new GodexError(502, "provider.invalid_response", "The upstream's response is not a JSON object."));
        }

        reader.Read(dto);
        events.AddRange(reader.Events);
        reader.Events.Clear();
    }

    /// <summary>What a Gemini client would get from Gemini itself and the canonical model has no place for.</summary>
    private static ExtensionBag? Extensions(GeminiChunkReader reader)
    {
        var fields = reader.Extra is null ? [] : new Dictionary<string, JsonElement>(reader.Extra);
        if (reader.PromptFeedback is { } feedback)
        {
            fields["promptFeedback"] = feedback;
        }

        if (reader.CandidateExtra is { Count: > 0 } candidate)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
            {
                json.WriteStartObject();
                foreach (var (name, value) in candidate)
                {
                    json.WritePropertyName(name);
                    value.WriteTo(json);
                }

                json.WriteEndObject();
            }

            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            fields[CandidateKey] = document.RootElement.Clone();
        }

        return ExtensionBag.From(GeminiProtocol.Name, fields);
    }
}
