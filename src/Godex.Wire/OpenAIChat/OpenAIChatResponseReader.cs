using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.OpenAIChat;

/// <summary>Reads an upstream's non-streaming `chat.completion` body.</summary>
public static class OpenAIChatResponseReader
{
    public static ChatResponse Read(ReadOnlySpan<byte> json)
    {
        ChatCompletionDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatCompletionDto);
        }
        catch (JsonException exception)
        {
            var error = JsonErrors.Describe(exception, "The upstream's response");
            throw new GodexException(new GodexError(502, "provider.invalid_response", error.Message));
        }

        if (dto?.Error is { } upstreamError)
        {
            throw new GodexException(OpenAIChatErrors.FromBody(502, upstreamError));
        }

        var choice = dto?.Choices is { Count: > 0 } choices ? choices[0] : null;
        if (dto is null || choice?.Message is null)
        {
            throw new GodexException(new GodexError(502, "provider.invalid_response", "The upstream's response has no choices[0].message."));
        }

        ChatMessage message;
        try
        {
            message = ChatMessageMapper.FromWire(choice.Message, "choices[0].message");
        }
        catch (GodexException exception)
        {
            // The mapper's 400s describe client input; here the upstream sent the malformed message.
            throw new GodexException(new GodexError(502, "provider.invalid_response", $"The upstream's response is malformed: {exception.Error.Message}"));
        }

        var finish = OpenAIChatProtocol.ParseFinishReason(choice.FinishReason);
        if (finish == FinishReason.Stop && message.Parts.Any(static part => part is ToolCallPart))
        {
            finish = FinishReason.ToolCalls; // some servers say "stop" after a tool call, as in streams
        }

        return new ChatResponse
        {
            Id = dto.Id ?? "",
            Model = dto.Model ?? "",
            Created = DateTimeOffset.FromUnixTimeSeconds(dto.Created ?? 0),
            // `"content": ""` beside tool_calls is no text (the streamed form of the same turn has none).
            Parts = [.. message.Parts.Where(static part => part is not TextPart { Text.Length: 0 })],
            FinishReason = finish,
            Usage = dto.Usage is null ? null : ChatJsonWrite.ReadUsage(dto.Usage),
            Extensions = ExtensionBag.From(OpenAIChatProtocol.Name, dto.Extra),
        };
    }
}
