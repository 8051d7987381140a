using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// Reasoning from another provider family (an Anthropic thinking block and its signature, a Responses
/// encrypted payload, DeepSeek's reasoning text) that must come back before the tool call it led to.
/// Gemini clients drop thought parts when they replay history (Gemini CLI does) but keep a
/// functionCall's `thoughtSignature`, so answers to Gemini clients carry that reasoning there,
/// packed as base64 of a marker and a JSON array; the request reader unpacks it before the call.
/// </summary>
public static class GeminiCarriedReasoning
{
    // 18 bytes, a whole number of base64 quanta, so every packed value starts with the same text.
    private static readonly byte[] Marker = "godex.reasoning.v1"u8.ToArray();
    private static readonly string EncodedMarker = Convert.ToBase64String(Marker);

    /// <summary>Whether a reasoning part is one Gemini clients would lose: it has content and is not Gemini's own signed-text marker.</summary>
    public static bool NeedsCarrying(ReasoningPart part) =>
        part.Text.Length > 0 || part.EncryptedContent is not null || part.Redacted;

    public static bool IsPacked(string? signature) =>
        signature is not null && signature.StartsWith(EncodedMarker, StringComparison.Ordinal);

    public static string Pack(IReadOnlyList<ReasoningPart> parts)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(Marker);
        using (var json = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            json.WriteStartArray();
            foreach (var part in parts)
            {
                json.WriteStartObject();
                json.WriteString("text", part.Text);
                WriteIfSet(json, "signature", part.Signature);
                WriteIfSet(json, "encrypted_content", part.EncryptedContent);
                if (part.Redacted)
                {
                    json.WriteBoolean("redacted", true);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Convert.ToBase64String(buffer.WrittenSpan);
    }

    /// <summary>The reasoning packed in a signature; a packed value that does not decode is the client's error, 400.</summary>
    public static List<ReasoningPart> Unpack(string signature, string path)
    {
        try
        {
            var bytes = Convert.FromBase64String(signature);
            using var document = JsonDocument.Parse(bytes.AsMemory(Marker.Length));
            var parts = new List<ReasoningPart>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                parts.Add(new ReasoningPart
                {
                    Text = item.GetProperty("text").GetString() ?? "",
                    Signature = String(item, "signature"),
                    EncryptedContent = String(item, "encrypted_content"),
                    Redacted = item.TryGetProperty("redacted", out var redacted) && redacted.GetBoolean(),
                });
            }

            return parts;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new GodexException(GodexError.BadRequest(
                $"{path} holds reasoning Godex carried for an earlier turn, but it does not decode ({exception.Message}); send the thoughtSignature back exactly as it was received.",
                path));
        }
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
