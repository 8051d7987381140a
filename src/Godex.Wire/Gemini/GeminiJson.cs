using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Gemini;

/// <summary>Small JSON helpers for the Gemini codec: building objects for extension bags and writing bags back.</summary>
internal static class GeminiJson
{
    private static readonly Dictionary<string, JsonElement> EmptyFields = [];

    /// <summary>An object holding the given fields, as a standalone element.</summary>
    public static JsonElement ObjectOf(IEnumerable<KeyValuePair<string, JsonElement>> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            json.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }

            json.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>The Gemini fields of a bag (none when it came from another protocol).</summary>
    public static IReadOnlyDictionary<string, JsonElement> Fields(ExtensionBag? bag) =>
        bag is not null && bag.Protocol == GeminiProtocol.Name ? bag.Fields : EmptyFields;

    /// <summary>Writes a bag's Gemini fields as properties of the object being written, skipping Godex's own `$` keys and the given names.</summary>
    public static void WriteFields(Utf8JsonWriter json, ExtensionBag? bag, params ReadOnlySpan<string> skip)
    {
        foreach (var (name, value) in Fields(bag))
        {
            if (!name.StartsWith('$') && !skip.Contains(name))
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }
        }
    }

    /// <summary>The fields of a nested object kept in a bag (e.g. unknown generationConfig fields), or none.</summary>
    public static IEnumerable<JsonProperty> Nested(IReadOnlyDictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Object ? value.EnumerateObject() : [];

    public static string? GetString(JsonElement element, string name, string? alias = null) =>
        element.ValueKind == JsonValueKind.Object
            && (element.TryGetProperty(name, out var value) || (alias is not null && element.TryGetProperty(alias, out value)))
            && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
}
