using System.Text.Json;

namespace Godex.Wire;

/// <summary>
/// A tool the model may call. Function tools have a JSON Schema in Parameters. Provider-native tools
/// (Responses `web_search`, `custom`, `local_shell`, ...) keep their Kind and their raw JSON, so the
/// same protocol gets them back intact and the compatibility planner can decide what others get.
/// </summary>
public sealed record ToolDefinition(string Name)
{
    public const string FunctionKind = "function";

    public string Kind { get; init; } = FunctionKind;

    /// <summary>The tool exactly as the client sent it, for kinds other than function.</summary>
    public JsonElement? Raw { get; init; }

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
