using System.Text;
using System.Text.Json;

namespace Godex.Wire.Anthropic;

/// <summary>Writes canonical parts as Anthropic content blocks (shared by the request and response writers).</summary>
internal static class AnthropicContentWriter
{
    public static void Text(Utf8JsonWriter json, TextPart text)
    {
        json.WriteStartObject();
        json.WriteString("type", "text");
        json.WriteString("text", text.Text);
        AnthropicJson.Extensions(json, text.Extensions, "type", "text");
        json.WriteEndObject();
    }

    /// <summary>Text parts as `content`: a plain string when that says it all, else text blocks.</summary>
    public static void TextContent(Utf8JsonWriter json, string property, IReadOnlyList<ContentPart> parts)
    {
        if (parts.Count == 1 && parts[0] is TextPart { Extensions: null } single)
        {
            json.WriteString(property, single.Text);
            return;
        }

        json.WriteStartArray(property);
        foreach (var part in parts)
        {
            Text(json, (TextPart)part);
        }

        json.WriteEndArray();
    }

    public static void Image(Utf8JsonWriter json, ImagePart image, string where)
    {
        json.WriteStartObject();
        json.WriteString("type", "image");
        json.WriteStartObject("source");
        var (data, mediaType) = image.Data is { } bytes ? (bytes, image.MediaType) : image.Url is { } url ? DataUrl.TryDecode(url) : (null, null);
        if (data is not null)
        {
            json.WriteString("type", "base64");
            json.WriteString("media_type", mediaType ?? "application/octet-stream");
            json.WriteBase64String("data", data);
        }
        else if (image.Url is { } link)
        {
            json.WriteString("type", "url");
            json.WriteString("url", link);
        }
        else
        {
            throw AnthropicJson.BadRequest($"An image in {where} has neither bytes nor a URL.", where);
        }

        json.WriteEndObject();
        AnthropicJson.Extensions(json, image.Extensions, "type", "source");
        json.WriteEndObject();
    }

    /// <summary>A file as a `document` block: plain text as a text source, other bytes as base64, else a URL or file id.</summary>
    public static void Document(Utf8JsonWriter json, FilePart file, string where)
    {
        json.WriteStartObject();
        json.WriteString("type", "document");
        json.WriteStartObject("source");
        var (data, mediaType) = file.Data is { } bytes ? (bytes, file.MediaType) : file.Url is { } url ? DataUrl.TryDecode(url) : (null, null);
        if (data is not null && mediaType == "text/plain")
        {
            json.WriteString("type", "text");
            json.WriteString("media_type", "text/plain");
            json.WriteString("data", Encoding.UTF8.GetString(data));
        }
        else if (data is not null)
        {
            json.WriteString("type", "base64");
            json.WriteString("media_type", mediaType ?? "application/pdf");
            json.WriteBase64String("data", data);
        }
        else if (file.Url is { } link)
        {
            json.WriteString("type", "url");
            json.WriteString("url", link);
        }
        else if (file.FileId is { } id)
        {
            json.WriteString("type", "file");
            json.WriteString("file_id", id);
        }
        else
        {
            throw AnthropicJson.BadRequest($"A file in {where} has no bytes, URL or file id.", where);
        }

        json.WriteEndObject();
        if (file.FileName is { } title)
        {
            json.WriteString("title", title);
        }

        AnthropicJson.Extensions(json, file.Extensions, "type", "source", "title");
        json.WriteEndObject();
    }

    /// <summary>A tool call as `tool_use`; its arguments must be a JSON object, which Anthropic carries as `input`.</summary>
    public static void ToolUse(Utf8JsonWriter json, ToolCallPart call, string id, Func<string, GodexException> invalid)
    {
        JsonDocument input;
        try
        {
            input = JsonDocument.Parse(ToolArguments.Normalize(call.ArgumentsJson));
        }
        catch (JsonException)
        {
            throw invalid($"The arguments of tool call '{call.Id}' ({call.Name}) are not valid JSON.");
        }

        using (input)
        {
            if (input.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw invalid($"The arguments of tool call '{call.Id}' ({call.Name}) are not a JSON object, which Anthropic's tool_use.input must be.");
            }

            json.WriteStartObject();
            json.WriteString("type", "tool_use");
            json.WriteString("id", id);
            json.WriteString("name", call.Name);
            json.WritePropertyName("input");
            input.RootElement.WriteTo(json);
            AnthropicJson.Extensions(json, call.Extensions, "type", "id", "name", "input");
            json.WriteEndObject();
        }
    }

    public static void ToolResult(Utf8JsonWriter json, ToolResultPart result, string id, string where)
    {
        json.WriteStartObject();
        json.WriteString("type", "tool_result");
        json.WriteString("tool_use_id", id);
        if (result.Content.Count == 1 && result.Content[0] is TextPart { Extensions: null } single)
        {
            json.WriteString("content", single.Text);
        }
        else if (result.Content.Count > 0)
        {
            json.WriteStartArray("content");
            foreach (var part in result.Content)
            {
                switch (part)
                {
                    case TextPart text:
                        Text(json, text);
                        break;
                    case ImagePart image:
                        Image(json, image, where);
                        break;
                    case FilePart file:
                        Document(json, file, where);
                        break;
                    default:
                        throw AnthropicJson.BadRequest($"The result of tool call '{result.CallId}' holds a {Describe(part)}, which Anthropic's tool_result cannot carry.", where);
                }
            }

            json.WriteEndArray();
        }

        if (result.IsError)
        {
            json.WriteBoolean("is_error", true);
        }

        AnthropicJson.Extensions(json, result.Extensions, "type", "tool_use_id", "content", "is_error");
        json.WriteEndObject();
    }

    public static void Thinking(Utf8JsonWriter json, ReasoningPart reasoning)
    {
        json.WriteStartObject();
        if (IsRedacted(reasoning))
        {
            json.WriteString("type", "redacted_thinking");
            json.WriteString("data", reasoning.EncryptedContent);
            AnthropicJson.Extensions(json, reasoning.Extensions, "type", "data");
        }
        else
        {
            json.WriteString("type", "thinking");
            json.WriteString("thinking", reasoning.Text);
            json.WriteString("signature", reasoning.Signature ?? "");
            AnthropicJson.Extensions(json, reasoning.Extensions, "type", "thinking", "signature");
        }

        json.WriteEndObject();
    }

    /// <summary>Reasoning with only an opaque payload: Anthropic's redacted_thinking (a folded stream cannot carry the flag).</summary>
    public static bool IsRedacted(ReasoningPart reasoning) =>
        reasoning.Redacted || (reasoning.EncryptedContent is not null && reasoning.Signature is null && reasoning.Text.Length == 0);

    public static string Describe(ContentPart part) => part switch
    {
        ToolCallPart => "tool call",
        ToolResultPart => "tool result",
        ReasoningPart => "reasoning part",
        ImagePart => "image",
        FilePart => "file",
        _ => "text part",
    };
}
