using System.Globalization;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// Reads a Gemini generateContent (or countTokens) body into a <see cref="ChatRequest"/>. The model
/// and the stream flag come from the URL, so the front door sets them. What the canonical model cannot
/// hold travels in a Gemini extension bag: unknown top-level fields by name, unknown generationConfig
/// fields under `generationConfig` (with `thinkingConfig.thinkingLevel`, which only Gemini understands
/// exactly), and `toolConfig` whole when it says more than the canonical tool choice.
/// </summary>
public static class GeminiRequestReader
{
    public static async ValueTask<ChatRequest> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var json = await JsonBody.ReadAsync(body, cancellationToken).ConfigureAwait(false);
        return Read(json.Span);
    }

    public static ChatRequest Read(ReadOnlySpan<byte> json)
    {
        JsonText.EnsureRepresentable(json);
        GenerateContentRequestDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, GeminiJsonContext.Default.GenerateContentRequestDto);
        }
        catch (JsonException exception)
        {
            throw new GodexException(JsonErrors.Describe(exception));
        }

        return Map(dto ?? throw new GodexException(GodexError.BadRequest("Request body must be a JSON object.")));
    }

    private static ChatRequest Map(GenerateContentRequestDto dto)
    {
        // countTokens' full form wraps the request it counts.
        if (dto.GenerateContentRequest is { } wrapped)
        {
            return Map(wrapped);
        }

        if (dto.Contents is null)
        {
            throw Bad("'contents' is required: an array of {role, parts} objects.", "contents");
        }

        var reader = new GeminiContentReader();
        var messages = new List<ChatMessage>(dto.Contents.Count);
        for (var i = 0; i < dto.Contents.Count; i++)
        {
            var content = dto.Contents[i] ?? throw Bad($"contents[{i}] must be an object with role and parts.", $"contents[{i}]");
            messages.Add(reader.Read(content, $"contents[{i}]"));
        }

        var extensions = dto.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(dto.Extra);
        var config = dto.GenerationConfig;
        if (config?.CandidateCount is > 1)
        {
            throw Bad("generationConfig.candidateCount greater than 1 is not supported: Godex returns one candidate per request.", "generationConfig.candidateCount");
        }

        var (toolChoice, keepToolConfig) = ReadToolChoice(dto.ToolConfig);
        if (keepToolConfig)
        {
            extensions["toolConfig"] = dto.ToolConfig!.Value;
        }

        var (responseFormat, formatExtras) = ReadResponseFormat(config);
        var (reasoning, thinkingExtras) = ReadReasoning(config?.ThinkingConfig);
        var configExtras = config?.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(config.Extra);
        foreach (var (name, value) in formatExtras)
        {
            configExtras[name] = value;
        }

        if (thinkingExtras.Count > 0)
        {
            configExtras["thinkingConfig"] = GeminiJson.ObjectOf(thinkingExtras);
        }

        if (configExtras.Count > 0)
        {
            extensions["generationConfig"] = GeminiJson.ObjectOf(configExtras);
        }

        return new ChatRequest
        {
            Model = GeminiProtocol.ModelId(dto.Model ?? ""),
            Instructions = ReadSystemInstruction(dto.SystemInstruction),
            Messages = messages,
            Tools = ReadTools(dto.Tools),
            ToolChoice = toolChoice,
            ResponseFormat = responseFormat,
            Reasoning = reasoning,
            Temperature = config?.Temperature,
            TopP = config?.TopP,
            TopK = config?.TopK is { } topK ? WholeNumber(topK, "generationConfig.topK") : null,
            MaxOutputTokens = config?.MaxOutputTokens,
            Stop = config?.StopSequences ?? [],
            Seed = config?.Seed,
            PresencePenalty = config?.PresencePenalty,
            FrequencyPenalty = config?.FrequencyPenalty,
            Extensions = ExtensionBag.From(GeminiProtocol.Name, extensions),
        };
    }

    private static string? ReadSystemInstruction(JsonElement? element)
    {
        if (element is not { } instruction || instruction.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (instruction.ValueKind == JsonValueKind.String)
        {
            return instruction.GetString();
        }

        ContentDto? content;
        try
        {
            content = instruction.ValueKind == JsonValueKind.Object ? instruction.Deserialize(GeminiJsonContext.Default.ContentDto) : null;
        }
        catch (JsonException exception)
        {
            // The element was read whole into the body's DTO, so its shape is checked only here.
            var inner = string.IsNullOrEmpty(exception.Path) ? "" : exception.Path.TrimStart('$');
            throw Bad($"systemInstruction{inner} has the wrong JSON type: systemInstruction is a Content object, {{\"parts\": [{{\"text\": \"...\"}}]}}.", "systemInstruction" + inner);
        }

        if (content?.Parts is null)
        {
            throw Bad("systemInstruction must be a Content object with text parts.", "systemInstruction");
        }

        var texts = new List<string>(content.Parts.Count);
        for (var j = 0; j < content.Parts.Count; j++)
        {
            texts.Add(content.Parts[j]?.Text ?? throw Bad($"systemInstruction.parts[{j}] must be a text part.", $"systemInstruction.parts[{j}]"));
        }

        return string.Join("\n", texts);
    }

    private static List<ToolDefinition> ReadTools(List<ToolDto?>? tools)
    {
        var result = new List<ToolDefinition>();
        for (var i = 0; i < (tools?.Count ?? 0); i++)
        {
            var tool = tools![i] ?? throw Bad($"tools[{i}] must be an object.", $"tools[{i}]");
            for (var j = 0; j < (tool.FunctionDeclarations?.Count ?? 0); j++)
            {
                var path = $"tools[{i}].functionDeclarations[{j}]";
                var declaration = tool.FunctionDeclarations![j] ?? throw Bad($"{path} must be an object.", path);
                if (string.IsNullOrEmpty(declaration.Name))
                {
                    throw Bad($"{path}.name is required.", $"{path}.name");
                }

                if (IsSet(declaration.Parameters) && IsSet(declaration.ParametersJsonSchema))
                {
                    throw Bad($"{path}: parameters and parametersJsonSchema are mutually exclusive; send one.", $"{path}.parametersJsonSchema");
                }

                var schema = IsSet(declaration.ParametersJsonSchema) ? declaration.ParametersJsonSchema : IsSet(declaration.Parameters) ? declaration.Parameters : null;
                result.Add(new ToolDefinition(declaration.Name)
                {
                    Description = declaration.Description,
                    Parameters = schema is { } s ? GeminiSchema.ToJsonSchema(s) : null,
                    Extensions = ExtensionBag.From(GeminiProtocol.Name, declaration.Extra),
                });
            }

            // Native tools (googleSearch, codeExecution, urlContext, ...): kept whole for a Gemini upstream.
            foreach (var (kind, value) in tool.Extra ?? [])
            {
                result.Add(new ToolDefinition(kind) { Kind = kind, Raw = GeminiJson.ObjectOf([new(kind, value)]) });
            }
        }

        return result;
    }

    /// <summary>The canonical tool choice, and whether toolConfig must also travel whole because it says more.</summary>
    private static (ToolChoice? Choice, bool Keep) ReadToolChoice(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } toolConfig)
        {
            return (null, false);
        }

        var hasConfig = toolConfig.TryGetProperty("functionCallingConfig", out var config) || toolConfig.TryGetProperty("function_calling_config", out config);
        var extra = toolConfig.EnumerateObject().Any(static p => p.Name is not ("functionCallingConfig" or "function_calling_config"));
        if (!hasConfig || config.ValueKind != JsonValueKind.Object)
        {
            return (null, extra);
        }

        var names = new List<string>();
        if ((config.TryGetProperty("allowedFunctionNames", out var allowed) || config.TryGetProperty("allowed_function_names", out allowed)) && allowed.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in allowed.EnumerateArray())
            {
                names.Add(name.ValueKind == JsonValueKind.String ? name.GetString()! : throw Bad("toolConfig.functionCallingConfig.allowedFunctionNames must hold strings.", "toolConfig.functionCallingConfig.allowedFunctionNames"));
            }
        }

        extra |= config.EnumerateObject().Any(static p => p.Name is not ("mode" or "allowedFunctionNames" or "allowed_function_names"));
        var mode = GeminiJson.GetString(config, "mode")?.ToUpperInvariant();
        return mode switch
        {
            null or "AUTO" or "MODE_UNSPECIFIED" => (ToolChoice.Auto, extra || names.Count > 0),
            "NONE" => (ToolChoice.None, extra || names.Count > 0),
            "ANY" when names.Count == 1 => (new ToolChoice(ToolChoiceMode.Function, names[0]), extra),
            "ANY" => (ToolChoice.Required, extra || names.Count > 1),

            // Like AUTO, with calls checked against their schemas by constrained decoding.
            "VALIDATED" => (ToolChoice.Auto, true),
            var other => throw Bad($"toolConfig.functionCallingConfig.mode '{other}' is not one of AUTO, ANY, NONE, VALIDATED.", "toolConfig.functionCallingConfig.mode"),
        };
    }

    private static (ResponseFormat? Format, Dictionary<string, JsonElement> Extras) ReadResponseFormat(GenerationConfigDto? config)
    {
        var extras = new Dictionary<string, JsonElement>();
        if (config is null)
        {
            return (null, extras);
        }

        var mime = config.ResponseMimeType;
        var schema = IsSet(config.ResponseJsonSchema) ? config.ResponseJsonSchema : IsSet(config.ResponseSchema) ? config.ResponseSchema : null;
        var baseMime = mime?.Split(';')[0].Trim().ToLowerInvariant();
        switch (baseMime)
        {
            case null when schema is null:
                return (null, extras);
            case "application/json":
                return (schema is { } s
                    ? new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = GeminiSchema.ToJsonSchema(s) }
                    : new ResponseFormat(ResponseFormatKind.JsonObject), extras);
            case "text/plain" when schema is null:
                return (new ResponseFormat(ResponseFormatKind.Text), extras);
        }

        // text/x.enum and the like: only Gemini understands them, so they travel as they came.
        if (mime is not null)
        {
            extras["responseMimeType"] = JsonSerializer.SerializeToElement(mime, GeminiJsonContext.Default.String);
        }

        if (IsSet(config.ResponseSchema))
        {
            extras["responseSchema"] = config.ResponseSchema!.Value;
        }

        if (IsSet(config.ResponseJsonSchema))
        {
            extras["responseJsonSchema"] = config.ResponseJsonSchema!.Value;
        }

        return (null, extras);
    }

    /// <summary>
    /// thinkingBudget maps to a budget (0 = off, -1 = on with the model's own budget), thinkingLevel to an
    /// effort, includeThoughts to wanting reasoning summaries.
    /// </summary>
    private static (ReasoningSettings? Reasoning, Dictionary<string, JsonElement> Extras) ReadReasoning(ThinkingConfigDto? thinking)
    {
        var extras = thinking?.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(thinking.Extra);
        if (thinking is null)
        {
            return (null, extras);
        }

        if (thinking.ThinkingLevel is { } level)
        {
            extras["thinkingLevel"] = JsonSerializer.SerializeToElement(level, GeminiJsonContext.Default.String);
        }

        var budget = thinking.ThinkingBudget;
        var reasoning = new ReasoningSettings
        {
            Effort = thinking.ThinkingLevel?.ToLowerInvariant(),
            BudgetTokens = budget is > 0 ? budget : null,
            Enabled = budget switch
            {
                0 => false,
                < 0 => true,
                _ => null,
            },
            Summary = thinking.IncludeThoughts == true ? "auto" : null,
        };
        return (reasoning, extras);
    }

    private static int WholeNumber(double value, string param) =>
        value == Math.Floor(value) && value is >= 0 and <= int.MaxValue
            ? (int)value
            : throw Bad($"{param} must be a whole number, not {value.ToString(CultureInfo.InvariantCulture)}.", param);

    private static bool IsSet(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null };

    private static GodexException Bad(string message, string param) => new(GodexError.BadRequest(message, param));
}
