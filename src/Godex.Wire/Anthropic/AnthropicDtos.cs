using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godex.Wire.Anthropic;

// Wire shapes of Anthropic Messages, read with source-generated System.Text.Json.
// Content blocks, system, tools and the small config objects are polymorphic or open, so they stay
// JsonElement and are mapped by hand. Unknown fields land in Extra and travel on in an ExtensionBag.

internal sealed class MessagesRequestDto
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    [JsonPropertyName("messages")] public List<MessageParamDto>? Messages { get; set; }
    [JsonPropertyName("system")] public JsonElement? System { get; set; }
    [JsonPropertyName("tools")] public List<JsonElement>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    [JsonPropertyName("thinking")] public JsonElement? Thinking { get; set; }
    [JsonPropertyName("output_config")] public JsonElement? OutputConfig { get; set; }
    [JsonPropertyName("output_format")] public JsonElement? OutputFormat { get; set; }
    [JsonPropertyName("stop_sequences")] public List<string>? StopSequences { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("top_k")] public int? TopK { get; set; }
    [JsonPropertyName("metadata")] public JsonElement? Metadata { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class MessageParamDto
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A `message` object: the non-streaming answer, and the message inside `message_start`.</summary>
internal sealed class MessageDto
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("content")] public List<JsonElement>? Content { get; set; }
    [JsonPropertyName("stop_reason")] public string? StopReason { get; set; }
    [JsonPropertyName("stop_sequence")] public string? StopSequence { get; set; }
    [JsonPropertyName("usage")] public UsageDto? Usage { get; set; }
    [JsonPropertyName("error")] public ErrorBodyDto? Error { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class UsageDto
{
    [JsonPropertyName("input_tokens")] public long? InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public long? OutputTokens { get; set; }
    [JsonPropertyName("cache_creation_input_tokens")] public long? CacheCreationInputTokens { get; set; }
    [JsonPropertyName("cache_read_input_tokens")] public long? CacheReadInputTokens { get; set; }
}

/// <summary>One streaming event; which fields are set depends on `type`.</summary>
internal sealed class StreamEventDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("message")] public MessageDto? Message { get; set; }
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("content_block")] public JsonElement? ContentBlock { get; set; }
    [JsonPropertyName("delta")] public DeltaDto? Delta { get; set; }
    [JsonPropertyName("usage")] public UsageDto? Usage { get; set; }
    [JsonPropertyName("error")] public ErrorBodyDto? Error { get; set; }
}

/// <summary>The `delta` of content_block_delta (typed) and of message_delta (stop_reason).</summary>
internal sealed class DeltaDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("partial_json")] public string? PartialJson { get; set; }
    [JsonPropertyName("thinking")] public string? Thinking { get; set; }
    [JsonPropertyName("signature")] public string? Signature { get; set; }
    [JsonPropertyName("stop_reason")] public string? StopReason { get; set; }
    [JsonPropertyName("stop_sequence")] public string? StopSequence { get; set; }
}

internal sealed class ErrorEnvelopeDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("error")] public ErrorBodyDto? Error { get; set; }
}

internal sealed class ErrorBodyDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}

internal sealed class CountTokensDto
{
    [JsonPropertyName("input_tokens")] public long? InputTokens { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowTrailingCommas = false)]
[JsonSerializable(typeof(MessagesRequestDto))]
[JsonSerializable(typeof(MessageDto))]
[JsonSerializable(typeof(StreamEventDto))]
[JsonSerializable(typeof(ErrorEnvelopeDto))]
[JsonSerializable(typeof(CountTokensDto))]
[JsonSerializable(typeof(string))]
internal sealed partial class AnthropicJsonContext : JsonSerializerContext;
