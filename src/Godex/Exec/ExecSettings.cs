using Godex.Wire;

namespace Godex.Exec;

/// <summary>A validated `godex exec` invocation.</summary>
internal sealed record ExecSettings
{
    public required string Prompt { get; init; }
    public string? Model { get; init; }
    public string? System { get; init; }
    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];
    public bool AutoTools { get; init; }
    public IReadOnlyDictionary<string, string> ToolOutputs { get; init; } = new Dictionary<string, string>();
    public int MaxSteps { get; init; } = 8;
    public bool Json { get; init; }
    public string? MockMode { get; init; }
    public string? LogRequests { get; init; }
    public string? LogResponses { get; init; }
    public string? ProviderKey { get; init; }
    public Uri? Gateway { get; init; }
    public string? GatewayKey { get; init; }
    public string? ConfigPath { get; init; }
}
