using System.Text.Json;

using Godex.Wire;

namespace Godex.Gateway.Sessions;

/// <summary>Converts canonical messages, parts, usage and errors to and from the stored JSON form (<see cref="SessionJsonContext"/>).</summary>
public static class StoredForm
{
    public static string Messages(IReadOnlyList<ChatMessage> messages) =>
        JsonSerializer.Serialize(messages.Select(ToJson).ToList(), SessionJsonContext.Default.IReadOnlyListStoredMessageJson);

    public static IReadOnlyList<ChatMessage> Messages(string json) =>
        (JsonSerializer.Deserialize(json, SessionJsonContext.Default.IReadOnlyListStoredMessageJson) ?? []).Select(FromJson).ToList();

    public static string Parts(IReadOnlyList<ContentPart> parts) =>
        JsonSerializer.Serialize(parts.Select(ToJson).ToList(), SessionJsonContext.Default.IReadOnlyListStoredPartJson);

    public static IReadOnlyList<ContentPart> Parts(string json) =>
        (JsonSerializer.Deserialize(json, SessionJsonContext.Default.IReadOnlyListStoredPartJson) ?? []).Select(FromJson).ToList();

    public static string? Usage(Usage? usage) => usage is null ? null : JsonSerializer.Serialize(
        new StoredUsageJson(usage.InputTokens, usage.OutputTokens, usage.CachedInputTokens, usage.CacheWriteTokens, usage.ReasoningTokens, usage.Estimated),
        SessionJsonContext.Default.StoredUsageJson);

    public static Usage? Usage(string? json) => json is null || JsonSerializer.Deserialize(json, SessionJsonContext.Default.StoredUsageJson) is not { } usage ? null : new Usage
    {
        InputTokens = usage.InputTokens,
        OutputTokens = usage.OutputTokens,
        CachedInputTokens = usage.CachedInputTokens,
        CacheWriteTokens = usage.CacheWriteTokens,
        ReasoningTokens = usage.ReasoningTokens,
        Estimated = usage.Estimated,
    };

    public static string? Error(GodexError? error) => error is null ? null : JsonSerializer.Serialize(
        new StoredErrorJson(error.Status, error.Code, error.Message) { Param = error.Param }, SessionJsonContext.Default.StoredErrorJson);

    public static GodexError? Error(string? json) => json is null || JsonSerializer.Deserialize(json, SessionJsonContext.Default.StoredErrorJson) is not { } error
        ? null
        : new GodexError(error.Status, error.Code, error.Message) { Param = error.Param };

    private static StoredMessageJson ToJson(ChatMessage message) =>
        new(RoleName(message.Role), message.Parts.Select(ToJson).ToList()) { Name = message.Name, Ext = Bag(message.Extensions) };

    private static ChatMessage FromJson(StoredMessageJson message) =>
        new(Role(message.Role), message.Parts.Select(FromJson).ToList()) { Name = message.Name, Extensions = Bag(message.Ext) };

    private static StoredPartJson ToJson(ContentPart part) => part switch
    {
        TextPart text => new StoredPartJson("text") { Text = text.Text, Ext = Bag(text.Extensions) },
        ImagePart image => new StoredPartJson("image") { Url = image.Url, Data = image.Data, MediaType = image.MediaType, Detail = image.Detail, Ext = Bag(image.Extensions) },
        FilePart file => new StoredPartJson("file") { FileId = file.FileId, Url = file.Url, Data = file.Data, MediaType = file.MediaType, FileName = file.FileName, Ext = Bag(file.Extensions) },
        ToolCallPart call => new StoredPartJson("tool_call") { Id = call.Id, Name = call.Name, Arguments = call.ArgumentsJson, Signature = call.Signature, Ext = Bag(call.Extensions) },
        ToolResultPart result => new StoredPartJson("tool_result")
        {
            Id = result.CallId,
            Name = result.Name,
            IsError = result.IsError ? true : null,
            Content = result.Content.Select(ToJson).ToList(),
            Ext = Bag(result.Extensions),
        },
        ReasoningPart reasoning => new StoredPartJson("reasoning")
        {
            Text = reasoning.Text,
            Signature = reasoning.Signature,
            EncryptedContent = reasoning.EncryptedContent,
            Redacted = reasoning.Redacted ? true : null,
            Ext = Bag(reasoning.Extensions),
        },
        _ => throw new ArgumentException($"cannot store a {part.GetType().Name}", nameof(part)),
    };

    private static ContentPart FromJson(StoredPartJson part) => part.Type switch
    {
        "text" => new TextPart(part.Text ?? "") { Extensions = Bag(part.Ext) },
        "image" => new ImagePart { Url = part.Url, Data = part.Data, MediaType = part.MediaType, Detail = part.Detail, Extensions = Bag(part.Ext) },
        "file" => new FilePart { FileId = part.FileId, Url = part.Url, Data = part.Data, MediaType = part.MediaType, FileName = part.FileName, Extensions = Bag(part.Ext) },
        "tool_call" => new ToolCallPart(part.Id ?? "", part.Name ?? "", part.Arguments ?? "{}") { Signature = part.Signature, Extensions = Bag(part.Ext) },
        "tool_result" => new ToolResultPart(part.Id ?? "", (part.Content ?? []).Select(FromJson).ToList())
        {
            Name = part.Name,
            IsError = part.IsError == true,
            Extensions = Bag(part.Ext),
        },
        "reasoning" => new ReasoningPart
        {
            Text = part.Text ?? "",
            Signature = part.Signature,
            EncryptedContent = part.EncryptedContent,
            Redacted = part.Redacted == true,
            Extensions = Bag(part.Ext),
        },
        var other => throw new JsonException($"stored part type '{other}' is unknown"),
    };

    private static StoredBagJson? Bag(ExtensionBag? bag) => bag is null ? null : new StoredBagJson(bag.Protocol, bag.Fields);

    private static ExtensionBag? Bag(StoredBagJson? bag) => bag is null ? null : new ExtensionBag(bag.Protocol, bag.Fields.ToDictionary());

    private static string RoleName(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.Developer => "developer",
        ChatRole.User => "user",
        ChatRole.Assistant => "assistant",
        ChatRole.Tool => "tool",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    private static ChatRole Role(string role) => role switch
    {
        "system" => ChatRole.System,
        "developer" => ChatRole.Developer,
        "user" => ChatRole.User,
        "assistant" => ChatRole.Assistant,
        "tool" => ChatRole.Tool,
        _ => throw new JsonException($"stored role '{role}' is unknown"),
    };
}
