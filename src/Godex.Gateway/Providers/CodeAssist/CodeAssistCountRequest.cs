using System.Buffers;
using System.Text.Json;

using Godex.Wire;
using Godex.Wire.Gemini;
using Godex.Wire.Json;

namespace Godex.Gateway.Providers.CodeAssist;

/// <summary>
/// Code Assist's `:countTokens` body, `{request: {model: "models/{name}", contents}}` (Gemini CLI's
/// converter.ts). It has no room for a system instruction or tools: the instruction is counted as a
/// leading user turn (text costs the same tokens in either), and a request with tools is not counted
/// upstream at all, since leaving their schemas out would undercount it badly; Godex estimates it.
/// </summary>
public static class CodeAssistCountRequest
{
    /// <summary>Writes the body, or returns false when the upstream cannot count this request.</summary>
    public static bool TryWrite(IBufferWriter<byte> output, ChatRequest request, string upstreamModel)
    {
        if (request.Tools.Count > 0)
        {
            return false;
        }

        var gemini = new ArrayBufferWriter<byte>(4096);
        GeminiRequestWriter.Write(gemini, request);
        using var document = JsonDocument.Parse(gemini.WrittenMemory);
        var root = document.RootElement;
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        json.WriteStartObject();
        json.WriteStartObject("request");
        json.WriteString("model", "models/" + upstreamModel);
        json.WriteStartArray("contents");
        if (root.TryGetProperty("systemInstruction", out var system) && system.TryGetProperty("parts", out var systemParts))
        {
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WritePropertyName("parts");
            systemParts.WriteTo(json);
            json.WriteEndObject();
        }

        if (root.TryGetProperty("contents", out var contents) && contents.ValueKind == JsonValueKind.Array)
        {
            foreach (var content in contents.EnumerateArray())
            {
                content.WriteTo(json);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        return true;
    }
}
