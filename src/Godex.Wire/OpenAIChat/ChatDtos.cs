using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godex.Wire.OpenAIChat;

// Wire shapes of OpenAI Chat Completions, read with source-generated System.Text.Json.
// Polymorphic fields (content, stop, tool_choice) stay JsonElement and are mapped by hand.
// Unknown fields land in Extra and travel on in an ExtensionBag.

internal sealed class ChatCompletionRequestDto
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("messages")] public List<ChatMessageDto>? Messages { get; set; }
    [JsonPropertyName("tools")] public List<ToolDto>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    [JsonPropertyName("parallel_tool_calls")] public bool? ParallelToolCalls { get; set; }
    [JsonPropertyName("response_format")] public ResponseFormatDto? ResponseFormat { get; set; }
    [JsonPropertyName("reasoning_effort")] public string? ReasoningEffort { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("top_k")] public int? TopK { get; set; }
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; set; }
    [JsonPropertyName("stop")] public JsonElement? Stop { get; set; }
    [JsonPropertyName("seed")] public long? Seed { get; set; }
    [JsonPropertyName("presence_penalty")] public double? PresencePenalty { get; set; }
    [JsonPropertyName("frequency_penalty")] public double? FrequencyPenalty { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("n")] public int? N { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonPropertyName("stream_options")] public StreamOptionsDto? StreamOptions { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class StreamOptionsDto
{
    [JsonPropertyName("include_usage")] public bool? IncludeUsage { get; set; }
}

internal sealed class ChatMessageDto
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("tool_calls")] public List<ToolCallDto>? ToolCalls { get; set; }
    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }
    [JsonPropertyName("reasoning_content")] public string? ReasoningContent { get; set; }
    [JsonPropertyName("reasoning")] public string? Reasoning { get; set; }
    [JsonPropertyName("refusal")] public string? Refusal { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class ToolCallDto
{
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("function")] public FunctionCallDto? Function { get; set; }
}

internal sealed class FunctionCallDto
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
}

internal sealed class ToolDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("function")] public FunctionDefinitionDto? Function { get; set; }
}

internal sealed class FunctionDefinitionDto
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("parameters")] public JsonElement? Parameters { get; set; }
    [JsonPropertyName("strict")] public bool? Strict { get; set; }
}

internal sealed class ResponseFormatDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("json_schema")] public JsonSchemaDto? JsonSchema { get; set; }
}

internal sealed class JsonSchemaDto
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("schema")] public JsonElement? Schema { get; set; }
    [JsonPropertyName("strict")] public bool? Strict { get; set; }
}

/// <summary>A completion or a stream chunk: they differ only in message vs delta.</summary>
internal sealed class ChatCompletionDto
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("object")] public string? Object { get; set; }
    [JsonPropertyName("created")] public long? Created { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("choices")] public List<ChoiceDto>? Choices { get; set; }
    [JsonPropertyName("usage")] public UsageDto? Usage { get; set; }
    [JsonPropertyName("error")] public ErrorBodyDto? Error { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class ChoiceDto
{
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("message")] public ChatMessageDto? Message { get; set; }
    [JsonPropertyName("delta")] public ChatMessageDto? Delta { get; set; }
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
}

internal sealed class UsageDto
{
    [JsonPropertyName("prompt_tokens")] public long? PromptTokens { get; set; }
    [JsonPropertyName("completion_tokens")] public long? CompletionTokens { get; set; }
    [JsonPropertyName("total_tokens")] public long? TotalTokens { get; set; }
    [JsonPropertyName("prompt_tokens_details")] public PromptTokensDetailsDto? PromptTokensDetails { get; set; }
    [JsonPropertyName("completion_tokens_details")] public CompletionTokensDetailsDto? CompletionTokensDetails { get; set; }

    // DeepSeek reports its context cache this way instead of prompt_tokens_details.
    [JsonPropertyName("prompt_cache_hit_tokens")] public long? PromptCacheHitTokens { get; set; }
}

internal sealed class PromptTokensDetailsDto
{
    [JsonPropertyName("cached_tokens")] public long? CachedTokens { get; set; }
}

internal sealed class CompletionTokensDetailsDto
{
    [JsonPropertyName("reasoning_tokens")] public long? ReasoningTokens { get; set; }
}

internal sealed class ErrorEnvelopeDto
{
    [JsonPropertyName("error")] public ErrorBodyDto? Error { get; set; }
}

internal sealed class ErrorBodyDto
{
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("code")] public JsonElement? Code { get; set; }
    [JsonPropertyName("param")] public string? Param { get; set; }

    // Codex's ChatGPT backend on `usage_limit_reached`: when the plan's usage window opens again.
    [JsonPropertyName("resets_in_seconds")] public double? ResetsInSeconds { get; set; }
    [JsonPropertyName("resets_at")] public double? ResetsAt { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowTrailingCommas = false)]
[JsonSerializable(typeof(ChatCompletionRequestDto))]
[JsonSerializable(typeof(ChatCompletionDto))]
[JsonSerializable(typeof(ErrorEnvelopeDto))]
internal sealed partial class ChatJsonContext : JsonSerializerContext;
