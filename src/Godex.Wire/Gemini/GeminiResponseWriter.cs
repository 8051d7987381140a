using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Gemini;

/// <summary>Writes a <see cref="ChatResponse"/> as a GenerateContentResponse with one candidate.</summary>
public static class GeminiResponseWriter
{
    public static void Write(IBufferWriter<byte> output, ChatResponse response)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        Write(json, response);
    }

    public static void Write(Utf8JsonWriter json, ChatResponse response)
    {
        var bag = GeminiJson.Fields(response.Extensions);
        json.WriteStartObject();
        json.WriteStartArray("candidates");
        json.WriteStartObject();
        if (response.Parts.Count > 0)
        {
            json.WriteStartObject("content");
            json.WriteStartArray("parts");
            var parts = new GeminiPartWriter(json) { ForResponse = true };
            parts.BeginContent();
            foreach (var part in response.Parts)
            {
                parts.Write(part);
            }

            parts.EndContent();
            json.WriteEndArray();
            json.WriteString("role", "model");
            json.WriteEndObject();
        }

        json.WriteString("finishReason", GeminiProtocol.FormatFinishReason(response.FinishReason));
        json.WriteNumber("index", 0);
        foreach (var extra in GeminiJson.Nested(bag, GeminiResponseReader.CandidateKey))
        {
            extra.WriteTo(json);
        }

        json.WriteEndObject();
        json.WriteEndArray();
        if (response.Usage is { } usage)
        {
            GeminiUsage.Write(json, usage);
        }

        json.WriteString("modelVersion", response.Model);
        json.WriteString("responseId", response.Id);
        GeminiJson.WriteFields(json, response.Extensions, "candidates", "usageMetadata", "modelVersion", "responseId");
        json.WriteEndObject();
    }
}
