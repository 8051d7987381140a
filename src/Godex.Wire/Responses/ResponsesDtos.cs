using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godex.Wire.Responses;

// Wire shapes of the OpenAI Responses API, read with source-generated System.Text.Json.
// Items, tools and content parts are polymorphic and open-ended, so they stay JsonElement and are
// mapped by hand; unknown top-level fields land in Extra and travel on in an ExtensionBag.

internal sealed class ResponsesRequestDto
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("instructions")] public string? Instructions { get; set; }
    [JsonPropertyName("input")] public JsonElement? Input { get; set; }
    [JsonPropertyName("tools")] public List<JsonElement>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    [JsonPropertyName("parallel_tool_calls")] public bool? ParallelToolCalls { get; set; }
    [JsonPropertyName("text")] public TextConfigDto? Text { get; set; }
    [JsonPropertyName("reasoning")] public ReasoningConfigDto? Reasoning { get; set; }
    [JsonPropertyName("max_output_tokens")] public int? MaxOutputTokens { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("safety_identifier")] public string? SafetyIdentifier { get; set; }
    [JsonPropertyName("metadata")] public Dictionary<string, string>? Metadata { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class TextConfigDto
{
    [JsonPropertyName("format")] public JsonElement? Format { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class ReasoningConfigDto
{
    [JsonPropertyName("effort")] public string? Effort { get; set; }
    [JsonPropertyName("summary")] public string? Summary { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The `response` object, as answered whole or carried by stream events.</summary>
internal sealed class ResponseObjectDto
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("object")] public string? Object { get; set; }
    [JsonPropertyName("created_at")] public long? CreatedAt { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("output")] public List<JsonElement>? Output { get; set; }
    [JsonPropertyName("usage")] public UsageDto? Usage { get; set; }
    [JsonPropertyName("error")] public ErrorDto? Error { get; set; }
    [JsonPropertyName("incomplete_details")] public IncompleteDetailsDto? IncompleteDetails { get; set; }

    // The request's own settings, echoed: Godex writes its client's request back instead, so these are
    // named here only to keep them out of Extra.
    [JsonPropertyName("instructions")] public JsonElement? Instructions { get; set; }
    [JsonPropertyName("max_output_tokens")] public JsonElement? MaxOutputTokens { get; set; }
    [JsonPropertyName("parallel_tool_calls")] public JsonElement? ParallelToolCalls { get; set; }
    [JsonPropertyName("previous_response_id")] public JsonElement? PreviousResponseId { get; set; }
    [JsonPropertyName("reasoning")] public JsonElement? Reasoning { get; set; }
    [JsonPropertyName("store")] public JsonElement? Store { get; set; }
    [JsonPropertyName("temperature")] public JsonElement? Temperature { get; set; }
    [JsonPropertyName("text")] public JsonElement? Text { get; set; }
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    [JsonPropertyName("tools")] public JsonElement? Tools { get; set; }
    [JsonPropertyName("top_p")] public JsonElement? TopP { get; set; }
    [JsonPropertyName("truncation")] public JsonElement? Truncation { get; set; }
    [JsonPropertyName("user")] public JsonElement? User { get; set; }
    [JsonPropertyName("metadata")] public JsonElement? Metadata { get; set; }
    [JsonPropertyName("output_text")] public JsonElement? OutputText { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class UsageDto
{
    [JsonPropertyName("input_tokens")] public long? InputTokens { get; set; }
    [JsonPropertyName("input_tokens_details")] public InputTokensDetailsDto? InputTokensDetails { get; set; }
    [JsonPropertyName("output_tokens")] public long? OutputTokens { get; set; }
    [JsonPropertyName("output_tokens_details")] public OutputTokensDetailsDto? OutputTokensDetails { get; set; }
    [JsonPropertyName("total_tokens")] public long? TotalTokens { get; set; }
}

internal sealed class InputTokensDetailsDto
{
    [JsonPropertyName("cached_tokens")] public long? CachedTokens { get; set; }
}

internal sealed class OutputTokensDetailsDto
{
    [JsonPropertyName("reasoning_tokens")] public long? ReasoningTokens { get; set; }
}

internal sealed class IncompleteDetailsDto
{
    [JsonPropertyName("reason")] public string? Reason { get; set; }
}

/// <summary>An error as `response.error`, as the `error` stream event's payload, or as an HTTP error body's `error`.</summary>
internal sealed class ErrorDto
{
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("code")] public JsonElement? Code { get; set; }
    [JsonPropertyName("param")] public string? Param { get; set; }
}

/// <summary>Any stream event: the union of the fields the events Godex reads carry.</summary>
internal sealed class StreamEventDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("sequence_number")] public long? SequenceNumber { get; set; }
    [JsonPropertyName("response")] public ResponseObjectDto? Response { get; set; }
    [JsonPropertyName("output_index")] public int? OutputIndex { get; set; }
    [JsonPropertyName("item")] public JsonElement? Item { get; set; }
    [JsonPropertyName("item_id")] public string? ItemId { get; set; }
    [JsonPropertyName("content_index")] public int? ContentIndex { get; set; }
    [JsonPropertyName("summary_index")] public int? SummaryIndex { get; set; }
    [JsonPropertyName("part")] public JsonElement? Part { get; set; }
    [JsonPropertyName("delta")] public JsonElement? Delta { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("refusal")] public string? Refusal { get; set; }

    // `error` events: the fields sit at the top level in the API reference and under `error` in recordings.
    [JsonPropertyName("error")] public ErrorDto? Error { get; set; }
    [JsonPropertyName("code")] public JsonElement? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("param")] public string? Param { get; set; }
}

internal sealed class InputTokensDto
{
    [JsonPropertyName("input_tokens")] public long? InputTokens { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowTrailingCommas = false)]
[JsonSerializable(typeof(ResponsesRequestDto))]
[JsonSerializable(typeof(ResponseObjectDto))]
[JsonSerializable(typeof(StreamEventDto))]
[JsonSerializable(typeof(InputTokensDto))]
internal sealed partial class ResponsesJsonContext : JsonSerializerContext;
