namespace Godex.Wire.OpenAIChat;

/// <summary>How to write a request for a particular Chat-compatible upstream; provider specs fill these in.</summary>
public sealed record OpenAIChatWriterOptions
{
    public static readonly OpenAIChatWriterOptions Default = new();

    /// <summary>`max_tokens` (widest support) or `max_completion_tokens` (OpenAI reasoning models).</summary>
    public string MaxTokensField { get; init; } = "max_tokens";

    /// <summary>Whether the upstream understands role `developer`; when not, it is sent as `system`.</summary>
    public bool SupportsDeveloperRole { get; init; }

    /// <summary>The assistant-message field reasoning is replayed in (DeepSeek: reasoning_content); null sends none.</summary>
    public string? ReasoningReplayField { get; init; }

    /// <summary>Ask for a usage chunk when streaming (stream_options.include_usage).</summary>
    public bool RequestStreamUsage { get; init; } = true;
}
