namespace Godex.Wire.OpenAIChat;

/// <summary>The word forms of `tool_choice` (auto, none, required) that Chat Completions and Responses share.</summary>
internal static class OpenAIToolChoice
{
    /// <summary>The choice a string `tool_choice` names; a 400 for any other word.</summary>
    public static ToolChoice ParseMode(string? value) => value switch
    {
        "auto" => ToolChoice.Auto,
        "none" => ToolChoice.None,
        "required" => ToolChoice.Required,
        var other => throw new GodexException(GodexError.BadRequest($"tool_choice '{other}' is not one of auto, none, required.", "tool_choice")),
    };

    /// <summary>The word for a mode; a named function is no word, and stands as auto here.</summary>
    public static string FormatMode(ToolChoiceMode mode) => mode switch
    {
        ToolChoiceMode.None => "none",
        ToolChoiceMode.Required => "required",
        _ => "auto",
    };
}
