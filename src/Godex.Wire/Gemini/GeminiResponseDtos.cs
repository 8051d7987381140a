using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godex.Wire.Gemini;

// Wire shapes of a GenerateContentResponse (a whole answer, or one stream chunk: Gemini streams
// whole responses), of errors, and of countTokens answers.

internal sealed class GenerateContentResponseDto
{
    [JsonPropertyName("candidates")] public List<CandidateDto?>? Candidates { get; set; }
    [JsonPropertyName("promptFeedback")] public JsonElement? PromptFeedback { get; set; }
    [JsonPropertyName("usageMetadata")] public UsageMetadataDto? UsageMetadata { get; set; }
    [JsonPropertyName("modelVersion")] public string? ModelVersion { get; set; }
    [JsonPropertyName("responseId")] public string? ResponseId { get; set; }
    [JsonPropertyName("createTime")] public string? CreateTime { get; set; }

    /// <summary>An error reported inside an HTTP 200 stream.</summary>
    [JsonPropertyName("error")] public ErrorBodyDto? Error { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class CandidateDto
{
    [JsonPropertyName("content")] public ContentDto? Content { get; set; }
    [JsonPropertyName("finishReason")] public string? FinishReason { get; set; }
    [JsonPropertyName("index")] public int? Index { get; set; }

    /// <summary>safetyRatings, citationMetadata, groundingMetadata, finishMessage, avgLogprobs, ...</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class UsageMetadataDto
{
    [JsonPropertyName("promptTokenCount")] public long? PromptTokenCount { get; set; }
    [JsonPropertyName("candidatesTokenCount")] public long? CandidatesTokenCount { get; set; }
    [JsonPropertyName("totalTokenCount")] public long? TotalTokenCount { get; set; }
    [JsonPropertyName("cachedContentTokenCount")] public long? CachedContentTokenCount { get; set; }
    [JsonPropertyName("thoughtsTokenCount")] public long? ThoughtsTokenCount { get; set; }
    [JsonPropertyName("toolUsePromptTokenCount")] public long? ToolUsePromptTokenCount { get; set; }
}

internal sealed class ErrorEnvelopeDto
{
    [JsonPropertyName("error")] public ErrorBodyDto? Error { get; set; }
}

internal sealed class ErrorBodyDto
{
    [JsonPropertyName("code")] public int? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("details")] public List<JsonElement>? Details { get; set; }
}

internal sealed class CountTokensResponseDto
{
    [JsonPropertyName("totalTokens")] public long? TotalTokens { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowTrailingCommas = false)]
[JsonSerializable(typeof(GenerateContentRequestDto))]
[JsonSerializable(typeof(ContentDto))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(GenerateContentResponseDto))]
[JsonSerializable(typeof(ErrorEnvelopeDto))]
[JsonSerializable(typeof(CountTokensResponseDto))]
internal sealed partial class GeminiJsonContext : JsonSerializerContext;
