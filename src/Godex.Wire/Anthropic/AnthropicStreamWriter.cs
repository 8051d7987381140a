using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;
using Godex.Wire.Sse;

namespace Godex.Wire.Anthropic;

/// <summary>
/// Writes canonical events as the Messages SSE sequence Anthropic's servers emit: message_start (then
/// a ping), one content_block_start / _delta / _stop run per part with sequential indexes,
/// message_delta with stop_reason and usage, message_stop; a failure is an `error` event.
/// Canonical parts may overlap (a Chat upstream streams several tool calls at once) but Anthropic
/// blocks may not, so a part that opens while another is being written waits, with its deltas,
/// until the blocks before it close. One instance per response.
/// </summary>
public sealed class AnthropicStreamWriter : ProtocolStreamWriter
{
    private readonly Utf8JsonWriter _json = new(Stream.Null, WireJson.WriterOptions);
    private readonly Dictionary<int, Block> _blocks = [];
    private readonly Queue<Block> _waiting = new();
    private Block? _active;
    private int _nextWireIndex;

    /// <summary>Set once a text or tool block has started: thinking can no longer open this message.</summary>
    private bool _contentStarted;
    private bool _started;

    protected override void WriteEvent(IBufferWriter<byte> output, StreamEvent streamEvent)
    {
        switch (streamEvent)
        {
            case ResponseStarted started:
                MessageStart(output, started.Id, started.Model);
                break;
            case PartStarted part:
                Open(output, part);
                break;
            case PartDone done:
                if (_blocks.TryGetValue(done.Index, out var closing))
                {
                    closing.Done = true;
                    if (closing == _active)
                    {
                        Stop(output, closing);
                        PromoteWaiting(output);
                    }
                }

                break;
            case UsageReported:
                break; // merged by the base, written with message_delta
            case ResponseFinished finished:
                Finish(output, finished.Reason);
                break;
            case ResponseFailed failed:
                SseFrame.Begin(output, "error");
                _json.Reset(output);
                AnthropicErrors.WriteObject(_json, failed.Error);
                _json.Flush();
                SseFrame.End(output);
                Completed = true;
                break;
            default:
                Delta(output, streamEvent);
                break;
        }
    }

    public override void Dispose() => _json.Dispose();

    private void Open(IBufferWriter<byte> output, PartStarted part)
    {
        MessageStart(output, "", "");
        var block = new Block(part);
        _blocks[part.Index] = block;
        if (_active is null)
        {
            Activate(output, block);
        }
        else
        {
            _waiting.Enqueue(block);
        }
    }

    private void Delta(IBufferWriter<byte> output, StreamEvent delta)
    {
        var index = delta switch
        {
            TextDelta text => text.Index,
            ReasoningDelta reasoning => reasoning.Index,
            ReasoningSignature signature => signature.Index,
            ToolArgumentsDelta arguments => arguments.Index,
            _ => -1,
        };

        if (!_blocks.TryGetValue(index, out var block))
        {
            if (delta is not TextDelta)
            {
                return;
            }

            // Text without PartStarted: tolerated as a text part rather than lost.
            Open(output, new PartStarted(index, PartKind.Text));
            block = _blocks[index];
        }

        if (block == _active)
        {
            Emit(output, block, delta);
        }
        else
        {
            block.Pending.Add(delta);
        }
    }

    private void Activate(IBufferWriter<byte> output, Block block)
    {
        _active = block;
        if (block.Part.Kind != PartKind.Reasoning)
        {
            StartBlock(output, block, redactedData: null); // reasoning waits: thinking or redacted_thinking is decided by what arrives
        }

        foreach (var pending in block.Pending)
        {
            Emit(output, block, pending);
        }

        block.Pending.Clear();
        if (block.Done)
        {
            Stop(output, block);
        }
    }

    private void PromoteWaiting(IBufferWriter<byte> output)
    {
        while (_active is null && _waiting.TryDequeue(out var next))
        {
            Activate(output, next);
        }
    }

    private void Emit(IBufferWriter<byte> output, Block block, StreamEvent delta)
    {
        switch (delta)
        {
            case TextDelta text when block.Part.Kind == PartKind.Text && text.Text.Length > 0:
                WriteDelta(output, block, "text_delta", "text", text.Text);
                break;
            case ToolArgumentsDelta arguments when block.Part.Kind == PartKind.ToolCall && arguments.Json.Length > 0:
                WriteDelta(output, block, "input_json_delta", "partial_json", arguments.Json);
                break;
            case ReasoningDelta reasoning when block.Part.Kind == PartKind.Reasoning && reasoning.Text.Length > 0:
                if (!block.Opened)
                {
                    StartBlock(output, block, redactedData: null);
                }

                if (!block.Redacted)
                {
                    WriteDelta(output, block, "thinking_delta", "thinking", reasoning.Text);
                }

                break;
            case ReasoningSignature signature when block.Part.Kind == PartKind.Reasoning:
                if (!block.Opened && _contentStarted)
                {
                    // A bare signature after the answer (Gemini's closing thoughtSignature) is no Anthropic
                    // signature, and Anthropic never puts thinking after content: no block for it.
                    break;
                }

                if (!block.Opened)
                {
                    // Only an opaque payload and no thinking yet: Anthropic's redacted_thinking, whose data rides in its start.
                    StartBlock(output, block, signature.Signature is null ? signature.EncryptedContent : null);
                }

                // A signature belongs to thinking; an encrypted payload that arrives after thinking text has no Anthropic place.
                if (!block.Redacted && signature.Signature is { Length: > 0 } value)
                {
                    WriteDelta(output, block, "signature_delta", "signature", value);
                }

                break;

                // Signatures on tool calls (Gemini's) have no Anthropic place either.
        }
    }

