using System.Text;
using System.Text.Json;

namespace Godex.Wire.Anthropic;

/// <summary>Where a list of content blocks sits, which decides the block types allowed there.</summary>
internal enum BlockPlace
{
    User,
    Assistant,
    System,
    ToolResult,
}

/// <summary>
/// Maps Anthropic content blocks to canonical parts. Fields the canonical part does not name
/// (cache_control, citations, context, ...) stay on the part as an Anthropic extension bag.
/// </summary>
internal static class AnthropicContentReader
{
    public static List<ContentPart> ReadContent(JsonElement? content, BlockPlace place, string path)
    {
        if (content is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            return [new TextPart(element.GetString()!)];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw AnthropicJson.BadRequest($"{path} must be a string or an array of content blocks.", path);
        }

        var parts = new List<ContentPart>(element.GetArrayLength());
        var index = 0;
        foreach (var block in element.EnumerateArray())
        {
            parts.Add(ReadBlock(block, place, $"{path}[{index++}]"));
        }

        return parts;
    }

    public static ContentPart ReadBlock(JsonElement block, BlockPlace place, string path)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            throw AnthropicJson.BadRequest($"{path} must be a content block object with a 'type'.", path);
        }

        var type = AnthropicJson.GetString(block, "type");
        var allowed = type switch
        {
            "text" => true,
            "image" or "document" => place is BlockPlace.User or BlockPlace.ToolResult,
            "tool_use" or "thinking" or "redacted_thinking" => place == BlockPlace.Assistant,
            "tool_result" => place == BlockPlace.User,
            null => throw AnthropicJson.BadRequest($"{path}.type is required.", $"{path}.type"),
            _ => throw AnthropicJson.BadRequest($"{path}.type '{type}' is not supported; Godex carries text, image, document, tool_use, tool_result, thinking and redacted_thinking blocks.", $"{path}.type"),
        };
        if (!allowed)
        {
            throw AnthropicJson.BadRequest($"{path}.type '{type}' cannot appear in {PlaceName(place)}.", $"{path}.type");
        }

        return type switch
        {
            "text" => new TextPart(RequiredString(block, "text", path)) { Extensions = AnthropicJson.Extras(block, "type", "text") },
            "image" => ReadImage(block, path),
            "document" => ReadDocument(block, path),
            "tool_use" => ReadToolUse(block, path),
            "tool_result" => ReadToolResult(block, path),
            "thinking" => new ReasoningPart
            {
                Text = RequiredString(block, "thinking", path),
                Signature = AnthropicJson.GetString(block, "signature") is { Length: > 0 } signature ? signature : null,
                Extensions = AnthropicJson.Extras(block, "type", "thinking", "signature"),
            },
            _ => new ReasoningPart
            {
                Redacted = true,
                EncryptedContent = RequiredString(block, "data", path),
                Extensions = AnthropicJson.Extras(block, "type", "data"),
            },
        };
    }

    private static ImagePart ReadImage(JsonElement block, string path)
    {
        var source = Source(block, path);
        var extensions = AnthropicJson.Extras(block, "type", "source");
        return AnthropicJson.GetString(source, "type") switch
        {
            "base64" => new ImagePart
            {
                Data = Base64(source, path),
                MediaType = RequiredString(source, "media_type", path + ".source"),
                Extensions = extensions,
            },
            "url" => new ImagePart { Url = RequiredString(source, "url", path + ".source"), Extensions = extensions },
            var other => throw AnthropicJson.BadRequest($"{path}.source.type '{other}' is not supported for images; send 'base64' or 'url'.", $"{path}.source.type"),
        };
    }

    private static FilePart ReadDocument(JsonElement block, string path)
    {
        var source = Source(block, path);
        var title = AnthropicJson.GetString(block, "title");
        var extensions = AnthropicJson.Extras(block, "type", "source", "title");
        return AnthropicJson.GetString(source, "type") switch
        {
            "base64" => new FilePart
            {
                Data = Base64(source, path),
                MediaType = RequiredString(source, "media_type", path + ".source"),
                FileName = title,
                Extensions = extensions,
            },
            "text" => new FilePart
            {
                Data = Encoding.UTF8.GetBytes(RequiredString(source, "data", path + ".source")),
                MediaType = AnthropicJson.GetString(source, "media_type") ?? "text/plain",
                FileName = title,
                Extensions = extensions,
            },
            "url" => new FilePart { Url = RequiredString(source, "url", path + ".source"), FileName = title, Extensions = extensions },
            "file" => new FilePart { FileId = RequiredString(source, "file_id", path + ".source"), FileName = title, Extensions = extensions },
            var other => throw AnthropicJson.BadRequest($"{path}.source.type '{other}' is not supported for documents; send 'base64', 'text', 'url' or 'file'.", $"{path}.source.type"),
        };
    }

    private static ToolCallPart ReadToolUse(JsonElement block, string path)
    {
        var id = RequiredString(block, "id", path);
        var name = RequiredString(block, "name", path);
        if (!block.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            throw AnthropicJson.BadRequest($"{path}.input is required and must be an object.", $"{path}.input");
        }

        return new ToolCallPart(id, name, input.GetRawText()) { Extensions = AnthropicJson.Extras(block, "type", "id", "name", "input") };
    }

    private static ToolResultPart ReadToolResult(JsonElement block, string path)
    {
        var id = RequiredString(block, "tool_use_id", path);
        var content = ReadContent(AnthropicJson.Get(block, "content"), BlockPlace.ToolResult, path + ".content");
        var isError = block.TryGetProperty("is_error", out var error) && error.ValueKind == JsonValueKind.True;
        return new ToolResultPart(id, content) { IsError = isError, Extensions = AnthropicJson.Extras(block, "type", "tool_use_id", "content", "is_error") };
    }

    private static JsonElement Source(JsonElement block, string path) =>
        AnthropicJson.Get(block, "source") is { ValueKind: JsonValueKind.Object } source
            ? source
            : throw AnthropicJson.BadRequest($"{path}.source is required.", $"{path}.source");

    private static byte[] Base64(JsonElement source, string path)
    {
        var data = RequiredString(source, "data", path + ".source");
        try
        {
            return Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            throw AnthropicJson.BadRequest($"{path}.source.data is not valid base64.", $"{path}.source.data");
        }
    }

    private static string RequiredString(JsonElement element, string name, string path) =>
        AnthropicJson.GetString(element, name) ?? throw AnthropicJson.BadRequest($"{path}.{name} is required and must be a string.", $"{path}.{name}");

    private static string PlaceName(BlockPlace place) => place switch
    {
        BlockPlace.User => "a user message",
        BlockPlace.Assistant => "an assistant message",
        BlockPlace.System => "a system prompt",
        _ => "a tool_result's content",
    };
}
