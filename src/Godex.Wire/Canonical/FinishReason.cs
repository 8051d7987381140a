namespace Godex.Wire;

/// <summary>Why the model stopped.</summary>
public enum FinishReason
{
    Stop,
    Length,
    ToolCalls,
    ContentFilter,
    Refusal,
    Error,
}
