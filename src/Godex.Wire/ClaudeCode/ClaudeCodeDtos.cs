using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godex.Wire.ClaudeCode;

// One line of `claude -p --output-format stream-json --verbose`. Which fields are set depends on
// `type` (system, stream_event, assistant, user, result); lines and fields Godex does not need are ignored.

internal sealed class CliLineDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("subtype")] public string? Subtype { get; set; }
    [JsonPropertyName("session_id")] public string? SessionId { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }

    /// <summary>stream_event: one raw Anthropic Messages stream event.</summary>
    [JsonPropertyName("event")] public JsonElement? Event { get; set; }

    /// <summary>assistant: a whole message (one content block per line).</summary>
    [JsonPropertyName("message")] public JsonElement? Message { get; set; }

    /// <summary>assistant: set on the synthetic message the CLI prints for an API error.</summary>
    [JsonPropertyName("error")] public JsonElement? Error { get; set; }

    [JsonPropertyName("parent_tool_use_id")] public string? ParentToolUseId { get; set; }

    // result
    [JsonPropertyName("is_error")] public bool? IsError { get; set; }
    [JsonPropertyName("api_error_status")] public int? ApiErrorStatus { get; set; }
    [JsonPropertyName("result")] public string? Result { get; set; }
    [JsonPropertyName("errors")] public List<string>? Errors { get; set; }
    [JsonPropertyName("stop_reason")] public string? StopReason { get; set; }
    [JsonPropertyName("num_turns")] public int? NumTurns { get; set; }
    [JsonPropertyName("total_cost_usd")] public double? TotalCostUsd { get; set; }
    [JsonPropertyName("usage")] public CliUsageDto? Usage { get; set; }
}

internal sealed class CliUsageDto
{
    [JsonPropertyName("input_tokens")] public long? InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public long? OutputTokens { get; set; }
    [JsonPropertyName("cache_creation_input_tokens")] public long? CacheCreationInputTokens { get; set; }
    [JsonPropertyName("cache_read_input_tokens")] public long? CacheReadInputTokens { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CliLineDto))]
internal sealed partial class ClaudeCodeJsonContext : JsonSerializerContext;
