using System.Text.Json.Serialization;

namespace Godex.EndToEnd.Tests.Models;

/// <summary>
/// Codex CLI's ModelsResponse as 0.169.0 parses it: the fields it refuses an entry without are `required`
/// here, so deserializing Godex's answer with these types fails the same way Codex would. Found by
/// feeding `codex debug models` lists with one field removed at a time (remote entries that fail to parse
/// are dropped whole, and Codex keeps only its bundled catalogue).
/// </summary>
public sealed record CodexModelsResponse([property: JsonPropertyName("models")] List<CodexModelInfo> Models);

public sealed record CodexModelInfo
{
    [JsonPropertyName("slug")] public required string Slug { get; init; }
    [JsonPropertyName("display_name")] public required string DisplayName { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("default_reasoning_level")] public string? DefaultReasoningLevel { get; init; }
    [JsonPropertyName("supported_reasoning_levels")] public required List<CodexReasoningLevel> SupportedReasoningLevels { get; init; }
    [JsonPropertyName("shell_type")] public required string ShellType { get; init; }
    [JsonPropertyName("visibility")] public required string Visibility { get; init; }
    [JsonPropertyName("supported_in_api")] public required bool SupportedInApi { get; init; }
    [JsonPropertyName("priority")] public required int Priority { get; init; }
    [JsonPropertyName("base_instructions")] public required string BaseInstructions { get; init; }
    [JsonPropertyName("support_verbosity")] public required bool SupportVerbosity { get; init; }
    [JsonPropertyName("truncation_policy")] public required CodexTruncationPolicy TruncationPolicy { get; init; }
    [JsonPropertyName("experimental_supported_tools")] public required List<string> ExperimentalSupportedTools { get; init; }
    [JsonPropertyName("context_window")] public long? ContextWindow { get; init; }
    [JsonPropertyName("input_modalities")] public List<string>? InputModalities { get; init; }
    [JsonPropertyName("supports_reasoning_summaries")] public bool SupportsReasoningSummaries { get; init; }
}

public sealed record CodexReasoningLevel([property: JsonPropertyName("effort")] string Effort, [property: JsonPropertyName("description")] string Description);

public sealed record CodexTruncationPolicy([property: JsonPropertyName("mode")] string Mode, [property: JsonPropertyName("limit")] long Limit);
