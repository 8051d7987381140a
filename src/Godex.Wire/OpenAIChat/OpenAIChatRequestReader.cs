using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.OpenAIChat;

/// <summary>Reads a Chat Completions request body into a <see cref="ChatRequest"/>, validating what the protocol requires.</summary>
public static class OpenAIChatRequestReader
{
    public static async ValueTask<ChatRequest> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var json = await JsonBody.ReadAsync(body, cancellationToken).ConfigureAwait(false);
        return Read(json.Span);
    }

    public static ChatRequest Read(ReadOnlySpan<byte> json)
    {
        JsonText.EnsureRepresentable(json);
        ChatCompletionRequestDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatCompletionRequestDto);
        }
        catch (JsonException exception)
        {
            throw new GodexException(JsonErrors.Describe(exception));
        }

        return Map(dto ?? throw new GodexException(GodexError.BadRequest("Request body must be a JSON object.")));
    }

    private static ChatRequest Map(ChatCompletionRequestDto dto)
    {
        if (dto.Messages is null)
        {
            throw new GodexException(GodexError.BadRequest("'messages' is required: an array of {role, content} objects.", "messages"));
        }

        if (dto.Messages.Count == 0)
        {
            throw new GodexException(GodexError.BadRequest("'messages' must contain at least one message.", "messages"));
        }

        if (dto.N is > 1)
        {
            throw new GodexException(GodexError.BadRequest("'n' greater than 1 is not supported: Godex returns one choice per request.", "n"));
        }

        var messages = new List<ChatMessage>(dto.Messages.Count);
        for (var i = 0; i < dto.Messages.Count; i++)
        {
            var message = dto.Messages[i] ?? throw new GodexException(GodexError.BadRequest($"messages[{i}] must be an object with role and content.", $"messages[{i}]"));
            messages.Add(ChatMessageMapper.FromWire(message, $"messages[{i}]"));
        }

        return new ChatRequest
        {
            Model = dto.Model ?? "",
            Messages = messages,
            Tools = MapTools(dto.Tools),
            ToolChoice = MapToolChoice(dto.ToolChoice),
            ParallelToolCalls = dto.ParallelToolCalls,
            ResponseFormat = MapResponseFormat(dto.ResponseFormat),
            Reasoning = dto.ReasoningEffort is null ? null : new ReasoningSettings { Effort = dto.ReasoningEffort },
            Temperature = dto.Temperature,
            TopP = dto.TopP,
            TopK = dto.TopK,
            MaxOutputTokens = dto.MaxCompletionTokens ?? dto.MaxTokens,
            Stop = MapStop(dto.Stop),
            Seed = dto.Seed,
            PresencePenalty = dto.PresencePenalty,
            FrequencyPenalty = dto.FrequencyPenalty,
            User = dto.User,
            Stream = dto.Stream ?? false,
            StreamIncludeUsage = dto.StreamOptions?.IncludeUsage ?? false,
            Extensions = ExtensionBag.From(OpenAIChatProtocol.Name, dto.Extra),
        };
    }

    private static List<ToolDefinition> MapTools(List<ToolDto>? tools)
    {
        if (tools is null)
        {
            return [];
        }

        var result = new List<ToolDefinition>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            if (tool?.Type is not (null or "function"))
            {
                throw new GodexException(GodexError.BadRequest($"tools[{i}].type '{tool?.Type}' is not supported; Chat Completions tools must be of type 'function'.", $"tools[{i}].type"));
            }

            if (string.IsNullOrEmpty(tool?.Function?.Name))
            {
                throw new GodexException(GodexError.BadRequest($"tools[{i}].function.name is required.", $"tools[{i}].function.name"));
            }

            result.Add(new ToolDefinition(tool.Function.Name)
            {
                Description = tool.Function.Description,
                Parameters = tool.Function.Parameters,
                Strict = tool.Function.Strict,
            });
        }

        return result;
    }

    private static ToolChoice? MapToolChoice(JsonElement? element)
    {
        if (element is not { } choice || choice.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return OpenAIToolChoice.ParseMode(choice.GetString());
        }

        if (choice.ValueKind == JsonValueKind.Object
            && choice.TryGetProperty("function", out var function)
            && function.ValueKind == JsonValueKind.Object
            && function.TryGetProperty("name", out var name)
            && name.ValueKind == JsonValueKind.String)
        {
            return new ToolChoice(ToolChoiceMode.Function, name.GetString());
        }

        throw new GodexException(GodexError.BadRequest("tool_choice must be 'auto', 'none', 'required' or {\"type\":\"function\",\"function\":{\"name\":...}}.", "tool_choice"));
    }

    private static ResponseFormat? MapResponseFormat(ResponseFormatDto? format) => format?.Type switch
    {
        null => null,
        "text" => new ResponseFormat(ResponseFormatKind.Text),
        "json_object" => new ResponseFormat(ResponseFormatKind.JsonObject),
        "json_schema" => new ResponseFormat(ResponseFormatKind.JsonSchema)
        {
            Name = format.JsonSchema?.Name,
            Description = format.JsonSchema?.Description,
            Schema = format.JsonSchema?.Schema,
            Strict = format.JsonSchema?.Strict,
        },
        var other => throw new GodexException(GodexError.BadRequest($"response_format.type '{other}' is not one of text, json_object, json_schema.", "response_format.type")),
    };

    private static List<string> MapStop(JsonElement? element)
    {
        if (element is not { } stop || stop.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind == JsonValueKind.Array)
        {
            var result = new List<string>(stop.GetArrayLength());
            foreach (var item in stop.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw new GodexException(GodexError.BadRequest("stop must be a string or an array of strings.", "stop"));
                }

                result.Add(item.GetString()!);
            }

            return result;
        }

        throw new GodexException(GodexError.BadRequest("stop must be a string or an array of strings.", "stop"));
    }
}
