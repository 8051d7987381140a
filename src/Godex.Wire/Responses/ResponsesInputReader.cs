using System.Text.Json;

namespace Godex.Wire.Responses;

/// <summary>
/// Reads Responses `input` (a string or a list of items) into canonical messages. Consecutive items of
/// one side of the conversation merge into one message, as every other protocol expects: assistant
/// messages, reasoning and tool calls into an assistant message; tool outputs into a tool message. Item
/// order is kept, and fields Godex does not model ride in part bags, so a Responses upstream gets the
/// same items back. Items Godex cannot model at all (web_search_call, mcp_call, ...) travel whole.
/// </summary>
internal static class ResponsesInputReader
{
    private static readonly string[] MessageFields = ["type", "role", "content"];
    private static readonly string[] OutputFields = ["type", "call_id", "output"];
    private static readonly string[] TextFields = ["type", "text"];
    private static readonly string[] RefusalFields = ["type", "refusal"];
    private static readonly string[] ImageFields = ["type", "image_url", "detail"];
    private static readonly string[] FileFields = ["type", "file_id", "file_url", "file_data", "filename"];

    public static List<ChatMessage> Read(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return [ChatMessage.Text(ChatRole.User, input.GetString()!)];
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            throw ResponsesJson.BadRequest("input must be a string or an array of input items.", "input");
        }

