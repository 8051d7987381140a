using System.Text.Json;

namespace Godex.Wire.Anthropic;

/// <summary>
/// The state machine behind <see cref="AnthropicStreamReader"/>: reads Messages stream events one at a
/// time, however they arrived (SSE from the API, or wrapped in Claude Code's stream-json lines), and
/// collects the canonical events they produce in <see cref="Events"/>.
/// </summary>
internal sealed class AnthropicEventReader(TimeProvider time)
{
    // Open blocks by their wire index, with whether tool input came whole in content_block_start.
    private readonly Dictionary<int, (PartKind Kind, bool InputGiven)> _open = [];
    private bool _started;
    private string? _stopReason;
    private long? _input;
    private long? _output;
    private long? _cacheWrite;
    private long? _cacheRead;
    private Usage? _reported;

    public List<StreamEvent> Events { get; } = new(4);

    public void Fail(GodexError error) => Events.Add(new ResponseFailed(error));

    /// <summary>Reads one event given as a JSON value (Claude Code's stream-json carries them so).</summary>
    public void Read(JsonElement element)
    {
        StreamEventDto? dto;
        try
        {
            dto = element.Deserialize(AnthropicJsonContext.Default.StreamEventDto);
        }
        catch (JsonException exception)
        {
            Fail(new GodexError(502, "provider.invalid_stream", $"A stream event is not a valid Messages event: {exception.Message}"));
            return;
        }

        if (dto is not null)
        {
            Read(dto);
        }
    }

    public void Read(StreamEventDto dto)
    {
        switch (dto.Type)
        {
            case "message_start":
                Start(dto.Message?.Id, dto.Message?.Model);
                if (AddUsage(dto.Message?.Usage) && _input is not null)
                {
                    // message_start's output_tokens is a placeholder before any output; only the input is known yet.
                    Report(AnthropicJson.ReadUsage(_input, null, _cacheWrite, _cacheRead));
                }

                break;
            case "content_block_start":
                Start(null, null);
                OpenBlock(dto);
                break;
            case "content_block_delta":
                Delta(dto);
                break;
            case "content_block_stop":
                if (dto.Index is { } index && _open.Remove(index))
                {
                    Events.Add(new PartDone(index));
                }

                break;
            case "message_delta":
                _stopReason = dto.Delta?.StopReason ?? _stopReason;
                if (AddUsage(dto.Usage))
                {
                    ReportAll();
                }

                break;
            case "message_stop":
                Finish();
                break;
            case "error":
                var type = dto.Error?.Type;
                Fail(new GodexError(AnthropicErrors.StatusFor(type), "provider.stream_error", dto.Error?.Message ?? "The upstream reported an error mid-stream.") { UpstreamType = type });
                break;

                // ping and event types added later carry nothing Godex needs.
        }
    }

    public List<StreamEvent> End()
    {
        // A stream that stopped after message_delta said why the turn ended lost only message_stop.
        if (_started && _stopReason is not null)
        {
            Finish();
            return Events;
        }

        return [new ResponseFailed(new GodexError(502, "provider.stream_truncated",
            _started ? "The upstream stream ended before message_stop." : "The upstream stream ended without sending any event."))];
    }

    private void Start(string? id, string? model)
    {
        if (!_started)
        {
            _started = true;
            Events.Add(new ResponseStarted(id ?? "", model ?? "", time.GetUtcNow()));
        }
    }

