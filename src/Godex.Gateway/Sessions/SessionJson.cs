using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godex.Gateway.Sessions;

/// <summary>
/// Godex's own stable JSON form of canonical messages and parts, as stored with responses. It is not
/// any protocol's wire format, so a chain stored from one client replays to any upstream; fields are
/// only ever added, never renamed, so old rows stay readable.
/// </summary>
internal sealed record StoredMessageJson(string Role, IReadOnlyList<StoredPartJson> Parts)
{
    public string? Name { get; init; }
    public StoredBagJson? Ext { get; init; }
}

/// <summary>One part; `type` says which of the optional fields apply (text, image, file, tool_call, tool_result, reasoning).</summary>
internal sealed record StoredPartJson(string Type)
{
    public string? Text { get; init; }
    public string? Url { get; init; }
    public byte[]? Data { get; init; }
    public string? MediaType { get; init; }
    public string? Detail { get; init; }
    public string? FileId { get; init; }
    public string? FileName { get; init; }
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Arguments { get; init; }
    public string? Signature { get; init; }
    public string? EncryptedContent { get; init; }
    public bool? Redacted { get; init; }
    public bool? IsError { get; init; }
    public IReadOnlyList<StoredPartJson>? Content { get; init; }
    public StoredBagJson? Ext { get; init; }
}

internal sealed record StoredBagJson(string Protocol, IReadOnlyDictionary<string, JsonElement> Fields);

internal sealed record StoredUsageJson(long InputTokens, long OutputTokens, long CachedInputTokens, long CacheWriteTokens, long ReasoningTokens, bool Estimated);

internal sealed record StoredErrorJson(int Status, string Code, string Message)
{
    public string? Param { get; init; }
}

[JsonSerializable(typeof(IReadOnlyList<StoredMessageJson>))]
[JsonSerializable(typeof(IReadOnlyList<StoredPartJson>))]
[JsonSerializable(typeof(StoredUsageJson))]
[JsonSerializable(typeof(StoredErrorJson))]
[JsonSerializable(typeof(string))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
