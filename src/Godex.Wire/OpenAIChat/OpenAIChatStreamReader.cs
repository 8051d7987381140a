using System.Runtime.CompilerServices;
using System.Text.Json;

using Godex.Wire.Sse;

namespace Godex.Wire.OpenAIChat;

/// <summary>
/// Turns an upstream's `chat.completion.chunk` SSE stream into canonical events. Text and reasoning
/// parts close when another part opens; tool-call parts (which may interleave by `index`) close at
/// the end. A stream that ends without `finish_reason` or `[DONE]` becomes a failure, never a
/// silent truncation.
/// </summary>
public static class OpenAIChatStreamReader
{
    public static async IAsyncEnumerable<StreamEvent> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var state = new State();
        await foreach (var sse in SseReader.ReadAsync(body, cancellationToken).ConfigureAwait(false))
        {
            if (sse.Data == "[DONE]")
            {
                state.Done = true;
                break;
            }

            ChatCompletionDto? chunk;
            try
            {
                chunk = JsonSerializer.Deserialize(sse.Data, ChatJsonContext.Default.ChatCompletionDto);
            }
            catch (JsonException exception)
            {
                chunk = null;
                state.Events.Add(new ResponseFailed(new GodexError(502, "provider.invalid_stream", $"The upstream sent a stream chunk that is not valid JSON: {exception.Message}")));
            }

            if (chunk is not null)
            {
                state.Read(chunk);
            }

            foreach (var streamEvent in state.Events)
            {
                yield return streamEvent;
                if (streamEvent is ResponseFailed)
                {
                    yield break;
                }
            }

            state.Events.Clear();
        }

        foreach (var streamEvent in state.Finish())
        {
            yield return streamEvent;
        }
    }

    private sealed class State
    {
        private readonly Dictionary<int, int> _toolParts = [];
        private bool _started;
        private int _nextIndex;
        private int _textIndex = -1;
        private int _reasoningIndex = -1;
        private string? _finishReason;
        private Usage? _usage;

        public List<StreamEvent> Events { get; } = new(4);

        public bool Done { get; set; }

        public void Read(ChatCompletionDto chunk)
        {
            if (chunk.Error is { } error)
            {
                Events.Add(new ResponseFailed(OpenAIChatErrors.FromBody(502, error)));
                return;
            }

            if (!_started)
            {
                _started = true;
                Events.Add(new ResponseStarted(chunk.Id ?? "", chunk.Model ?? "", DateTimeOffset.FromUnixTimeSeconds(chunk.Created ?? 0)));
            }

            if (chunk.Choices is { Count: > 0 } choices)
            {
                var choice = choices[0];
                if (choice.Delta is { } delta)
                {
                    ReadDelta(delta);
                }

                _finishReason = choice.FinishReason ?? _finishReason;
            }

            // Held until the parts close: the canonical order is parts, then usage, then finish.
            if (chunk.Usage is { } usage)
            {
                var read = ChatJsonWrite.ReadUsage(usage);
                _usage = _usage is null ? read : _usage.Merge(read);
            }
        }

        public IEnumerable<StreamEvent> Finish()
        {
            if (!_started || (_finishReason is null && !Done))
            {
                yield return new ResponseFailed(new GodexError(502, "provider.stream_truncated",
                    _started ? "The upstream stream ended before finish_reason or [DONE]." : "The upstream stream ended without sending any chunk."));
                yield break;
            }

            CloseText();
            CloseReasoning();
            foreach (var index in _toolParts.Values.Order())
            {
                Events.Add(new PartDone(index));
            }

            if (_usage is not null)
            {
                Events.Add(new UsageReported(_usage));
            }

            foreach (var pending in Events)
            {
                yield return pending;
            }

            Events.Clear();
            var reason = OpenAIChatProtocol.ParseFinishReason(_finishReason);
            if (reason == FinishReason.Stop && _toolParts.Count > 0)
            {
                reason = FinishReason.ToolCalls; // some servers say "stop" after a tool call
            }

            yield return new ResponseFinished(reason);
        }

        private void ReadDelta(ChatMessageDto delta)
        {
            if ((delta.ReasoningContent ?? delta.Reasoning) is { Length: > 0 } reasoning)
            {
                if (_reasoningIndex < 0)
                {
                    CloseText();
                    _reasoningIndex = _nextIndex++;
                    Events.Add(new PartStarted(_reasoningIndex, PartKind.Reasoning));
                }

                Events.Add(new ReasoningDelta(_reasoningIndex, reasoning));
            }

            var text = delta.Content is { ValueKind: JsonValueKind.String } content ? content.GetString() : null;
            if (string.IsNullOrEmpty(text))
            {
                text = delta.Refusal;
            }

            if (!string.IsNullOrEmpty(text))
            {
                if (_textIndex < 0)
                {
                    CloseReasoning();
                    _textIndex = _nextIndex++;
                    Events.Add(new PartStarted(_textIndex, PartKind.Text));
                }

                Events.Add(new TextDelta(_textIndex, text));
            }

            if (delta.ToolCalls is { } calls)
            {
                for (var i = 0; i < calls.Count; i++)
                {
                    ReadToolCall(calls[i], i);
                }
            }
        }

        private void ReadToolCall(ToolCallDto call, int position)
        {
            var key = call.Index ?? position;
            if (!_toolParts.TryGetValue(key, out var index))
            {
                CloseText();
                CloseReasoning();
                index = _nextIndex++;
                _toolParts[key] = index;
                Events.Add(new PartStarted(index, PartKind.ToolCall)
                {
                    ToolCallId = string.IsNullOrEmpty(call.Id) ? $"call_{key}" : call.Id,
                    ToolName = call.Function?.Name ?? "",
                });
            }

            if (call.Function?.Arguments is { Length: > 0 } arguments)
            {
                Events.Add(new ToolArgumentsDelta(index, arguments));
            }
        }

        private void CloseText()
        {
            if (_textIndex >= 0)
            {
                Events.Add(new PartDone(_textIndex));
                _textIndex = -1;
            }
        }

        private void CloseReasoning()
        {
            if (_reasoningIndex >= 0)
            {
                Events.Add(new PartDone(_reasoningIndex));
                _reasoningIndex = -1;
            }
        }
    }
}
