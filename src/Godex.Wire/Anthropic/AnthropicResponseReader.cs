using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Anthropic;

/// <summary>Reads an upstream's non-streaming `message` object.</summary>
public static class AnthropicResponseReader
{
    public static ChatResponse Read(ReadOnlySpan<byte> json, DateTimeOffset created)
    {
        MessageDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, AnthropicJsonContext.Default.MessageDto);
        }
        catch (JsonException exception)
        {
            var error = JsonErrors.Describe(exception, "The upstream's response");
            throw new GodexException(new GodexError(502, "provider.invalid_response", error.Message));
        }

        if (dto?.Error is { } upstreamError)
        {
            throw new GodexException(AnthropicErrors.FromBody(AnthropicErrors.StatusFor(upstreamError.Type), upstreamError));
        }

        if (dto?.Content is null)
        {
            throw new GodexException(new GodexError(502, "provider.invalid_response", "The upstream's response has no content array."));
        }

        var parts = new List<ContentPart>(dto.Content.Count);
        for (var i = 0; i < dto.Content.Count; i++)
        {
            try
            {
                parts.Add(AnthropicContentReader.ReadBlock(dto.Content[i], BlockPlace.Assistant, $"content[{i}]"));
            }
            catch (GodexException exception)
            {
                // The reader's 400s describe client input; here the upstream sent something Godex cannot carry.
                throw new GodexException(new GodexError(502, "provider.invalid_response", $"The upstream's response cannot be carried: {exception.Error.Message}"));
            }
        }

        return new ChatResponse
        {
            Id = dto.Id ?? "",
            Model = dto.Model ?? "",
            Created = created,
            Parts = parts,
            FinishReason = AnthropicProtocol.ParseStopReason(dto.StopReason),
            Usage = dto.Usage is null ? null : AnthropicJson.ReadUsage(dto.Usage),
            Extensions = Extensions(dto),
        };
    }

    /// <summary>Unknown fields (context_management, container, ...) plus the exact stop_reason and stop_sequence, for Anthropic clients.</summary>
    private static ExtensionBag? Extensions(MessageDto dto)
    {
        var fields = dto.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(dto.Extra);
        if (dto.StopSequence is { } sequence)
        {
            fields["stop_sequence"] = JsonSerializer.SerializeToElement(sequence, AnthropicJsonContext.Default.String);
        }

        if (dto.StopReason is { } reason && reason != AnthropicProtocol.FormatStopReason(AnthropicProtocol.ParseStopReason(reason)))
        {
            fields["stop_reason"] = JsonSerializer.SerializeToElement(reason, AnthropicJsonContext.Default.String);
        }

        return ExtensionBag.From(AnthropicProtocol.Name, fields);
    }
}
