namespace Godex.Wire.Anthropic;

/// <summary>How to write a request for an Anthropic upstream.</summary>
public sealed record AnthropicWriterOptions
{
    public static readonly AnthropicWriterOptions Default = new();

    /// <summary>
    /// `max_tokens` when the client set none (Anthropic requires it; other protocols do not). 4096 is
    /// the largest output every Claude model accepts (Claude 3 Haiku's ceiling), so no model refuses
    /// it; a longer answer ends with stop_reason max_tokens, which the client sees as a length finish.
    /// When thinking is on, the thinking budget is added on top so the answer keeps this room.
    /// </summary>
    public int DefaultMaxTokens { get; init; } = 4096;
}
