namespace Godex.Wire;

/// <summary>What kind of part a stream opens.</summary>
public enum PartKind
{
    Text,
    Reasoning,
    ToolCall,
}

/// <summary>
/// One step of an answer as it streams. Parts are numbered by Index in the order they open; every
/// delta for a part lies between its PartStarted and PartDone. A stream is: Started, parts, Finished —
/// or Failed at any point. Usage may be reported anywhere after Started, more than once: each report
/// is a running total, and the reports merged with <see cref="Usage.Merge"/> are the answer's usage.
/// </summary>
public abstract record StreamEvent;

public sealed record ResponseStarted(string Id, string Model, DateTimeOffset Created) : StreamEvent
{
    /// <summary>The answer's own protocol fields (fingerprint, service tier), folded into <see cref="ChatResponse.Extensions"/>.</summary>
    public ExtensionBag? Extensions { get; init; }
}

public sealed record PartStarted(int Index, PartKind Kind) : StreamEvent
{
    public string? ToolCallId { get; init; }
    public string? ToolName { get; init; }

    /// <summary>Protocol fields of the part as it opens (e.g. a Responses item id or type), folded into the part's Extensions.</summary>
    public ExtensionBag? Extensions { get; init; }

    /// <summary>A reasoning part whose text the upstream withheld (Anthropic redacted_thinking): only its encrypted payload follows.</summary>
    public bool Redacted { get; init; }
}

public sealed record TextDelta(int Index, string Text) : StreamEvent;

public sealed record ReasoningDelta(int Index, string Text) : StreamEvent;

/// <summary>
/// A signature or encrypted payload for part Index, replayed unchanged on the next turn: on a
/// reasoning part (Anthropic signature, Responses encrypted_content) or on a tool call (Gemini thoughtSignature).
/// </summary>
public sealed record ReasoningSignature(int Index, string? Signature, string? EncryptedContent = null) : StreamEvent;

public sealed record ToolArgumentsDelta(int Index, string Json) : StreamEvent;

public sealed record PartDone(int Index) : StreamEvent;

public sealed record UsageReported(Usage Usage) : StreamEvent;

public sealed record ResponseFinished(FinishReason Reason) : StreamEvent;

public sealed record ResponseFailed(GodexError Error) : StreamEvent;