    private void StartBlock(IBufferWriter<byte> output, Block block, string? redactedData)
    {
        block.WireIndex = _nextWireIndex++;
        block.Opened = true;
        _contentStarted |= block.Part.Kind != PartKind.Reasoning;
        Begin(output, "content_block_start");
        _json.WriteNumber("index", block.WireIndex);
        _json.WriteStartObject("content_block");
        switch (block.Part.Kind)
        {
            case PartKind.ToolCall:
                _json.WriteString("type", "tool_use");
                _json.WriteString("id", AnthropicResponseWriter.ToolUseId(block.Part.ToolCallId ?? "", block.WireIndex));
                _json.WriteString("name", block.Part.ToolName ?? "");
                _json.WriteStartObject("input");
                _json.WriteEndObject();
                AnthropicJson.Extensions(_json, block.Part.Extensions, "type", "id", "name", "input");
                break;
            case PartKind.Reasoning when redactedData is not null:
                block.Redacted = true;
                _json.WriteString("type", "redacted_thinking");
                _json.WriteString("data", redactedData);
                break;
            case PartKind.Reasoning:
                _json.WriteString("type", "thinking");
                _json.WriteString("thinking", "");
                _json.WriteString("signature", "");
                break;
            default:
                _json.WriteString("type", "text");
                _json.WriteString("text", "");
                AnthropicJson.Extensions(_json, block.Part.Extensions, "type", "text");
                break;
        }

        _json.WriteEndObject();
        End(output);
    }

    private void Stop(IBufferWriter<byte> output, Block block)
    {
        _blocks.Remove(block.Part.Index);
        _active = null;
        if (!block.Opened)
        {
            return; // reasoning that never said anything: no block at all
        }

        Begin(output, "content_block_stop");
        _json.WriteNumber("index", block.WireIndex);
        End(output);
    }

    private void WriteDelta(IBufferWriter<byte> output, Block block, string type, string field, string value)
    {
        Begin(output, "content_block_delta");
        _json.WriteNumber("index", block.WireIndex);
        _json.WriteStartObject("delta");
        _json.WriteString("type", type);
        _json.WriteString(field, value);
        _json.WriteEndObject();
        End(output);
    }

    private void MessageStart(IBufferWriter<byte> output, string id, string model)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        Begin(output, "message_start");
        _json.WriteStartObject("message");
        _json.WriteString("id", AnthropicResponseWriter.MessageId(id));
        _json.WriteString("type", "message");
        _json.WriteString("role", "assistant");
        _json.WriteString("model", model);
        _json.WriteStartArray("content");
        _json.WriteEndArray();
        _json.WriteNull("stop_reason");
        _json.WriteNull("stop_sequence");

        // Canonical usage arrives once, at the end; message_delta carries all of it, input included.
        AnthropicJson.WriteUsage(_json, null);
        _json.WriteEndObject();
        End(output);

        Begin(output, "ping");
        End(output);
    }

    private void Finish(IBufferWriter<byte> output, FinishReason reason)
    {
        MessageStart(output, "", "");

        // Parts left open (a contract breach upstream) are closed in order rather than lost.
        while (_active is not null || _waiting.Count > 0)
        {
            if (_active is { } open)
            {
                Stop(output, open);
            }

            if (_waiting.TryDequeue(out var next))
            {
                next.Done = true;
                Activate(output, next);
            }
        }

        Begin(output, "message_delta");
        _json.WriteStartObject("delta");
        _json.WriteString("stop_reason", AnthropicProtocol.FormatStopReason(reason));
        _json.WriteNull("stop_sequence");
        _json.WriteEndObject();
        AnthropicJson.WriteUsage(_json, ReportedUsage);
        End(output);

        Begin(output, "message_stop");
        End(output);
        Completed = true;
    }

    private void Begin(IBufferWriter<byte> output, string type)
    {
        SseFrame.Begin(output, type);
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteString("type", type);
    }

    private void End(IBufferWriter<byte> output)
    {
        _json.WriteEndObject();
        _json.Flush();
        SseFrame.End(output);
    }

    private sealed class Block(PartStarted part)
    {
        public PartStarted Part { get; } = part;
        public List<StreamEvent> Pending { get; } = [];
        public bool Done { get; set; }
        public bool Opened { get; set; }
        public bool Redacted { get; set; }
        public int WireIndex { get; set; }
    }
}
