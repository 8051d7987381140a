using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godex.Wire.Gemini;

// Wire shapes of Gemini's Content and Part, shared by requests and responses. Google's JSON parser
// accepts proto field names in snake_case as well as camelCase (its curl examples use both), so the
// multi-word request fields also bind from their snake_case alias. Unknown fields land in Extra.

internal sealed class ContentDto
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("parts")] public List<PartDto?>? Parts { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class PartDto
{
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("thought")] public bool? Thought { get; set; }
    [JsonPropertyName("thoughtSignature")] public string? ThoughtSignature { get; set; }
    [JsonPropertyName("thought_signature")] public string? ThoughtSignatureAlias { get => null; set => ThoughtSignature ??= value; }
    [JsonPropertyName("inlineData")] public BlobDto? InlineData { get; set; }
    [JsonPropertyName("inline_data")] public BlobDto? InlineDataAlias { get => null; set => InlineData ??= value; }
    [JsonPropertyName("fileData")] public FileDataDto? FileData { get; set; }
    [JsonPropertyName("file_data")] public FileDataDto? FileDataAlias { get => null; set => FileData ??= value; }
    [JsonPropertyName("functionCall")] public FunctionCallDto? FunctionCall { get; set; }
    [JsonPropertyName("function_call")] public FunctionCallDto? FunctionCallAlias { get => null; set => FunctionCall ??= value; }
    [JsonPropertyName("functionResponse")] public FunctionResponseDto? FunctionResponse { get; set; }
    [JsonPropertyName("function_response")] public FunctionResponseDto? FunctionResponseAlias { get => null; set => FunctionResponse ??= value; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class BlobDto
{
    [JsonPropertyName("mimeType")] public string? MimeType { get; set; }
    [JsonPropertyName("mime_type")] public string? MimeTypeAlias { get => null; set => MimeType ??= value; }
    [JsonPropertyName("data")] public string? Data { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class FileDataDto
{
    [JsonPropertyName("mimeType")] public string? MimeType { get; set; }
    [JsonPropertyName("mime_type")] public string? MimeTypeAlias { get => null; set => MimeType ??= value; }
    [JsonPropertyName("fileUri")] public string? FileUri { get; set; }
    [JsonPropertyName("file_uri")] public string? FileUriAlias { get => null; set => FileUri ??= value; }
    [JsonPropertyName("displayName")] public string? DisplayName { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class FunctionCallDto
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("args")] public JsonElement? Args { get; set; }

    // Vertex AI's streamed arguments (streamFunctionCallArguments): pieces addressed by JSON path.
    [JsonPropertyName("partialArgs")] public List<PartialArgDto>? PartialArgs { get; set; }
    [JsonPropertyName("willContinue")] public bool? WillContinue { get; set; }
}

internal sealed class PartialArgDto
{
    [JsonPropertyName("jsonPath")] public string? JsonPath { get; set; }
    [JsonPropertyName("stringValue")] public string? StringValue { get; set; }
    [JsonPropertyName("numberValue")] public double? NumberValue { get; set; }
    [JsonPropertyName("boolValue")] public bool? BoolValue { get; set; }
    [JsonPropertyName("nullValue")] public string? NullValue { get; set; }
    [JsonPropertyName("willContinue")] public bool? WillContinue { get; set; }
}

internal sealed class FunctionResponseDto
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("response")] public JsonElement? Response { get; set; }

    /// <summary>Multimodal function responses (Gemini 3): inline images and files beside `response`.</summary>
    [JsonPropertyName("parts")] public List<PartDto?>? Parts { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
