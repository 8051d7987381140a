namespace Godex.Gateway.Configuration;

/// <summary>The contents of godex.yaml after ${ENV} interpolation. Every setting is optional.</summary>
public sealed record GodexConfig
{
    public string? Listen { get; init; }

    /// <summary>Client keys; entries whose variable is unset are dropped with a warning.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    public bool? AllowAnyKey { get; init; }
    public string? DefaultModel { get; init; }
    public string? LogLevel { get; init; }
    public bool? LogRequests { get; init; }
    public LimitsConfig Limits { get; init; } = new();
    public IReadOnlyDictionary<string, ProviderConfig> Providers { get; init; } = new Dictionary<string, ProviderConfig>();
    public RoutingConfig Routing { get; init; } = new();

    /// <summary>Where the configuration came from (a path, or "embedded defaults").</summary>
    public string Source { get; init; } = "embedded defaults";

    /// <summary>Things worth telling the operator at start-up (unset variables, dropped keys).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record LimitsConfig
{
    public const long DefaultMaxBodyBytes = 32L * 1024 * 1024;

    public long? MaxBodyBytes { get; init; }
}

public sealed record ProviderConfig
{
    public string Name { get; init; } = "";
    public string Type { get; init; } = "";
    public string? BaseUrl { get; init; }
    public string? ApiKey { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public int? TimeoutSeconds { get; init; }

    /// <summary>Set when the provider cannot be used (e.g. its key variable is unset); it is then skipped, not fatal.</summary>
    public string? SkipReason { get; init; }

    /// <summary>Chat-family request shaping; later filled from provider specs.</summary>
    public string? MaxTokensField { get; init; }
    public bool? DeveloperRole { get; init; }
    public string? ReasoningReplayField { get; init; }
}

public sealed record RoutingConfig
{
    public string? Default { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Patterns { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>();
}
