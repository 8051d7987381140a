using System.Text.Json;

namespace Godex.Wire;

public enum ResponseFormatKind
{
    Text,
    JsonObject,
    JsonSchema,
}

/// <summary>Structured output: plain text, any JSON object, or JSON matching a schema.</summary>
public sealed record ResponseFormat(ResponseFormatKind Kind)
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public JsonElement? Schema { get; init; }
    public bool? Strict { get; init; }
}
