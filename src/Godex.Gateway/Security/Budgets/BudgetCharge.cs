namespace Godex.Gateway.Security.Budgets;

/// <summary>What one request spent against its key's budget: a ledger row, unique per request.</summary>
public sealed record BudgetCharge(string RequestId, string KeyId, DateTimeOffset At, long Tokens, decimal CostUsd);
