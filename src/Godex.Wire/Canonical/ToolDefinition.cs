using System.Text.Json;

namespace Godex.Wire;

/// <summary>A function tool the model may call. Parameters is a JSON Schema object.</summary>
public sealed record ToolDefinition(string Name)
{
    public string? Description { get; init; }
    public JsonElement? Parameters { get; init; }
    public bool? Strict { get; init; }
    public ExtensionBag? Extensions { get; init; }
}

public enum ToolChoiceMode
{
    Auto,
    None,
    Required,
    Function,
}

public sealed record ToolChoice(ToolChoiceMode Mode, string? FunctionName = null)
{
    public static readonly ToolChoice Auto = new(ToolChoiceMode.Auto);
    public static readonly ToolChoice None = new(ToolChoiceMode.None);
    public static readonly ToolChoice Required = new(ToolChoiceMode.Required);
}