        var conversation = new Conversation();
        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            conversation.Add(item, $"input[{index++}]");
        }

        return conversation.Finish();
    }

    /// <summary>Content parts of a message or of a tool output list.</summary>
    public static List<ContentPart> ReadContent(JsonElement content, string path, bool assistant, JsonElement? messageFields = null)
    {
        var parts = new List<ContentPart>(content.GetArrayLength());
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            parts.Add(ReadPart(part, $"{path}[{index++}]", assistant, messageFields));
        }

        return parts;
    }

    private static ContentPart ReadPart(JsonElement part, string path, bool assistant, JsonElement? messageFields)
    {
        var type = ResponsesJson.String(part, "type");
        switch (type)
        {
            case "input_text" or "output_text" or "text":
                var fields = ResponsesJson.Rest(part, TextFields);
                if (assistant && type != "output_text")
                {
                    (fields ??= [])["type"] = ResponsesJson.StringValue(type);
                }

                if (messageFields is { } message)
                {
                    (fields ??= [])[ResponsesProtocol.MessageFields] = message;
                }

                return new TextPart(ResponsesJson.String(part, "text") ?? "") { Extensions = ResponsesJson.Bag(fields) };
            case "refusal":
                var refusal = ResponsesJson.Rest(part, RefusalFields) ?? [];
                refusal["type"] = ResponsesJson.StringValue("refusal");
                if (messageFields is { } refused)
                {
                    refusal[ResponsesProtocol.MessageFields] = refused;
                }

                return new TextPart(ResponsesJson.String(part, "refusal") ?? "") { Extensions = ResponsesJson.Bag(refusal) };
            case "input_image":
                return ReadImage(part, path);
            case "input_file":
                return ReadFile(part, path);
            default:
                throw ResponsesJson.BadRequest($"{path}.type '{type}' is not supported (expected input_text, input_image, input_file, output_text or refusal).", $"{path}.type");
        }
    }

    private static ContentPart ReadImage(JsonElement part, string path)
    {
        var detail = ResponsesJson.String(part, "detail");
        var rest = ResponsesJson.Rest(part, ImageFields);
        if (ResponsesJson.String(part, "image_url") is { Length: > 0 } url)
        {
            ContentPart image = DataUrl.ToImage(url, detail) with { Extensions = ResponsesJson.Bag(rest) };
            return image;
        }

        if (ResponsesJson.String(part, "file_id") is { Length: > 0 } fileId)
        {
            // An uploaded image: only OpenAI can resolve the id, so it stays a file reference marked as an image.
            rest ??= [];
            rest["type"] = ResponsesJson.StringValue("input_image");
            if (detail is not null)
            {
                rest["detail"] = ResponsesJson.StringValue(detail);
            }

            return new FilePart { FileId = fileId, Extensions = ResponsesJson.Bag(rest) };
        }

        throw ResponsesJson.BadRequest($"{path} needs image_url or file_id.", path);
    }

    private static FilePart ReadFile(JsonElement part, string path)
    {
        byte[]? data = null;
        string? mediaType = null;
        if (ResponsesJson.String(part, "file_data") is { Length: > 0 } fileData)
        {
            (data, mediaType) = DataUrl.TryDecode(fileData);
            if (data is null)
            {
                try
                {
                    data = Convert.FromBase64String(fileData);
                }
                catch (FormatException)
                {
                    throw ResponsesJson.BadRequest($"{path}.file_data must be a base64 data: URL.", $"{path}.file_data");
                }
            }
        }

        var file = new FilePart
        {
            FileId = ResponsesJson.String(part, "file_id"),
            Url = ResponsesJson.String(part, "file_url"),
            Data = data,
            MediaType = mediaType,
            FileName = ResponsesJson.String(part, "filename"),
            Extensions = ResponsesJson.Bag(ResponsesJson.Rest(part, FileFields)),
        };
        return file.FileId is null && file.Url is null && file.Data is null
            ? throw ResponsesJson.BadRequest($"{path} needs file_id, file_url or file_data.", path)
            : file;
    }

    /// <summary>Builds messages item by item, merging each side's consecutive items.</summary>
    private sealed class Conversation
    {
        private readonly List<ChatMessage> _messages = [];
        private readonly Dictionary<string, string> _callNames = new(StringComparer.Ordinal);
        private List<ContentPart>? _assistant;
        private List<ContentPart>? _tool;

        public void Add(JsonElement item, string path)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw ResponsesJson.BadRequest($"{path} must be an object.", path);
            }

            var type = ResponsesJson.String(item, "type") ?? (item.TryGetProperty("role", out _) ? "message" : null);
            switch (type)
            {
                case null:
                    throw ResponsesJson.BadRequest($"{path}.type is required.", $"{path}.type");
                case "message":
                    AddMessage(item, path);
                    break;
                case "reasoning":
                    Assistant().Add(ResponsesItemReader.Reasoning(item));
                    break;
                case "item_reference":
                    throw new GodexException(new GodexError(400, "session.unsupported",
                        $"{path} is an item_reference: stored responses and items are not available in Godex yet; send the items themselves (with store: false).")
                    { Param = path });
                case var call when ResponsesCalls.IsCall(call):
                    Assistant().Add(ReadCall(item, call, path));
                    break;
                case var output when ResponsesCalls.IsOutput(output):
                    Tool().Add(ReadOutput(item, output, path));
                    break;
                default:
                    // Hosted-tool activity and other items Godex does not model: replayed whole to a Responses upstream.
                    var opaque = new Dictionary<string, JsonElement> { [ResponsesProtocol.OpaqueItem] = item.Clone() };
                    Assistant().Add(new TextPart("") { Extensions = ResponsesJson.Bag(opaque) });
                    break;
            }
        }

        public List<ChatMessage> Finish()
        {
            Flush();
            return _messages;
        }

        private void AddMessage(JsonElement item, string path)
        {
            var role = ResponsesJson.String(item, "role") switch
            {
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                "system" => ChatRole.System,
                "developer" => ChatRole.Developer,
                null => throw ResponsesJson.BadRequest($"{path}.role is required.", $"{path}.role"),
                var other => throw ResponsesJson.BadRequest($"{path}.role '{other}' is not one of user, assistant, system, developer.", $"{path}.role"),
            };

            if (role == ChatRole.Assistant)
            {
                Assistant().AddRange(ResponsesItemReader.AssistantMessage(item, path));
                return;
            }

            var rest = ResponsesJson.Rest(item, MessageFields);
            var contentPath = $"{path}.content";
            var content = ResponsesJson.Property(item, "content");
            Flush();
            var parts = content switch
            {
                { ValueKind: JsonValueKind.String } text => [new TextPart(text.GetString()!)],
                { ValueKind: JsonValueKind.Array } list => ReadContent(list, contentPath, assistant: false),
                _ => throw ResponsesJson.BadRequest($"{contentPath} must be a string or an array of content parts.", contentPath),
            };
            _messages.Add(new ChatMessage(role, parts) { Extensions = ResponsesJson.Bag(rest) });
        }

        private ToolCallPart ReadCall(JsonElement item, string type, string path)
        {
            var call = ResponsesItemReader.Call(item, type, path);
            _callNames[call.Id] = call.Name;
            return call;
        }

        private ToolResultPart ReadOutput(JsonElement item, string type, string path)
        {
            var callId = ResponsesJson.String(item, "call_id") ?? (type == "local_shell_call_output" ? ResponsesJson.String(item, "id") : null);
            if (string.IsNullOrEmpty(callId))
            {
                throw ResponsesJson.BadRequest($"{path}.call_id is required.", $"{path}.call_id");
            }

            var rest = ResponsesJson.Rest(item, type == "local_shell_call_output" ? ["type", "id", "output"] : OutputFields) ?? [];
            if (type != "function_call_output")
            {
                rest["type"] = ResponsesJson.StringValue(type);
            }

            List<ContentPart> content;
            switch (ResponsesJson.Property(item, "output"))
            {
                case null:
                    content = [];
                    break;
                case { ValueKind: JsonValueKind.String } text:
                    content = [new TextPart(text.GetString()!)];
                    break;
                case { ValueKind: JsonValueKind.Array } list when IsContentList(list):
                    content = ReadContent(list, $"{path}.output", assistant: false);
                    rest["output"] = list.Clone(); // a list stays a list for a Responses upstream, even of one text
                    break;
                case { } other:
                    // e.g. shell_call_output's list of {stdout, stderr, outcome}: its text for others, itself for Responses.
                    content = [new TextPart(other.GetRawText())];
                    rest["output"] = other.Clone();
                    break;
            }

            return new ToolResultPart(callId, content)
            {
                Name = _callNames.GetValueOrDefault(callId),
                IsError = ResponsesJson.String(item, "status") == "failed",
                Extensions = ResponsesJson.Bag(rest),
            };
        }

        private static bool IsContentList(JsonElement list)
        {
            foreach (var part in list.EnumerateArray())
            {
                if (ResponsesJson.String(part, "type") is not ("input_text" or "input_image" or "input_file" or "output_text"))
                {
                    return false;
                }
            }

            return true;
        }

        private List<ContentPart> Assistant()
        {
            if (_tool is not null)
            {
                Flush();
            }

            return _assistant ??= [];
        }

        private List<ContentPart> Tool()
        {
            if (_assistant is not null)
            {
                Flush();
            }

            return _tool ??= [];
        }

        private void Flush()
        {
            if (_assistant is { Count: > 0 } assistant)
            {
                _messages.Add(new ChatMessage(ChatRole.Assistant, assistant));
            }

            if (_tool is { Count: > 0 } tool)
            {
                _messages.Add(new ChatMessage(ChatRole.Tool, tool));
            }

            _assistant = null;
            _tool = null;
        }
    }
}
