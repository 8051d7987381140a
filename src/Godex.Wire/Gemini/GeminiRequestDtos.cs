using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godex.Wire.Gemini;

// Wire shapes of a Gemini GenerateContentRequest (and a countTokens body, which is either the same
// fields or a `generateContentRequest` wrapping them). `tools` and `systemInstruction` stay
// JsonElement-shaped where the protocol is open (string-or-Content, toolConfig kept whole when it
// says more than the canonical tool choice can).

internal sealed class GenerateContentRequestDto
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("contents")] public List<ContentDto?>? Contents { get; set; }
    [JsonPropertyName("systemInstruction")] public JsonElement? SystemInstruction { get; set; }
    [JsonPropertyName("system_instruction")] public JsonElement? SystemInstructionAlias { get => null; set => SystemInstruction ??= value; }
    [JsonPropertyName("tools")] public List<ToolDto?>? Tools { get; set; }
    [JsonPropertyName("toolConfig")] public JsonElement? ToolConfig { get; set; }
    [JsonPropertyName("tool_config")] public JsonElement? ToolConfigAlias { get => null; set => ToolConfig ??= value; }
    [JsonPropertyName("generationConfig")] public GenerationConfigDto? GenerationConfig { get; set; }
    [JsonPropertyName("generation_config")] public GenerationConfigDto? GenerationConfigAlias { get => null; set => GenerationConfig ??= value; }

    /// <summary>countTokens' full form: the request to count, wrapped.</summary>
    [JsonPropertyName("generateContentRequest")] public GenerateContentRequestDto? GenerateContentRequest { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One Tool entry: function declarations and/or native tools (googleSearch, codeExecution, ...), which land in Extra.</summary>
internal sealed class ToolDto
{
    [JsonPropertyName("functionDeclarations")] public List<FunctionDeclarationDto?>? FunctionDeclarations { get; set; }
    [JsonPropertyName("function_declarations")] public List<FunctionDeclarationDto?>? FunctionDeclarationsAlias { get => null; set => FunctionDeclarations ??= value; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class FunctionDeclarationDto
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("parameters")] public JsonElement? Parameters { get; set; }
    [JsonPropertyName("parametersJsonSchema")] public JsonElement? ParametersJsonSchema { get; set; }
    [JsonPropertyName("parameters_json_schema")] public JsonElement? ParametersJsonSchemaAlias { get => null; set => ParametersJsonSchema ??= value; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class GenerationConfigDto
{
    [JsonPropertyName("stopSequences")] public List<string>? StopSequences { get; set; }
    [JsonPropertyName("stop_sequences")] public List<string>? StopSequencesAlias { get => null; set => StopSequences ??= value; }
    [JsonPropertyName("responseMimeType")] public string? ResponseMimeType { get; set; }
    [JsonPropertyName("response_mime_type")] public string? ResponseMimeTypeAlias { get => null; set => ResponseMimeType ??= value; }
    [JsonPropertyName("responseSchema")] public JsonElement? ResponseSchema { get; set; }
    [JsonPropertyName("response_schema")] public JsonElement? ResponseSchemaAlias { get => null; set => ResponseSchema ??= value; }
    [JsonPropertyName("responseJsonSchema")] public JsonElement? ResponseJsonSchema { get; set; }
    [JsonPropertyName("response_json_schema")] public JsonElement? ResponseJsonSchemaAlias { get => null; set => ResponseJsonSchema ??= value; }
    [JsonPropertyName("candidateCount")] public int? CandidateCount { get; set; }
    [JsonPropertyName("candidate_count")] public int? CandidateCountAlias { get => null; set => CandidateCount ??= value; }
    [JsonPropertyName("maxOutputTokens")] public int? MaxOutputTokens { get; set; }
    [JsonPropertyName("max_output_tokens")] public int? MaxOutputTokensAlias { get => null; set => MaxOutputTokens ??= value; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("topP")] public double? TopP { get; set; }
    [JsonPropertyName("top_p")] public double? TopPAlias { get => null; set => TopP ??= value; }
    [JsonPropertyName("topK")] public double? TopK { get; set; }
    [JsonPropertyName("top_k")] public double? TopKAlias { get => null; set => TopK ??= value; }
    [JsonPropertyName("seed")] public long? Seed { get; set; }
    [JsonPropertyName("presencePenalty")] public double? PresencePenalty { get; set; }
    [JsonPropertyName("presence_penalty")] public double? PresencePenaltyAlias { get => null; set => PresencePenalty ??= value; }
    [JsonPropertyName("frequencyPenalty")] public double? FrequencyPenalty { get; set; }
    [JsonPropertyName("frequency_penalty")] public double? FrequencyPenaltyAlias { get => null; set => FrequencyPenalty ??= value; }
    [JsonPropertyName("thinkingConfig")] public ThinkingConfigDto? ThinkingConfig { get; set; }
    [JsonPropertyName("thinking_config")] public ThinkingConfigDto? ThinkingConfigAlias { get => null; set => ThinkingConfig ??= value; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class ThinkingConfigDto
{
    [JsonPropertyName("includeThoughts")] public bool? IncludeThoughts { get; set; }
    [JsonPropertyName("include_thoughts")] public bool? IncludeThoughtsAlias { get => null; set => IncludeThoughts ??= value; }
    [JsonPropertyName("thinkingBudget")] public int? ThinkingBudget { get; set; }
    [JsonPropertyName("thinking_budget")] public int? ThinkingBudgetAlias { get => null; set => ThinkingBudget ??= value; }
    [JsonPropertyName("thinkingLevel")] public string? ThinkingLevel { get; set; }
    [JsonPropertyName("thinking_level")] public string? ThinkingLevelAlias { get => null; set => ThinkingLevel ??= value; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
