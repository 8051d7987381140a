using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Responses;

/// <summary>Small JSON helpers for the Responses codec's hand-mapped, polymorphic items.</summary>
internal static class ResponsesJson
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>The properties of an object that are not in <paramref name="known"/>, or null when there are none.</summary>
    public static Dictionary<string, JsonElement>? Rest(JsonElement element, ReadOnlySpan<string> known)
    {
        Dictionary<string, JsonElement>? rest = null;
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                rest ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                rest[property.Name] = property.Value.Clone();
            }
        }

        return rest;
    }

    public static ExtensionBag? Bag(Dictionary<string, JsonElement>? fields) => ExtensionBag.From(ResponsesProtocol.Name, fields);

    /// <summary>The Responses fields of a bag (null when the bag is another protocol's).</summary>
    public static IReadOnlyDictionary<string, JsonElement>? Fields(ExtensionBag? bag) =>
        bag is not null && bag.Protocol == ResponsesProtocol.Name ? bag.Fields : null;

    public static string? BagString(ExtensionBag? bag, string name) =>
        Fields(bag) is { } fields && fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static JsonElement? BagValue(ExtensionBag? bag, string name) =>
        Fields(bag) is { } fields && fields.TryGetValue(name, out var value) ? value : null;

    /// <summary>Writes a bag's fields (when it is a Responses bag), except the named ones the caller wrote itself.</summary>
    public static void WriteBag(Utf8JsonWriter json, ExtensionBag? bag, ReadOnlySpan<string> skip)
    {
        if (Fields(bag) is not { } fields)
        {
            return;
        }

        foreach (var (name, value) in fields)
        {
            if (!skip.Contains(name))
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }
        }
    }

    /// <summary>Parses JSON text into a standalone element.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Builds a standalone element with a writer callback (for values kept in bags).</summary>
    public static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            write(json);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>A string as a JSON value element.</summary>
    public static JsonElement StringValue(string value) => Build(json => json.WriteStringValue(value));

    public static GodexException BadRequest(string message, string param) => new(GodexError.BadRequest(message, param));
}
