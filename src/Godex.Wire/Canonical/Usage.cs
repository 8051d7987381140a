namespace Godex.Wire;

/// <summary>
/// Token counts as the upstream reported them. InputTokens includes cached reads and cache writes
/// (OpenAI's convention); OutputTokens includes reasoning tokens.
/// </summary>
public sealed record Usage
{
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CachedInputTokens { get; init; }
    public long CacheWriteTokens { get; init; }
    public long ReasoningTokens { get; init; }

    /// <summary>
    /// True when Godex counted at least one figure itself because the upstream did not report it (a
    /// stream cut before its usage came). Input tokens the upstream reported are never replaced.
    /// </summary>
    public bool Estimated { get; init; }

    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Combines two reports of one turn: later non-zero figures win (Anthropic sends input first, output last).</summary>
    public Usage Merge(Usage later) => new()
    {
        InputTokens = later.InputTokens != 0 ? later.InputTokens : InputTokens,
        OutputTokens = later.OutputTokens != 0 ? later.OutputTokens : OutputTokens,
        CachedInputTokens = later.CachedInputTokens != 0 ? later.CachedInputTokens : CachedInputTokens,
        CacheWriteTokens = later.CacheWriteTokens != 0 ? later.CacheWriteTokens : CacheWriteTokens,
        ReasoningTokens = later.ReasoningTokens != 0 ? later.ReasoningTokens : ReasoningTokens,
        Estimated = Estimated && later.Estimated,
    };
}
