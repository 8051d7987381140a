using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>Small helpers the family wires share.</summary>
public static class WireText
{
    /// <summary>Splits text into three deltas, as models stream it in pieces.</summary>
    public static IReadOnlyList<string> Deltas(string text)
    {
        var third = Math.Max(1, text.Length / 3);
        return text.Length <= 3 ? [text] : [text[..third], text[third..(2 * third)], text[(2 * third)..]];
    }

    /// <summary>The text of a tool result that is either a string or an array of text parts.</summary>
    public static string ContentText(JsonNode? content) => content switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray parts => string.Concat(parts.Select(part => part is JsonObject o ? (string?)o["text"] ?? o.ToJsonString() : part?.ToJsonString())),
        _ => content.ToJsonString(),
    };

    public static IEnumerable<JsonNode> Items(JsonNode? array) => array is JsonArray items ? items.Where(i => i is not null).Select(i => i!) : [];

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
