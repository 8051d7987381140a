namespace Godex.Wire.Anthropic;

/// <summary>Names and small mappings shared by the Anthropic Messages codec.</summary>
public static class AnthropicProtocol
{
    /// <summary>The tag on extension bags and forwarded headers that belong to Anthropic Messages.</summary>
    public const string Name = "anthropic";

    public static FinishReason ParseStopReason(string? reason) => reason switch
    {
        "max_tokens" or "model_context_window_exceeded" => FinishReason.Length,
        "tool_use" => FinishReason.ToolCalls,
        "refusal" => FinishReason.Refusal,

        // end_turn, stop_sequence and pause_turn (a server-tool loop paused; the client resends) all end the turn normally.
        _ => FinishReason.Stop,
    };

    public static string FormatStopReason(FinishReason reason) => reason switch
    {
        FinishReason.Length => "max_tokens",
        FinishReason.ToolCalls => "tool_use",
        FinishReason.ContentFilter or FinishReason.Refusal => "refusal",
        _ => "end_turn",
    };

    /// <summary>Anthropic's effort scale has `max` above `xhigh`; the canonical (OpenAI) scale tops out at xhigh.</summary>
    public static string? CanonicalEffort(string? effort) => effort == "max" ? "xhigh" : effort;
}
