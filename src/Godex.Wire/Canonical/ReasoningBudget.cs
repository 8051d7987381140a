namespace Godex.Wire;

/// <summary>
/// Maps between OpenAI's effort scale and token budgets (Anthropic `budget_tokens`, Gemini
/// `thinkingBudget`), so every protocol pair translates reasoning settings the same way.
/// </summary>
public static class ReasoningBudget
{
    /// <summary>The smallest budget Anthropic accepts.</summary>
    public const int Minimum = 1024;

    public static int? ForEffort(string? effort) => effort switch
    {
        "none" => 0,
        "minimal" => Minimum,
        "low" => 2048,
        "medium" => 8192,
        "high" => 24576,
        "xhigh" => 32768,
        _ => null,
    };

    public static string EffortFor(int budget) => budget switch
    {
        <= 0 => "none",
        <= Minimum => "minimal",
        <= 4096 => "low",
        <= 16384 => "medium",
        <= 28672 => "high",
        _ => "xhigh",
    };

    /// <summary>The budget a request asks for, from whichever form it used; null when it says nothing.</summary>
    public static int? Of(ReasoningSettings? reasoning) =>
        reasoning is null ? null
        : reasoning.Enabled == false ? 0
        : reasoning.BudgetTokens ?? ForEffort(reasoning.Effort);

    /// <summary>The effort a request asks for, from whichever form it used; null when it says nothing.</summary>
    public static string? EffortOf(ReasoningSettings? reasoning) =>
        reasoning is null ? null
        : reasoning.Enabled == false ? "none"
        : reasoning.Effort ?? (reasoning.BudgetTokens is { } budget ? EffortFor(budget) : null);
}