    private void OpenBlock(StreamEventDto dto)
    {
        if (dto.Index is not { } index || dto.ContentBlock is not { ValueKind: JsonValueKind.Object } block)
        {
            Fail(new GodexError(502, "provider.invalid_stream", "The upstream sent content_block_start without an index or content_block."));
            return;
        }

        switch (AnthropicJson.GetString(block, "type"))
        {
            case "text":
                _open[index] = (PartKind.Text, false);
                Events.Add(new PartStarted(index, PartKind.Text) { Extensions = AnthropicJson.Extras(block, "type", "text") });
                if (AnthropicJson.GetString(block, "text") is { Length: > 0 } text)
                {
                    Events.Add(new TextDelta(index, text));
                }

                break;
            case "thinking":
                _open[index] = (PartKind.Reasoning, false);
                Events.Add(new PartStarted(index, PartKind.Reasoning));
                if (AnthropicJson.GetString(block, "thinking") is { Length: > 0 } thinking)
                {
                    Events.Add(new ReasoningDelta(index, thinking));
                }

                if (AnthropicJson.GetString(block, "signature") is { Length: > 0 } signature)
                {
                    Events.Add(new ReasoningSignature(index, signature));
                }

                break;
            case "redacted_thinking":
                _open[index] = (PartKind.Reasoning, false);
                Events.Add(new PartStarted(index, PartKind.Reasoning));
                Events.Add(new ReasoningSignature(index, null, AnthropicJson.GetString(block, "data") ?? ""));
                break;
            case "tool_use":
                // Anthropic streams input as input_json_delta after an empty `input`; some compatible servers send it whole here.
                var input = AnthropicJson.Get(block, "input");
                var given = input is { ValueKind: JsonValueKind.Object } whole && whole.EnumerateObject().Any();
                _open[index] = (PartKind.ToolCall, given);
                Events.Add(new PartStarted(index, PartKind.ToolCall)
                {
                    ToolCallId = AnthropicJson.GetString(block, "id") ?? $"toolu_{index}",
                    ToolName = AnthropicJson.GetString(block, "name") ?? "",
                    Extensions = AnthropicJson.Extras(block, "type", "id", "name", "input"),
                });
                if (given)
                {
                    Events.Add(new ToolArgumentsDelta(index, input!.Value.GetRawText()));
                }

                break;
            case var other:
                Fail(new GodexError(502, "bridge.untranslatable", $"The upstream streamed a '{other}' content block, which Godex cannot carry yet (it carries text, thinking, redacted_thinking and tool_use)."));
                break;
        }
    }

    private void Delta(StreamEventDto dto)
    {
        if (dto.Index is not { } index || dto.Delta is not { } delta || !_open.TryGetValue(index, out var block))
        {
            Fail(new GodexError(502, "provider.invalid_stream", $"The upstream sent content_block_delta for block {dto.Index}, which is not open."));
            return;
        }

        switch (delta.Type)
        {
            case "text_delta" when block.Kind == PartKind.Text:
                if (!string.IsNullOrEmpty(delta.Text))
                {
                    Events.Add(new TextDelta(index, delta.Text));
                }

                break;
            case "thinking_delta" when block.Kind == PartKind.Reasoning:
                if (!string.IsNullOrEmpty(delta.Thinking))
                {
                    Events.Add(new ReasoningDelta(index, delta.Thinking));
                }

                break;
            case "signature_delta" when block.Kind == PartKind.Reasoning:
                Events.Add(new ReasoningSignature(index, delta.Signature));
                break;
            case "input_json_delta" when block.Kind == PartKind.ToolCall:
                if (!block.InputGiven && !string.IsNullOrEmpty(delta.PartialJson))
                {
                    Events.Add(new ToolArgumentsDelta(index, delta.PartialJson));
                }

                break;
            case "citations_delta":
                break; // a citation annotates text already streamed; the canonical model has no place for it yet
            default:
                Fail(new GodexError(502, "provider.invalid_stream", $"The upstream sent a '{delta.Type}' delta for a {block.Kind} block."));
                break;
        }
    }

    private bool AddUsage(UsageDto? usage)
    {
        if (usage is null)
        {
            return false;
        }

        // message_delta repeats or updates message_start's figures; the latest reported value wins.
        _input = usage.InputTokens ?? _input;
        _output = usage.OutputTokens ?? _output;
        _cacheWrite = usage.CacheCreationInputTokens ?? _cacheWrite;
        _cacheRead = usage.CacheReadInputTokens ?? _cacheRead;
        return _input is not null || _output is not null;
    }

    private void ReportAll() => Report(AnthropicJson.ReadUsage(_input, _output, _cacheWrite, _cacheRead));

    /// <summary>
    /// Usage is reported as soon as it is known, so a stream cut mid-answer still accounts for its input;
    /// each report is the running total (merged with Usage.Merge, the last one is the answer's usage).
    /// </summary>
    private void Report(Usage usage)
    {
        if (usage != _reported)
        {
            _reported = usage;
            Events.Add(new UsageReported(usage));
        }
    }

    private void Finish()
    {
        Start(null, null);
        foreach (var index in _open.Keys.Order().ToList())
        {
            Events.Add(new PartDone(index));
        }

        _open.Clear();
        if (_input is not null || _output is not null)
        {
            ReportAll(); // a no-op when message_delta already reported the final figures
        }

        Events.Add(new ResponseFinished(AnthropicProtocol.ParseStopReason(_stopReason)));
    }
}
