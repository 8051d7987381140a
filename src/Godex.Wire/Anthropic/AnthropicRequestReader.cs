using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Anthropic;

/// <summary>
/// Reads a Messages request body (`POST /v1/messages` or `/v1/messages/count_tokens`) into a
/// <see cref="ChatRequest"/>. `thinking`, `output_config`, `output_format` and `metadata` are mapped to
/// canonical settings and also kept verbatim in the request's Anthropic bag, so an Anthropic upstream
/// gets exactly what the client sent; every other unknown field (context_management, ...) rides in the bag too.
/// </summary>
public static class AnthropicRequestReader
{
    /// <summary>Fields the bag keeps verbatim although they are also mapped; the writer prefers the verbatim copy.</summary>
    internal static readonly string[] VerbatimFields = ["thinking", "output_config", "output_format", "metadata"];

    public static async ValueTask<ChatRequest> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var json = await JsonBody.ReadAsync(body, cancellationToken).ConfigureAwait(false);
        return Map(Deserialize(json.Span), forCount: false);
    }

    /// <summary>Reads a count_tokens body: the same shape, without the required max_tokens.</summary>
    public static async ValueTask<ChatRequest> ReadCountAsync(Stream body, CancellationToken cancellationToken)
    {
        using var json = await JsonBody.ReadAsync(body, cancellationToken).ConfigureAwait(false);
        return ReadCount(json.Span);
    }

    public static ChatRequest Read(ReadOnlySpan<byte> json) => Map(Deserialize(json), forCount: false);

    public static ChatRequest ReadCount(ReadOnlySpan<byte> json) => Map(Deserialize(json), forCount: true);

    private static MessagesRequestDto? Deserialize(ReadOnlySpan<byte> json)
    {
        JsonText.EnsureRepresentable(json);
        try
        {
            return JsonSerializer.Deserialize(json, AnthropicJsonContext.Default.MessagesRequestDto);
        }
        catch (JsonException exception)
        {
            throw new GodexException(JsonErrors.Describe(exception));
        }
    }

    private static ChatRequest Map(MessagesRequestDto? dto, bool forCount)
    {
        if (dto is null)
        {
            throw AnthropicJson.BadRequest("Request body must be a JSON object.", "$");
        }

        if (dto.Messages is null)
        {
            throw AnthropicJson.BadRequest("messages: Field required (an array of {role, content} objects).", "messages");
        }

        if (!forCount && dto.MaxTokens is null)
        {
            throw AnthropicJson.BadRequest("max_tokens: Field required.", "max_tokens");
        }

        if (dto.MaxTokens is < 1)
        {
            throw AnthropicJson.BadRequest("max_tokens: must be at least 1.", "max_tokens");
        }

        var messages = new List<ChatMessage>(dto.Messages.Count + 1);
        var instructions = ReadSystem(dto.System, messages);
        for (var i = 0; i < dto.Messages.Count; i++)
        {
            messages.Add(ReadMessage(dto.Messages[i], $"messages[{i}]"));
        }

        var (choice, parallel) = AnthropicToolReader.ReadToolChoice(dto.ToolChoice);
        var reasoning = AnthropicSettingsReader.ReadReasoning(dto.Thinking, dto.OutputConfig);
        if (reasoning?.BudgetTokens >= dto.MaxTokens)
        {
            throw AnthropicJson.BadRequest($"thinking.budget_tokens ({reasoning.BudgetTokens}) must be less than max_tokens ({dto.MaxTokens}).", "thinking.budget_tokens");
        }

        var extras = dto.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(dto.Extra);
        Keep(extras, "thinking", dto.Thinking);
        Keep(extras, "output_config", dto.OutputConfig);
        Keep(extras, "output_format", dto.OutputFormat);
        Keep(extras, "metadata", dto.Metadata);

        return new ChatRequest
        {
            Model = dto.Model ?? "",
            Instructions = instructions,
            Messages = messages,
            Tools = AnthropicToolReader.ReadTools(dto.Tools),
            ToolChoice = choice,
            ParallelToolCalls = parallel,
            ResponseFormat = AnthropicSettingsReader.ReadFormat(dto.OutputConfig, dto.OutputFormat),
            Reasoning = reasoning,
            Temperature = dto.Temperature,
            TopP = dto.TopP,
            TopK = dto.TopK,
            MaxOutputTokens = dto.MaxTokens,
            Stop = dto.StopSequences ?? [],
            User = AnthropicSettingsReader.ReadUser(dto.Metadata),
            Stream = dto.Stream ?? false,
            Extensions = ExtensionBag.From(AnthropicProtocol.Name, extras),
        };
    }

    /// <summary>
    /// A `system` string becomes Instructions. Text blocks become a leading System message with one
    /// part per block, so each block keeps its own cache_control.
    /// </summary>
    private static string? ReadSystem(JsonElement? system, List<ChatMessage> messages)
    {
        if (system is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString();
        }

        var parts = AnthropicContentReader.ReadContent(element, BlockPlace.System, "system");
        if (parts.Count > 0)
        {
            messages.Add(new ChatMessage(ChatRole.System, parts));
        }

        return null;
    }

    private static ChatMessage ReadMessage(MessageParamDto? dto, string path)
    {
        if (dto is null)
        {
            throw AnthropicJson.BadRequest($"{path} must be an object with role and content.", path);
        }

        var (role, place) = dto.Role switch
        {
            "user" => (ChatRole.User, BlockPlace.User),
            "assistant" => (ChatRole.Assistant, BlockPlace.Assistant),

            // Claude Code puts system messages inside `messages` for the newest models.
            "system" => (ChatRole.System, BlockPlace.System),
            null => throw AnthropicJson.BadRequest($"{path}.role: Field required.", $"{path}.role"),
            var other => throw AnthropicJson.BadRequest($"{path}.role '{other}' is not one of user, assistant, system.", $"{path}.role"),
        };

        if (dto.Content is null)
        {
            throw AnthropicJson.BadRequest($"{path}.content: Field required.", $"{path}.content");
        }

        var parts = AnthropicContentReader.ReadContent(dto.Content, place, $"{path}.content");
        var extensions = ExtensionBag.From(AnthropicProtocol.Name, dto.Extra);

        // A system message read from `messages` is tagged Anthropic (even with no extra fields), which
        // tells the Anthropic writer the client placed it inline and it stays there; others are hoisted.
        if (role == ChatRole.System)
        {
            extensions ??= new ExtensionBag(AnthropicProtocol.Name, new Dictionary<string, JsonElement>());
        }

        return new ChatMessage(role, parts) { Extensions = extensions };
    }

    private static void Keep(Dictionary<string, JsonElement> extras, string name, JsonElement? value)
    {
        if (value is { ValueKind: not JsonValueKind.Null } element)
        {
            extras[name] = element;
        }
    }
}
