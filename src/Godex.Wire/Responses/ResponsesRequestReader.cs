using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Responses;

/// <summary>
/// Reads a Responses `POST /v1/responses` body into a <see cref="ChatRequest"/>. Fields the canonical
/// model does not name (include, store, prompt_cache_key, client_metadata, service_tier, truncation,
/// previous_response_id, text.verbosity, ...) travel in the request's bag for a Responses upstream.
/// </summary>
public static class ResponsesRequestReader
{
    public static async ValueTask<ChatRequest> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var json = await JsonBody.ReadAsync(body, cancellationToken).ConfigureAwait(false);
        return Read(json.Span);
    }

    public static ChatRequest Read(ReadOnlySpan<byte> json)
    {
        JsonText.EnsureRepresentable(json);
        ResponsesRequestDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, ResponsesJsonContext.Default.ResponsesRequestDto);
        }
        catch (JsonException exception)
        {
            throw new GodexException(JsonErrors.Describe(exception));
        }

        return Map(dto ?? throw new GodexException(GodexError.BadRequest("Request body must be a JSON object.")));
    }

    private static ChatRequest Map(ResponsesRequestDto dto)
    {
        var extra = dto.Extra ?? new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        List<ChatMessage> messages;
        if (dto.Input is { ValueKind: not JsonValueKind.Null } input)
        {
            messages = ResponsesInputReader.Read(input);
        }
        else if (Present(extra, "previous_response_id") || Present(extra, "conversation") || Present(extra, "prompt"))
        {
            messages = []; // the conversation lives elsewhere; the gateway decides whether it can follow
        }
        else
        {
            throw new GodexException(GodexError.BadRequest("'input' is required: a string or an array of input items.", "input"));
        }

        var choice = ResponsesToolReader.ReadChoice(dto.ToolChoice, out var rawChoice);
        if (rawChoice is { } raw)
        {
            extra["tool_choice"] = raw;
        }

        if (dto.Text?.Extra is { Count: > 0 } textExtra)
        {
            extra["text"] = ObjectOf(textExtra);
        }

        if (dto.Reasoning?.Extra is { Count: > 0 } reasoningExtra)
        {
            extra["reasoning"] = ObjectOf(reasoningExtra);
        }

        if (dto.SafetyIdentifier is { } safety)
        {
            extra["safety_identifier"] = ResponsesJson.StringValue(safety);
        }

        return new ChatRequest
        {
            Model = dto.Model ?? "",
            Instructions = dto.Instructions,
            Messages = messages,
            Tools = ResponsesToolReader.Read(dto.Tools),
            ToolChoice = choice,
            ParallelToolCalls = dto.ParallelToolCalls,
            ResponseFormat = ReadFormat(dto.Text?.Format),
            Reasoning = dto.Reasoning is { Effort: not null } or { Summary: not null }
                ? new ReasoningSettings { Effort = dto.Reasoning.Effort, Summary = dto.Reasoning.Summary }
                : null,
            Temperature = dto.Temperature,
            TopP = dto.TopP,
            MaxOutputTokens = dto.MaxOutputTokens,
            User = dto.User ?? dto.SafetyIdentifier,
            Metadata = dto.Metadata,
            Stream = dto.Stream ?? false,
            // Always a bag, even empty: it marks the request as a Responses client's, so a Responses
            // upstream gets protocol defaults (strict tools, store) left as the client left them.
            Extensions = new ExtensionBag(ResponsesProtocol.Name, extra),
        };
    }

    private static ResponseFormat? ReadFormat(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } format)
        {
            return element is null or { ValueKind: JsonValueKind.Null }
                ? null
                : throw ResponsesJson.BadRequest("text.format must be an object with a 'type'.", "text.format");
        }

        return ResponsesJson.String(format, "type") switch
        {
            "text" => new ResponseFormat(ResponseFormatKind.Text),
            "json_object" => new ResponseFormat(ResponseFormatKind.JsonObject),
            "json_schema" => new ResponseFormat(ResponseFormatKind.JsonSchema)
            {
                Name = ResponsesJson.String(format, "name"),
                Description = ResponsesJson.String(format, "description"),
                Schema = ResponsesJson.Property(format, "schema")
                    ?? throw ResponsesJson.BadRequest("text.format.schema is required for type json_schema.", "text.format.schema"),
                Strict = ResponsesJson.Property(format, "strict") is { ValueKind: JsonValueKind.True or JsonValueKind.False } strict ? strict.GetBoolean() : null,
            },
            var other => throw ResponsesJson.BadRequest($"text.format.type '{other}' is not one of text, json_object, json_schema.", "text.format.type"),
        };
    }

    private static bool Present(Dictionary<string, JsonElement> extra, string name) =>
        extra.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static JsonElement ObjectOf(Dictionary<string, JsonElement> fields) => ResponsesJson.Build(json =>
    {
        json.WriteStartObject();
        foreach (var (name, value) in fields)
        {
            json.WritePropertyName(name);
            value.WriteTo(json);
        }

        json.WriteEndObject();
    });
}
