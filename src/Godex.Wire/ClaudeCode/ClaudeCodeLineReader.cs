using System.Text.Json;

using Godex.Wire.Anthropic;

namespace Godex.Wire.ClaudeCode;

/// <summary>
/// Turns the lines of `claude -p --output-format stream-json --verbose --include-partial-messages`
/// into canonical events, one line at a time:
/// <list type="bullet">
/// <item>`stream_event` lines wrap the raw Messages stream events of the CLI's API call; they go through
/// the Anthropic codec's own event reader, so text, thinking and signatures map as they do from the API.</item>
/// <item>`assistant` lines repeat each finished block; they are used only when no `stream_event` came
/// (a CLI run without partial messages), and never the synthetic message the CLI prints for an API error.</item>
/// <item>The final `result` line ends the answer: its usage (summed over the run, cache figures included) is
/// reported, or, when it says is_error or a subtype other than success, the answer fails with its text.</item>
/// </list>
/// `system`, `user` and other lines carry nothing a client needs and are skipped.
/// </summary>
public sealed class ClaudeCodeLineReader(TimeProvider time, string provider)
{
    private AnthropicEventReader? _message;
    private bool _started;
    private bool _streamed;
    private int _offset;
    private int _parts;
    private string? _wholeMessageId;
    private FinishReason? _finish;

    /// <summary>The events the lines read so far produced and that the caller has not yet cleared.</summary>
    public List<StreamEvent> Events { get; } = new(4);

    /// <summary>True once the `result` line (or a failure) ended the answer.</summary>
    public bool Ended { get; private set; }

    /// <summary>The CLI's session id from its `system` init line, for logs.</summary>
    public string? SessionId { get; private set; }

    public void Read(string line)
    {
        if (Ended || string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        CliLineDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(line, ClaudeCodeJsonContext.Default.CliLineDto);
        }
        catch (JsonException)
        {
            // The CLI prints only JSON lines on stdout; anything else (a warning from Node) is not part of the answer.
            return;
        }

        if (dto is null || dto.ParentToolUseId is not null)
        {
            return;
        }

        switch (dto.Type)
        {
            case "system" when dto.Subtype == "init":
                SessionId = dto.SessionId;
                break;
            case "stream_event" when dto.Event is { ValueKind: JsonValueKind.Object } streamEvent:
                _streamed = true;
                ReadStreamEvent(streamEvent);
                break;
            case "assistant" when !_streamed && dto.Error is null && dto.Message is { ValueKind: JsonValueKind.Object } message:
                ReadWholeMessage(message);
                break;
            case "result":
                ReadResult(dto);
                break;
        }
    }

    private void ReadStreamEvent(JsonElement streamEvent)
    {
        if (AnthropicJson.GetString(streamEvent, "type") == "message_start")
        {
            // A run may make more than one API call; each message's blocks continue the numbering.
            _offset = _parts;
            _message = new AnthropicEventReader(time);
        }

        if (_message is null)
        {
            return;
        }

        _message.Read(streamEvent);
        foreach (var anthropicEvent in _message.Events)
        {
            switch (anthropicEvent)
            {
                case ResponseStarted started:
                    Start(started.Id, started.Model);
                    break;
                case UsageReported:
                    break; // the result line reports the run's usage
                case ResponseFinished finished:
                    _finish = finished.Reason;
                    break;
                case ResponseFailed failed:
                    Fail(failed.Error);
                    break;
                default:
                    var shifted = Shift(anthropicEvent, _offset);
                    if (shifted is PartStarted part)
                    {
                        _parts = Math.Max(_parts, part.Index + 1);
                    }

                    Events.Add(shifted);
                    break;
            }
        }

        _message.Events.Clear();
    }

    private void ReadWholeMessage(JsonElement message)
    {
        var id = AnthropicJson.GetString(message, "id");
        var model = AnthropicJson.GetString(message, "model");
        if (model == "<synthetic>")
        {
            return;
        }

        Start(id ?? "", model ?? "");
        _wholeMessageId = id;
        if (AnthropicJson.Get(message, "content") is not { ValueKind: JsonValueKind.Array } content)
        {
            return;
        }

        foreach (var block in content.EnumerateArray())
        {
            var index = _parts;
            switch (AnthropicJson.GetString(block, "type"))
            {
                case "text":
                    _parts++;
                    Events.Add(new PartStarted(index, PartKind.Text));
                    Events.Add(new TextDelta(index, AnthropicJson.GetString(block, "text") ?? ""));
                    Events.Add(new PartDone(index));
                    break;
                case "thinking":
                    _parts++;
                    Events.Add(new PartStarted(index, PartKind.Reasoning));
                    Events.Add(new ReasoningDelta(index, AnthropicJson.GetString(block, "thinking") ?? ""));
                    if (AnthropicJson.GetString(block, "signature") is { Length: > 0 } signature)
                    {
                        Events.Add(new ReasoningSignature(index, signature));
                    }

                    Events.Add(new PartDone(index));
                    break;

                    // tool_use cannot come back: the CLI runs with no tools and one turn.
            }
        }
    }

    private void ReadResult(CliLineDto result)
    {
        if (result.IsError == true || result.Subtype is not (null or "success"))
        {
            Fail(ResultError(result));
            return;
        }

        Start(_wholeMessageId ?? result.SessionId ?? "", "");
        if (result.Usage is { } usage)
        {
            Events.Add(new UsageReported(AnthropicJson.ReadUsage(usage.InputTokens, usage.OutputTokens, usage.CacheCreationInputTokens, usage.CacheReadInputTokens)));
        }

        Events.Add(new ResponseFinished(_finish ?? AnthropicProtocol.ParseStopReason(result.StopReason)));
        Ended = true;
    }

    /// <summary>The upstream's own status when the CLI names one (api_error_status); 502 for the CLI's own failures.</summary>
    private GodexError ResultError(CliLineDto result)
    {
        var detail = result.Result is { Length: > 0 } text ? text
            : result.Errors is { Count: > 0 } errors ? string.Join("; ", errors)
            : "no detail";
        if (result.ApiErrorStatus is >= 400 and <= 599 and var status)
        {
            return new GodexError(status, "provider.upstream_error", $"Provider '{provider}' (Claude Code CLI): the Anthropic API answered {status}: {detail}");
        }

        return result.Subtype switch
        {
            "error_max_turns" => new GodexError(502, "provider.cli_max_turns",
                $"Provider '{provider}' (Claude Code CLI) stopped after {result.NumTurns ?? 1} turn(s): the model asked for a tool, and the CLI runs with its tools off. {detail}"),
            _ => new GodexError(502, "provider.cli_error", $"Provider '{provider}' (Claude Code CLI) failed ({result.Subtype ?? "is_error"}): {detail}"),
        };
    }

    private void Start(string id, string model)
    {
        if (!_started)
        {
            _started = true;
            Events.Add(new ResponseStarted(id, model, time.GetUtcNow()));
        }
    }

    private void Fail(GodexError error)
    {
        Events.Add(new ResponseFailed(error));
        Ended = true;
    }

    private static StreamEvent Shift(StreamEvent streamEvent, int offset) => offset == 0 ? streamEvent : streamEvent switch
    {
        PartStarted e => e with { Index = e.Index + offset },
        TextDelta e => e with { Index = e.Index + offset },
        ReasoningDelta e => e with { Index = e.Index + offset },
        ReasoningSignature e => e with { Index = e.Index + offset },
        ToolArgumentsDelta e => e with { Index = e.Index + offset },
        PartDone e => e with { Index = e.Index + offset },
        _ => streamEvent,
    };
}
