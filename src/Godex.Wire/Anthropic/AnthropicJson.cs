using System.Text.Json;

namespace Godex.Wire.Anthropic;

/// <summary>Pieces of Anthropic JSON shared by the readers and writers: extras, extension bags and usage.</summary>
internal static class AnthropicJson
{
    public static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static JsonElement? Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>The object's properties other than <paramref name="known"/> (cache_control, citations, ...), as an Anthropic bag.</summary>
    public static ExtensionBag? Extras(JsonElement element, params ReadOnlySpan<string> known)
    {
        Dictionary<string, JsonElement>? extras = null;
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                extras ??= [];
                extras[property.Name] = property.Value.Clone();
            }
        }

        return ExtensionBag.From(AnthropicProtocol.Name, extras);
    }

    /// <summary>Writes a bag's fields when it belongs to Anthropic; fields in <paramref name="skip"/> were written elsewhere.</summary>
    public static void Extensions(Utf8JsonWriter json, ExtensionBag? bag, params ReadOnlySpan<string> skip)
    {
        if (bag is null || bag.Protocol != AnthropicProtocol.Name)
        {
            return;
        }

        foreach (var (name, value) in bag.Fields)
        {
            if (!skip.Contains(name))
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }
        }
    }

    /// <summary>Canonical input includes cache reads and writes; Anthropic reports the three apart.</summary>
    public static Usage ReadUsage(long? input, long? output, long? cacheWrite, long? cacheRead) => new()
    {
        InputTokens = (input ?? 0) + (cacheWrite ?? 0) + (cacheRead ?? 0),
        OutputTokens = output ?? 0,
        CachedInputTokens = cacheRead ?? 0,
        CacheWriteTokens = cacheWrite ?? 0,
    };

    public static Usage ReadUsage(UsageDto dto) =>
        ReadUsage(dto.InputTokens, dto.OutputTokens, dto.CacheCreationInputTokens, dto.CacheReadInputTokens);

    /// <summary>Writes `usage` split back into Anthropic's three input figures (uncached, cache write, cache read).</summary>
    public static void WriteUsage(Utf8JsonWriter json, Usage? usage)
    {
        json.WriteStartObject("usage");
        var cached = usage?.CachedInputTokens ?? 0;
        var written = usage?.CacheWriteTokens ?? 0;
        json.WriteNumber("input_tokens", Math.Max(0, (usage?.InputTokens ?? 0) - cached - written));
        json.WriteNumber("cache_creation_input_tokens", written);
        json.WriteNumber("cache_read_input_tokens", cached);
        json.WriteNumber("output_tokens", usage?.OutputTokens ?? 0);
        json.WriteEndObject();
    }

    public static GodexException BadRequest(string message, string param) => new(GodexError.BadRequest(message, param));
}
