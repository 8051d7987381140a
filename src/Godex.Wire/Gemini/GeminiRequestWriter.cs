using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// Writes a <see cref="ChatRequest"/> as a Gemini GenerateContentRequest for an upstream (the model
/// and the stream choice go in the URL). System and developer messages become `systemInstruction`,
/// canonical tool turns become user turns of function responses (each named, as Gemini requires), and
/// tool schemas go as `parametersJsonSchema`.
/// </summary>
public static class GeminiRequestWriter
{
    public static void Write(IBufferWriter<byte> output, ChatRequest request)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        WriteRequest(json, request, model: null);
    }

    /// <summary>A `:countTokens` body: the whole request wrapped, so tools and system instructions count too.</summary>
    public static void WriteCountTokens(IBufferWriter<byte> output, ChatRequest request)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        json.WriteStartObject();
        json.WritePropertyName("generateContentRequest");
        WriteRequest(json, request, model: "models/" + GeminiProtocol.ModelId(request.Model));
        json.WriteEndObject();
    }

    private static void WriteRequest(Utf8JsonWriter json, ChatRequest request, string? model)
    {
        var bag = GeminiJson.Fields(request.Extensions);
        json.WriteStartObject();
        if (model is not null)
        {
            json.WriteString("model", model);
        }

        WriteContents(json, request);
        WriteSystemInstruction(json, request);
        WriteTools(json, request, bag);
        WriteGenerationConfig(json, request, bag);
        GeminiJson.WriteFields(json, request.Extensions, "generationConfig");
        json.WriteEndObject();
    }

    private static void WriteContents(Utf8JsonWriter json, ChatRequest request)
    {
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in request.Messages)
        {
            foreach (var part in message.Parts)
            {
                if (part is ToolCallPart call)
                {
                    callNames[call.Id] = call.Name;
                }
            }
        }

        var parts = new GeminiPartWriter(json) { SignUnsignedCalls = true, CallNames = callNames };
        json.WriteStartArray("contents");
        ChatRole? open = null;
        foreach (var message in request.Messages)
        {
            if (message.Role is ChatRole.System or ChatRole.Developer || !message.Parts.Any(Writable))
            {
                continue;
            }

            // Function responses are a user turn in Gemini: a canonical tool turn joins the user turn beside it.
            var joins = open is { } previous && ((previous == ChatRole.Tool && message.Role is ChatRole.Tool or ChatRole.User) || (previous == ChatRole.User && message.Role == ChatRole.Tool));
            if (!joins)
            {
                if (open is not null)
                {
                    EndContent(json, parts);
                }

                json.WriteStartObject();
                json.WriteString("role", message.Role == ChatRole.Assistant ? "model" : "user");
                GeminiJson.WriteFields(json, message.Extensions, "role", "parts");
                json.WriteStartArray("parts");
                parts.BeginContent();
            }

            open = message.Role;
            foreach (var part in message.Parts)
            {
                Check(message.Role, part);
                if (Writable(part) && (message.Role == ChatRole.Assistant || part is not ReasoningPart))
                {
                    parts.Write(part);
                }
            }
        }

        if (open is not null)
        {
            EndContent(json, parts);
        }

        json.WriteEndArray();
    }

    private static void EndContent(Utf8JsonWriter json, GeminiPartWriter parts)
    {
        parts.EndContent();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Parts that produce something in Gemini: not reasoning it cannot read.</summary>
    private static bool Writable(ContentPart part) =>
        part is not ReasoningPart reasoning || (!reasoning.Redacted && (reasoning.Text.Length > 0 || reasoning.Signature is not null));

    private static void Check(ChatRole role, ContentPart part)
    {
        if (role != ChatRole.Assistant && part is ToolCallPart call)
        {
            throw new GodexException(GodexError.BadRequest($"Tool call '{call.Id}' appears in a {role.ToString().ToLowerInvariant()} message; Gemini takes calls only in model turns.", "messages"));
        }

        if (role == ChatRole.Assistant && part is ToolResultPart result)
        {
            throw new GodexException(GodexError.BadRequest($"The result of tool call '{result.CallId}' appears in an assistant message; Gemini takes function responses only in user turns.", "messages"));
        }
    }

    private static void WriteSystemInstruction(Utf8JsonWriter json, ChatRequest request)
    {
        var texts = new List<string>();
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            texts.Add(request.Instructions);
        }

        // Gemini has no system turns inside contents; system and developer messages anywhere join the instruction.
        foreach (var message in request.Messages)
        {
            if (message.Role is ChatRole.System or ChatRole.Developer)
            {
                foreach (var part in message.Parts)
                {
                    texts.Add(part is TextPart text
                        ? text.Text
                        : throw new GodexException(GodexError.BadRequest($"A {message.Role.ToString().ToLowerInvariant()} message holds a {part.GetType().Name.Replace("Part", "", StringComparison.Ordinal).ToLowerInvariant()} part; Gemini's systemInstruction takes text only.", "messages")));
                }
            }
        }

        if (texts.Count == 0)
        {
            return;
        }

        json.WriteStartObject("systemInstruction");
        json.WriteStartArray("parts");
        foreach (var text in texts)
        {
            json.WriteStartObject();
            json.WriteString("text", text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter json, ChatRequest request, IReadOnlyDictionary<string, JsonElement> bag)
    {
        if (request.Tools.Count > 0)
        {
            json.WriteStartArray("tools");
            if (request.Tools.Any(static tool => tool.Kind == ToolDefinition.FunctionKind))
            {
                json.WriteStartObject();
                json.WriteStartArray("functionDeclarations");
                foreach (var tool in request.Tools.Where(static tool => tool.Kind == ToolDefinition.FunctionKind))
                {
                    json.WriteStartObject();
                    json.WriteString("name", tool.Name);
                    if (tool.Description is { } description)
                    {
                        json.WriteString("description", description);
                    }

                    if (tool.Parameters is { ValueKind: not JsonValueKind.Null } parameters)
                    {
                        json.WritePropertyName("parametersJsonSchema");
                        GeminiSchema.ForGemini(parameters).WriteTo(json);
                    }

                    GeminiJson.WriteFields(json, tool.Extensions, "name", "description", "parameters", "parametersJsonSchema");
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            foreach (var tool in request.Tools.Where(static tool => tool.Kind != ToolDefinition.FunctionKind))
            {
                var isGemini = tool.Raw is { ValueKind: JsonValueKind.Object } raw
                    && (GeminiProtocol.NativeToolKinds.Contains(tool.Kind) || (raw.EnumerateObject().Count() == 1 && raw.TryGetProperty(tool.Kind, out _)));
                if (!isGemini)
                {
                    throw new GodexException(GodexError.BadRequest($"Tool '{tool.Name}' is a '{tool.Kind}' tool, which a Gemini upstream cannot take; only function tools and Gemini's own tools (googleSearch, codeExecution, urlContext, ...) can be sent there.", "tools"));
                }

                tool.Raw!.Value.WriteTo(json);
            }

            json.WriteEndArray();
        }

        // A toolConfig that said more than the canonical choice travels whole (written with the bag).
        if (request.ToolChoice is not { } choice || request.Tools.Count == 0 || bag.ContainsKey("toolConfig"))
        {
            return;
        }

        json.WriteStartObject("toolConfig");
        json.WriteStartObject("functionCallingConfig");
        json.WriteString("mode", choice.Mode switch
        {
            ToolChoiceMode.None => "NONE",
            ToolChoiceMode.Required or ToolChoiceMode.Function => "ANY",
            _ => "AUTO",
        });
        if (choice is { Mode: ToolChoiceMode.Function, FunctionName: { } name })
        {
            json.WriteStartArray("allowedFunctionNames");
            json.WriteStringValue(name);
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteGenerationConfig(Utf8JsonWriter json, ChatRequest request, IReadOnlyDictionary<string, JsonElement> bag)
    {
        var extras = GeminiJson.Nested(bag, "generationConfig").ToList();
        var thinking = ThinkingConfig.For(request.Reasoning, extras);
        if (request is { Temperature: null, TopP: null, TopK: null, MaxOutputTokens: null, Stop.Count: 0, Seed: null, PresencePenalty: null, FrequencyPenalty: null, ResponseFormat: null }
            && thinking is null && extras.Count == 0)
        {
            return;
        }

        json.WriteStartObject("generationConfig");
        WriteNumber(json, "temperature", request.Temperature);
        WriteNumber(json, "topP", request.TopP);
        if (request.TopK is { } topK)
        {
            json.WriteNumber("topK", topK);
        }

        if (request.MaxOutputTokens is { } max)
        {
            json.WriteNumber("maxOutputTokens", max);
        }

        if (request.Stop.Count > 0)
        {
            json.WriteStartArray("stopSequences");
            foreach (var stop in request.Stop)
            {
                json.WriteStringValue(stop);
            }

            json.WriteEndArray();
        }

        if (request.Seed is { } seed)
        {
            json.WriteNumber("seed", seed is >= int.MinValue and <= int.MaxValue
                ? (int)seed
                : throw new GodexException(GodexError.BadRequest($"seed {seed} is outside Gemini's 32-bit range.", "seed")));
        }

        WriteNumber(json, "presencePenalty", request.PresencePenalty);
        WriteNumber(json, "frequencyPenalty", request.FrequencyPenalty);
        WriteResponseFormat(json, request.ResponseFormat);
        thinking?.Write(json);
        foreach (var extra in extras)
        {
            if (extra.Name != "thinkingConfig")
            {
                extra.WriteTo(json);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteResponseFormat(Utf8JsonWriter json, ResponseFormat? format)
    {
        switch (format?.Kind)
        {
            case ResponseFormatKind.JsonSchema:
                json.WriteString("responseMimeType", "application/json");
                if (format.Schema is { ValueKind: not JsonValueKind.Null } schema)
                {
                    json.WritePropertyName("responseJsonSchema");
                    GeminiSchema.ForGemini(schema).WriteTo(json);
                }

                break;
            case ResponseFormatKind.JsonObject:
                json.WriteString("responseMimeType", "application/json");
                break;
            case ResponseFormatKind.Text:
                json.WriteString("responseMimeType", "text/plain");
                break;
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }
}
