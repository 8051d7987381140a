namespace Godex.Wire.OpenAIChat;

/// <summary>Names shared by the Chat Completions codec.</summary>
public static class OpenAIChatProtocol
{
    /// <summary>The tag on extension bags holding Chat-only fields.</summary>
    public const string Name = "openai-chat";

    public static FinishReason ParseFinishReason(string? reason) => reason switch
    {
        "length" => FinishReason.Length,
        "tool_calls" or "function_call" => FinishReason.ToolCalls,
        "content_filter" => FinishReason.ContentFilter,
        "insufficient_system_resource" => FinishReason.Error,
        _ => FinishReason.Stop,
    };

    public static string FormatFinishReason(FinishReason reason) => reason switch
    {
        FinishReason.Length => "length",
        FinishReason.ToolCalls => "tool_calls",
        FinishReason.ContentFilter or FinishReason.Refusal => "content_filter",
        _ => "stop",
    };
}
