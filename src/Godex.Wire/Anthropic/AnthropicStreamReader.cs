using System.Runtime.CompilerServices;
using System.Text.Json;

using Godex.Wire.Sse;

namespace Godex.Wire.Anthropic;

/// <summary>
/// Turns an upstream's Messages SSE stream into canonical events: message_start opens the response,
/// content_block_start/delta/stop map one block to one part (the block's index is the part's index),
/// usage is reported as it arrives (the input with message_start, the output with message_delta) as
/// running totals, so a stream cut mid-answer still accounts for its input. An
/// `error` event (it can come inside an HTTP 200) or a stream that ends before the turn does becomes
/// a failure, never a silent truncation.
/// </summary>
public static class AnthropicStreamReader
{
    public static IAsyncEnumerable<StreamEvent> ReadAsync(Stream body, CancellationToken cancellationToken = default) =>
        ReadAsync(body, TimeProvider.System, cancellationToken);

    public static async IAsyncEnumerable<StreamEvent> ReadAsync(Stream body, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var state = new AnthropicEventReader(time);
        await foreach (var sse in SseReader.ReadAsync(body, cancellationToken).ConfigureAwait(false))
        {
            StreamEventDto? dto;
            try
            {
                dto = JsonSerializer.Deserialize(sse.Data, AnthropicJsonContext.Default.StreamEventDto);
            }
            catch (JsonException exception)
            {
                dto = null;
                state.Fail(new GodexError(502, "provider.invalid_stream", $"The upstream sent a stream event that is not valid JSON: {exception.Message}"));
            }

            if (dto is not null)
            {
                state.Read(dto);
            }

            foreach (var streamEvent in state.Events)
            {
                yield return streamEvent;
                if (streamEvent is ResponseFailed or ResponseFinished)
                {
                    yield break;
                }
            }

            state.Events.Clear();
        }

        foreach (var streamEvent in state.End())
        {
            yield return streamEvent;
        }
    }
}
