namespace Godex.Gateway.Security;

/// <summary>
/// What one client key may use, whatever holds the key (the config file's static keys, the key store):
/// authentication puts it on the context and admission enforces it. Null means no such limit.
/// </summary>
public sealed record KeyLimits
{
    /// <summary>No limit of any kind: the static keys' default.</summary>
    public static readonly KeyLimits None = new();

    /// <summary>Requests per minute.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Tokens (input + output) per minute.</summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>Requests in flight at once.</summary>
    public int? MaxConcurrentRequests { get; init; }

    /// <summary>Model globs the key may call (`gpt-*`, `ds/*`); empty means every model.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Provider globs the key may be routed to; empty means every provider.</summary>
    public IReadOnlyList<string> Providers { get; init; } = [];

    /// <summary>The key's token quota and money budget per window; null: none of its own.</summary>
    public Budgets.BudgetRule? Budget { get; init; }

    /// <summary>A config-file key's own limits.</summary>
    public static KeyLimits From(Configuration.StaticKeyLimits own) => new()
    {
        RequestsPerMinute = own.Limits.Rpm,
        TokensPerMinute = own.Limits.Tpm,
        MaxConcurrentRequests = own.Limits.MaxConcurrent,
        Models = own.Models,
        Budget = own.Budget,
    };
}
