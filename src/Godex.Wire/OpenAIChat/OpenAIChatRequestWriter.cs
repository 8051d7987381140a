using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.OpenAIChat;

/// <summary>Writes a <see cref="ChatRequest"/> as a Chat Completions request body for an upstream.</summary>
public static class OpenAIChatRequestWriter
{
    /// <param name="stream">Whether to ask the upstream for a stream; by default, what the request says.</param>
    public static void Write(IBufferWriter<byte> output, ChatRequest request, OpenAIChatWriterOptions options, bool? stream = null)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        Write(json, request, options, stream);
    }

    /// <param name="stream">Whether to ask the upstream for a stream; by default, what the request says.</param>
    public static void Write(Utf8JsonWriter json, ChatRequest request, OpenAIChatWriterOptions options, bool? stream = null)
    {
        var streaming = stream ?? request.Stream;
        json.WriteStartObject();
        json.WriteString("model", request.Model);
        json.WriteStartArray("messages");
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            WriteTextMessage(json, "system", request.Instructions);
        }

        foreach (var message in request.Messages)
        {
            WriteMessage(json, message, options);
        }

        json.WriteEndArray();
        WriteTools(json, request);
        if (request.ResponseFormat is { } format)
        {
            OpenAIResponseFormat.WriteChat(json, format);
        }

        if (request.Reasoning?.Effort is { } effort)
        {
            json.WriteString("reasoning_effort", effort);
        }

        WriteNumber(json, "temperature", request.Temperature);
        WriteNumber(json, "top_p", request.TopP);
        if (request.MaxOutputTokens is { } max)
        {
            json.WriteNumber(options.MaxTokensField, max);
        }

        if (request.Stop.Count > 0)
        {
            json.WriteStartArray("stop");
            foreach (var stop in request.Stop)
            {
                json.WriteStringValue(stop);
            }

            json.WriteEndArray();
        }

        if (request.Seed is { } seed)
        {
            json.WriteNumber("seed", seed);
        }

        WriteNumber(json, "presence_penalty", request.PresencePenalty);
        WriteNumber(json, "frequency_penalty", request.FrequencyPenalty);
        if (request.User is { } user)
        {
            json.WriteString("user", user);
        }

        json.WriteBoolean("stream", streaming);
        if (streaming && (options.RequestStreamUsage || request.StreamIncludeUsage))
        {
            json.WriteStartObject("stream_options");
            json.WriteBoolean("include_usage", true);
            json.WriteEndObject();
        }

        ChatJsonWrite.Extensions(json, request.Extensions);
        ChatJsonWrite.Extensions(json, request.ProviderFields);
        json.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter json, ChatRequest request)
    {
        if (request.Tools.Count > 0)
        {
            json.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                if (tool.Kind != ToolDefinition.FunctionKind)
                {
                    throw new GodexException(GodexError.BadRequest($"Tool '{tool.Name}' is a '{tool.Kind}' tool, which a Chat Completions upstream cannot take; only function tools can be sent there.", "tools"));
                }

                json.WriteStartObject();
                json.WriteString("type", "function");
                json.WriteStartObject("function");
                OpenAINamedSchema.WriteFields(json, tool.Name, tool.Description, "parameters", tool.Parameters, tool.Strict);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        switch (request.ToolChoice)
        {
            case null:
                break;
            case { Mode: ToolChoiceMode.Function } choice:
                json.WriteStartObject("tool_choice");
                json.WriteString("type", "function");
                json.WriteStartObject("function");
                json.WriteString("name", choice.FunctionName);
                json.WriteEndObject();
                json.WriteEndObject();
                break;
            case var choice:
                json.WriteString("tool_choice", OpenAIToolChoice.FormatMode(choice.Mode));
                break;
        }

        if (request.ParallelToolCalls is { } parallel && request.Tools.Count > 0)
        {
            json.WriteBoolean("parallel_tool_calls", parallel);
        }
    }

    private static void WriteMessage(Utf8JsonWriter json, ChatMessage message, OpenAIChatWriterOptions options)
    {
        // Tool results become one `tool` message each; anything else in the same canonical message
        // (Anthropic puts text beside tool_result blocks) follows as a message of its own role.
        var hasOther = false;
        foreach (var part in message.Parts)
        {
            if (part is ToolResultPart result)
            {
                WriteToolResult(json, result);
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

        var role = message.Role switch
        {
            ChatRole.System => "system",
            ChatRole.Developer => options.SupportsDeveloperRole ? "developer" : "system",
            ChatRole.Assistant => "assistant",
            _ => "user",
        };

        json.WriteStartObject();
        json.WriteString("role", role);
        if (message.Name is { } name)
        {
            json.WriteString("name", name);
        }

        if (message.Role == ChatRole.Assistant)
        {
            WriteAssistantBody(json, message, options);
        }
        else
        {
            WriteContent(json, message.Parts);
        }

        ChatJsonWrite.Extensions(json, message.Extensions);
        json.WriteEndObject();
    }

    private static void WriteAssistantBody(Utf8JsonWriter json, ChatMessage message, OpenAIChatWriterOptions options)
    {
        string? text = null;
        string? reasoning = null;
        var hasCalls = false;
        foreach (var part in message.Parts)
        {
            switch (part)
            {
                case TextPart t:
                    text = text is null ? t.Text : text + t.Text;
                    break;
                case ReasoningPart r when r.Text.Length > 0:
                    reasoning = reasoning is null ? r.Text : reasoning + r.Text;
                    break;
                case ToolCallPart:
                    hasCalls = true;
                    break;
                case ImagePart or FilePart:
                    throw new GodexException(GodexError.BadRequest("Assistant messages with images or files cannot be sent to a Chat Completions upstream."));
            }
        }

        if (text is null)
        {
            json.WriteNull("content");
        }
        else
        {
            json.WriteString("content", text);
        }

        if (reasoning is not null && options.ReasoningReplayField is { } field)
        {
            json.WriteString(field, reasoning);
        }

        if (hasCalls)
        {
            json.WriteStartArray("tool_calls");
            foreach (var part in message.Parts)
            {
                if (part is ToolCallPart call)
                {
                    ChatJsonWrite.ToolCall(json, call with { ArgumentsJson = ToolArguments.Normalize(call.ArgumentsJson) }, index: null);
                }
            }

            json.WriteEndArray();
        }
    }

    private static void WriteToolResult(Utf8JsonWriter json, ToolResultPart result)
    {
        foreach (var part in result.Content)
        {
            if (part is not TextPart)
            {
                throw new GodexException(GodexError.BadRequest(
                    $"The result of tool call '{result.CallId}' holds {part.GetType().Name.Replace("Part", "", StringComparison.Ordinal).ToLowerInvariant()} content, which a Chat Completions upstream cannot take in a tool message."));
            }
        }

        json.WriteStartObject();
        json.WriteString("role", "tool");
        json.WriteString("tool_call_id", result.CallId);
        json.WriteString("content", result.TextContent());
        json.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter json, IReadOnlyList<ContentPart> parts)
    {
        // A lone text part stays a plain string: the form every compatible server accepts.
        if (parts.Count == 1 && parts[0] is TextPart single)
        {
            json.WriteString("content", single.Text);
            return;
        }

        json.WriteStartArray("content");
        foreach (var part in parts)
        {
            switch (part)
            {
                case TextPart text:
                    json.WriteStartObject();
                    json.WriteString("type", "text");
                    json.WriteString("text", text.Text);
                    json.WriteEndObject();
                    break;
                case ImagePart image:
                    json.WriteStartObject();
                    json.WriteString("type", "image_url");
                    json.WriteStartObject("image_url");
                    json.WriteString("url", DataUrl.UrlOf(image));
                    if (image.Detail is { } detail)
                    {
                        json.WriteString("detail", detail);
                    }

                    json.WriteEndObject();
                    json.WriteEndObject();
                    break;
                case FilePart file:
                    json.WriteStartObject();
                    json.WriteString("type", "file");
                    json.WriteStartObject("file");
                    if (file.FileId is { } id)
                    {
                        json.WriteString("file_id", id);
                    }

                    if (file.Data is { } data)
                    {
                        json.WriteString("file_data", DataUrl.Encode(file.MediaType ?? "application/octet-stream", data));
                    }
                    else if (file.Url is { } url)
                    {
                        json.WriteString("file_data", url);
                    }

                    if (file.FileName is { } fileName)
                    {
                        json.WriteString("filename", fileName);
                    }

                    json.WriteEndObject();
                    json.WriteEndObject();
                    break;
                case ReasoningPart:
                    break; // reasoning only rides on assistant messages
                case ToolCallPart call:
                    throw new GodexException(GodexError.BadRequest($"Tool call '{call.Id}' appears in a non-assistant message."));
            }
        }

        json.WriteEndArray();
    }

    private static void WriteTextMessage(Utf8JsonWriter json, string role, string text)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", text);
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }
}
