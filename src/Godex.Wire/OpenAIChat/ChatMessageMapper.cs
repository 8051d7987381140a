using System.Text.Json;

namespace Godex.Wire.OpenAIChat;

/// <summary>Maps one Chat Completions message (request or response side) to the canonical message.</summary>
internal static class ChatMessageMapper
{
    public static ChatMessage FromWire(ChatMessageDto dto, string path)
    {
        var role = dto.Role switch
        {
            "system" => ChatRole.System,
            "developer" => ChatRole.Developer,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            "function" => throw new GodexException(GodexError.BadRequest($"{path}.role 'function' is deprecated; send tool results with role 'tool' and 'tool_call_id'.", $"{path}.role")),
            null => throw new GodexException(GodexError.BadRequest($"{path}.role is required.", $"{path}.role")),
            var other => throw new GodexException(GodexError.BadRequest($"{path}.role '{other}' is not one of system, developer, user, assistant, tool.", $"{path}.role")),
        };

        var parts = new List<ContentPart>();
        if (role == ChatRole.Assistant && (dto.ReasoningContent ?? dto.Reasoning) is { Length: > 0 } reasoning)
        {
            parts.Add(new ReasoningPart { Text = reasoning });
        }

        var content = ReadContent(dto.Content, path);
        if (role == ChatRole.Tool)
        {
            if (string.IsNullOrEmpty(dto.ToolCallId))
            {
                throw new GodexException(GodexError.BadRequest($"{path}.tool_call_id is required on tool messages.", $"{path}.tool_call_id"));
            }

            parts.Add(new ToolResultPart(dto.ToolCallId, content) { Name = dto.Name });
        }
        else
        {
            parts.AddRange(content);
        }

        if (dto.Refusal is { Length: > 0 } refusal && role == ChatRole.Assistant)
        {
            parts.Add(new TextPart(refusal));
        }

        if (dto.ToolCalls is { } calls)
        {
            for (var i = 0; i < calls.Count; i++)
            {
                var call = calls[i];
                if (string.IsNullOrEmpty(call?.Function?.Name))
                {
                    throw new GodexException(GodexError.BadRequest($"{path}.tool_calls[{i}].function.name is required.", $"{path}.tool_calls[{i}].function.name"));
                }

                parts.Add(new ToolCallPart(call.Id ?? "", call.Function.Name, ToolArguments.Normalize(call.Function.Arguments)));
            }
        }

        return new ChatMessage(role, parts)
        {
            Name = role == ChatRole.Tool ? null : dto.Name,
            Extensions = ExtensionBag.From(OpenAIChatProtocol.Name, dto.Extra),
        };
    }

    private static List<ContentPart> ReadContent(JsonElement? element, string path)
    {
        if (element is not { } content || content.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return [new TextPart(content.GetString()!)];
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new GodexException(GodexError.BadRequest($"{path}.content must be a string or an array of content parts.", $"{path}.content"));
        }

        var parts = new List<ContentPart>(content.GetArrayLength());
        var index = 0;
        foreach (var item in content.EnumerateArray())
        {
            parts.Add(ReadPart(item, $"{path}.content[{index++}]"));
        }

        return parts;
    }

    private static ContentPart ReadPart(JsonElement item, string path)
    {
        var type = GetString(item, "type");
        switch (type)
        {
            case "text" or "input_text" or "output_text":
                return new TextPart(GetString(item, "text") ?? "");
            case "refusal":
                return new TextPart(GetString(item, "refusal") ?? "");
            case "image_url":
                if (!item.TryGetProperty("image_url", out var image))
                {
                    throw new GodexException(GodexError.BadRequest($"{path}.image_url is required.", path));
                }

                var url = image.ValueKind == JsonValueKind.String ? image.GetString() : GetString(image, "url");
                if (string.IsNullOrEmpty(url))
                {
                    throw new GodexException(GodexError.BadRequest($"{path}.image_url.url is required.", path));
                }

                return DataUrl.ToImage(url, image.ValueKind == JsonValueKind.Object ? GetString(image, "detail") : null);
            case "file":
                var file = item.TryGetProperty("file", out var f) ? f : default;
                var fileData = GetString(file, "file_data");
                var decoded = fileData is null ? default : DataUrl.TryDecode(fileData);
                return new FilePart
                {
                    FileId = GetString(file, "file_id"),
                    FileName = GetString(file, "filename"),
                    Data = decoded.Data,
                    MediaType = decoded.MediaType,
                    Url = decoded.Data is null ? fileData : null,
                };
            default:
                throw new GodexException(GodexError.BadRequest($"{path}.type '{type}' is not supported (expected text, image_url or file).", path));
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
