using System.Text.Json;

namespace Godex.Wire.OpenAIChat;

/// <summary>
/// Writes a <see cref="ResponseFormat"/> as OpenAI's APIs take it. Chat Completions' `response_format` nests
/// the schema's fields under `json_schema`; Responses' `text.format` holds them flat; the rest is the same.
/// </summary>
internal static class OpenAIResponseFormat
{
    /// <summary>Chat Completions' `response_format` object.</summary>
    public static void WriteChat(Utf8JsonWriter json, ResponseFormat format) => Write(json, "response_format", format, nested: true);

    /// <summary>Responses' `text.format` object.</summary>
    public static void WriteResponses(Utf8JsonWriter json, ResponseFormat format) => Write(json, "format", format, nested: false);

    private static void Write(Utf8JsonWriter json, string property, ResponseFormat format, bool nested)
    {
        json.WriteStartObject(property);
        switch (format.Kind)
        {
            case ResponseFormatKind.JsonObject:
                json.WriteString("type", "json_object");
                break;
            case ResponseFormatKind.JsonSchema:
                json.WriteString("type", "json_schema");
                if (nested)
                {
                    json.WriteStartObject("json_schema");
                }

                OpenAINamedSchema.WriteFields(json, format.Name ?? "response", format.Description, "schema", format.Schema, format.Strict);

                if (nested)
                {
                    json.WriteEndObject();
                }

                break;
            default:
                json.WriteString("type", "text");
                break;
        }

        json.WriteEndObject();
    }
}
