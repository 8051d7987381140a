using System.Text.Json;

namespace Godex.Wire.Responses;

/// <summary>
/// Writes canonical messages as Responses `input` items: system/developer/user messages as message
/// items of that role, assistant text as assistant messages, tool calls and results as their call and
/// output items, encrypted reasoning as reasoning items. Reasoning another protocol signed (Anthropic)
/// or left plain cannot be sent to OpenAI and is left out.
/// </summary>
internal static class ResponsesInputWriter
{
    private static readonly string[] ContentFields = ["type", "text", "refusal", ResponsesProtocol.MessageFields];
    private static readonly string[] MessageItemFields = ["type", "role", "content"];
    private static readonly string[] ReasoningItemFields = ["type", "summary", "encrypted_content"];
    private static readonly string[] ImageFields = ["type", "image_url", "file_id", "detail"];
    private static readonly string[] FileFields = ["type", "file_id", "file_url", "file_data", "filename"];

    public static void Write(Utf8JsonWriter json, IReadOnlyList<ChatMessage> messages, ResponsesToolMap tools)
    {
        json.WritePropertyName("input");
        WriteItems(json, messages, tools);
    }

    /// <summary>The items as a bare JSON array.</summary>
    public static void WriteItems(Utf8JsonWriter json, IReadOnlyList<ChatMessage> messages, ResponsesToolMap tools)
    {
        var callTypes = CallTypes(messages, tools);
        json.WriteStartArray();
        foreach (var message in messages)
        {
            switch (message.Role)
            {
                case ChatRole.Assistant:
                    WriteAssistant(json, message, tools);
                    break;
                default:
                    WriteMessage(json, message, callTypes);
                    break;
            }
        }

        json.WriteEndArray();
    }

