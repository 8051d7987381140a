using System.Text.Json;

namespace Godex.Wire.OpenAIChat;

/// <summary>
/// The fields OpenAI gives every named JSON schema, a function's parameters and a structured-output format
/// alike: name, optional description, the schema under its own property name, optional strict.
/// </summary>
internal static class OpenAINamedSchema
{
    public static void WriteFields(Utf8JsonWriter json, string name, string? description, string schemaProperty, JsonElement? schema, bool? strict)
    {
        json.WriteString("name", name);
        if (description is not null)
        {
            json.WriteString("description", description);
        }

        if (schema is { } value)
        {
            json.WritePropertyName(schemaProperty);
            value.WriteTo(json);
        }

        if (strict is { } isStrict)
        {
            json.WriteBoolean("strict", isStrict);
        }
    }
}
