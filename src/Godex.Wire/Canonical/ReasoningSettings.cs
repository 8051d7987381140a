namespace Godex.Wire;

/// <summary>
/// What the client asked of the model's reasoning. Effort is the OpenAI scale (minimal, low, medium,
/// high, xhigh); BudgetTokens is Anthropic/Gemini style. A client sets one or both; the planner maps them.
/// </summary>
public sealed record ReasoningSettings
{
    public string? Effort { get; init; }
    public int? BudgetTokens { get; init; }

    /// <summary>Whether reasoning summaries are wanted (Responses `summary`: auto, concise, detailed).</summary>
    public string? Summary { get; init; }

    /// <summary>False when the client turned reasoning off explicitly.</summary>
    public bool? Enabled { get; init; }
}