    /// <summary>Which call item each call id was, so its output item takes the matching type.</summary>
    private static Dictionary<string, string> CallTypes(IReadOnlyList<ChatMessage> messages, ResponsesToolMap tools)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            foreach (var part in message.Parts)
            {
                if (part is ToolCallPart call)
                {
                    types[call.Id] = tools.CallType(call.Name, call.Extensions);
                }
            }
        }

        return types;
    }

    private static void WriteMessage(Utf8JsonWriter json, ChatMessage message, Dictionary<string, string> callTypes)
    {
        // Tool results (a tool message, or Anthropic-style results inside a user message) become output items.
        var hasOther = false;
        foreach (var part in message.Parts)
        {
            if (part is ToolResultPart result)
            {
                WriteOutput(json, result, callTypes);
            }
            else
            {
                hasOther = true;
            }
        }

        if (!hasOther)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("type", "message");
        json.WriteString("role", message.Role switch
        {
            ChatRole.System => "system",
            ChatRole.Developer => "developer",
            _ => "user",
        });
        json.WriteStartArray("content");
        foreach (var part in message.Parts)
        {
            switch (part)
            {
                case ToolResultPart:
                    break;
                case ReasoningPart:
                    break; // reasoning rides only on assistant turns
                case ToolCallPart call:
                    throw new GodexException(GodexError.BadRequest($"Tool call '{call.Id}' appears in a non-assistant message."));
                default:
                    WriteContentPart(json, part, "input_text");
                    break;
            }
        }

        json.WriteEndArray();
        ResponsesJson.WriteBag(json, message.Extensions, MessageItemFields);
        json.WriteEndObject();
    }

    private static void WriteAssistant(Utf8JsonWriter json, ChatMessage message, ResponsesToolMap tools)
    {
        // Consecutive text parts of one original message item share its fields and go back as one item.
        string? open = null;
        foreach (var part in message.Parts)
        {
            if (part is TextPart text && ResponsesJson.BagValue(text.Extensions, ResponsesProtocol.OpaqueItem) is null)
            {
                var fields = ResponsesJson.BagValue(text.Extensions, ResponsesProtocol.MessageFields);
                var key = fields?.GetRawText() ?? "";
                if (open != key)
                {
                    Close(json, ref open);
                    json.WriteStartObject();
                    json.WriteString("type", "message");
                    json.WriteString("role", "assistant");
                    if (fields is { ValueKind: JsonValueKind.Object } itemFields)
                    {
                        foreach (var property in itemFields.EnumerateObject())
                        {
                            property.WriteTo(json);
                        }
                    }

                    json.WriteStartArray("content");
                    open = key;
                }

                WriteContentPart(json, text, "output_text");
                continue;
            }

            Close(json, ref open);
            switch (part)
            {
                case TextPart opaque:
                    ResponsesJson.BagValue(opaque.Extensions, ResponsesProtocol.OpaqueItem)!.Value.WriteTo(json);
                    break;
                case ReasoningPart reasoning:
                    WriteReasoning(json, reasoning);
                    break;
                case ToolCallPart call:
                    WriteCall(json, call, tools);
                    break;
                case ImagePart or FilePart:
                    throw new GodexException(GodexError.BadRequest("Assistant messages with images or files cannot be sent to an OpenAI Responses upstream."));
            }
        }

        Close(json, ref open);
    }

    private static void Close(Utf8JsonWriter json, ref string? open)
    {
        if (open is not null)
        {
            json.WriteEndArray();
            json.WriteEndObject();
            open = null;
        }
    }

    private static void WriteReasoning(Utf8JsonWriter json, ReasoningPart reasoning)
    {
        // Only reasoning OpenAI produced can go back: its encrypted payload, or items a Responses client sent as they were.
        if (reasoning.EncryptedContent is null && ResponsesJson.Fields(reasoning.Extensions) is null)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("type", "reasoning");
        ResponsesItems.WriteSummary(json, reasoning);
        if (reasoning.EncryptedContent is { } encrypted)
        {
            json.WriteString("encrypted_content", encrypted);
        }

        ResponsesJson.WriteBag(json, reasoning.Extensions, ReasoningItemFields);
        json.WriteEndObject();
    }

    private static void WriteCall(Utf8JsonWriter json, ToolCallPart call, ResponsesToolMap tools)
    {
        var type = tools.CallType(call.Name, call.Extensions);
        json.WriteStartObject();
        ResponsesItems.WriteCallFields(json, type, call.Id, call.Name, call.ArgumentsJson, call.Extensions, tools);
        ResponsesJson.WriteBag(json, call.Extensions, ResponsesItems.CallItemFields(type));
        json.WriteEndObject();
    }

    private static void WriteOutput(Utf8JsonWriter json, ToolResultPart result, Dictionary<string, string> callTypes)
    {
        var type = ResponsesJson.BagString(result.Extensions, "type")
            ?? ResponsesCalls.OutputType(callTypes.GetValueOrDefault(result.CallId, ResponsesCalls.Function));
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteString(type == "local_shell_call_output" ? "id" : "call_id", result.CallId);
        json.WritePropertyName("output");
        if (ResponsesJson.BagValue(result.Extensions, "output") is { } rawOutput)
        {
            rawOutput.WriteTo(json);
        }
        else if (result.Content.All(static part => part is TextPart))
        {
            json.WriteStringValue(result.TextContent());
        }
        else
        {
            json.WriteStartArray();
            foreach (var part in result.Content)
            {
                WriteContentPart(json, part, "input_text");
            }

            json.WriteEndArray();
        }

        if (type == "apply_patch_call_output" && ResponsesJson.BagValue(result.Extensions, "status") is null)
        {
            json.WriteString("status", result.IsError ? "failed" : "completed");
        }

        ResponsesJson.WriteBag(json, result.Extensions, type == "local_shell_call_output" ? ["type", "id", "output"] : ["type", "call_id", "output"]);
        json.WriteEndObject();
    }

    private static void WriteContentPart(Utf8JsonWriter json, ContentPart part, string textType)
    {
        json.WriteStartObject();
        switch (part)
        {
            case TextPart text when ResponsesJson.BagString(text.Extensions, "type") == "refusal":
                json.WriteString("type", "refusal");
                json.WriteString("refusal", text.Text);
                break;
            case TextPart text:
                json.WriteString("type", ResponsesJson.BagString(text.Extensions, "type") ?? textType);
                json.WriteString("text", text.Text);
                break;
            case ImagePart image:
                json.WriteString("type", "input_image");
                json.WriteString("image_url", DataUrl.UrlOf(image));
                json.WriteString("detail", image.Detail ?? "auto");
                ResponsesJson.WriteBag(json, image.Extensions, ImageFields);
                break;
            case FilePart file when ResponsesJson.BagString(file.Extensions, "type") == "input_image":
                json.WriteString("type", "input_image");
                json.WriteString("file_id", file.FileId);
                json.WriteString("detail", ResponsesJson.BagString(file.Extensions, "detail") ?? "auto");
                ResponsesJson.WriteBag(json, file.Extensions, ImageFields);
                break;
            case FilePart file:
                json.WriteString("type", "input_file");
                if (file.FileId is { } id)
                {
                    json.WriteString("file_id", id);
                }

                if (file.Url is { } url)
                {
                    json.WriteString("file_url", url);
                }

                if (file.Data is { } data)
                {
                    json.WriteString("file_data", DataUrl.Encode(file.MediaType ?? "application/octet-stream", data));
                }

                if (file.FileName is { } fileName)
                {
                    json.WriteString("filename", fileName);
                }

                ResponsesJson.WriteBag(json, file.Extensions, FileFields);
                break;
            default:
                throw new GodexException(GodexError.BadRequest($"A {part.GetType().Name} cannot be sent as message content to an OpenAI Responses upstream."));
        }

        if (part is TextPart)
        {
            ResponsesJson.WriteBag(json, part.Extensions, ContentFields);
        }

        json.WriteEndObject();
    }
}
