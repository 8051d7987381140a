using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Responses;

/// <summary>Reads an upstream's non-streaming `response` object.</summary>
public static class ResponsesResponseReader
{
    public static ChatResponse Read(ReadOnlySpan<byte> json)
    {
        ResponseObjectDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, ResponsesJsonContext.Default.ResponseObjectDto);
        }
        catch (JsonException exception)
        {
            var error = JsonErrors.Describe(exception, "The upstream's response");
            throw new GodexException(new GodexError(502, "provider.invalid_response", error.Message));
        }

        if (dto is null)
        {
            throw new GodexException(new GodexError(502, "provider.invalid_response", "The upstream's response is not a JSON object."));
        }

        if (dto.Status == "failed" || (dto.Error is not null && dto.Output is null or { Count: 0 }))
        {
            throw new GodexException(ResponsesErrors.FromUpstream(dto.Error));
        }

        if (dto.Output is null)
        {
            throw new GodexException(new GodexError(502, "provider.invalid_response", "The upstream's response has no 'output'."));
        }

        var parts = ReadOutput(dto.Output);
        return new ChatResponse
        {
            Id = dto.Id ?? "",
            Model = dto.Model ?? "",
            Created = DateTimeOffset.FromUnixTimeSeconds(dto.CreatedAt ?? 0),
            Parts = parts,
            FinishReason = FinishOf(dto, parts),
            Usage = dto.Usage is null ? null : ReadUsage(dto.Usage),
            Extensions = ResponsesJson.Bag(dto.Extra),
        };
    }

    /// <summary>Canonical parts for output items; malformed items are the upstream's fault (502).</summary>
    internal static List<ContentPart> ReadOutput(IReadOnlyList<JsonElement> output)
    {
        var parts = new List<ContentPart>(output.Count);
        try
        {
            for (var i = 0; i < output.Count; i++)
            {
                ReadItem(output[i], $"output[{i}]", parts);
            }
        }
        catch (GodexException exception) when (exception.Error.Status == 400)
        {
            throw new GodexException(new GodexError(502, "provider.invalid_response", $"The upstream's response is malformed: {exception.Error.Message}"));
        }

        return parts;
    }

    internal static void ReadItem(JsonElement item, string path, List<ContentPart> parts)
    {
        switch (ResponsesJson.String(item, "type"))
        {
            case "message":
                parts.AddRange(ResponsesItemReader.AssistantMessage(item, path));
                break;
            case "reasoning":
                parts.Add(ResponsesItemReader.Reasoning(item));
                break;
            case { } type when ResponsesCalls.IsCall(type):
                parts.Add(ResponsesItemReader.Call(item, type, path));
                break;
            default:
                // Hosted-tool activity (web_search_call, ...): invisible to other protocols, replayed to Responses clients.
                parts.Add(new TextPart("") { Extensions = ResponsesJson.Bag(new() { [ResponsesProtocol.OpaqueItem] = item.Clone() }) });
                break;
        }
    }

    internal static FinishReason FinishOf(ResponseObjectDto dto, IReadOnlyList<ContentPart> parts) =>
        dto.Status == "incomplete" ? ResponsesProtocol.IncompleteReason(dto.IncompleteDetails?.Reason)
        : parts.Any(static part => part is ToolCallPart) ? FinishReason.ToolCalls
        : FinishReason.Stop;

    internal static Usage ReadUsage(UsageDto usage) => new()
    {
        InputTokens = usage.InputTokens ?? 0,
        OutputTokens = usage.OutputTokens ?? 0,
        CachedInputTokens = usage.InputTokensDetails?.CachedTokens ?? 0,
        ReasoningTokens = usage.OutputTokensDetails?.ReasoningTokens ?? 0,
    };
}
