using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;
using Godex.Wire.Sse;

namespace Godex.Wire.OpenAIChat;

/// <summary>
/// Writes canonical events as the `chat.completion.chunk` stream OpenAI emits: a role chunk, content
/// and tool-call deltas (the first piece of each call carries id, type and name), a chunk with
/// `finish_reason`, a usage chunk with empty `choices` when the client asked for it, then `[DONE]`.
/// One instance per response.
/// </summary>
public sealed class OpenAIChatStreamWriter(bool includeUsage) : ProtocolStreamWriter
{
    private readonly Dictionary<int, int> _toolOrdinals = [];
    private readonly Utf8JsonWriter _json = new(Stream.Null, WireJson.WriterOptions);
    private string _id = "";
    private string _model = "";
    private long _created;
    private bool _started;

    protected override void WriteEvent(IBufferWriter<byte> output, StreamEvent streamEvent)
    {
        switch (streamEvent)
        {
            case ResponseStarted started:
                (_id, _model, _created) = (started.Id, started.Model, started.Created.ToUnixTimeSeconds());
                _started = true;
                Chunk(output, DeltaKind.Role, null, null);
                break;
            case PartStarted { Kind: PartKind.ToolCall } part:
                var ordinal = _toolOrdinals.Count;
                _toolOrdinals[part.Index] = ordinal;
                Chunk(output, DeltaKind.ToolStart, part, null);
                break;
            case TextDelta delta:
                Chunk(output, DeltaKind.Content, null, delta.Text);
                break;
            case ReasoningDelta delta:
                Chunk(output, DeltaKind.Reasoning, null, delta.Text);
                break;
            case ToolArgumentsDelta delta when _toolOrdinals.TryGetValue(delta.Index, out var toolOrdinal):
                Chunk(output, DeltaKind.ToolArguments, new PartStarted(toolOrdinal, PartKind.ToolCall), delta.Json);
                break;
            case ResponseFinished finished:
                Finish(output, finished.Reason);
                break;
            case ResponseFailed failed:
                SseFrame.Begin(output);
                _json.Reset(output);
                OpenAIChatErrors.WriteObject(_json, failed.Error);
                _json.Flush();
                SseFrame.End(output);
                Completed = true;
                break;
        }
    }

    public override void Dispose() => _json.Dispose();

    private void Finish(IBufferWriter<byte> output, FinishReason reason)
    {
        if (!_started)
        {
            Chunk(output, DeltaKind.Role, null, null);
        }

        Chunk(output, DeltaKind.Finish, null, OpenAIChatProtocol.FormatFinishReason(reason));
        if (includeUsage && ReportedUsage is not null)
        {
            Begin(output);
            _json.WriteStartArray("choices");
            _json.WriteEndArray();
            ChatJsonWrite.Usage(_json, ReportedUsage);
            End(output);
        }

        SseFrame.WriteRaw(output, "[DONE]"u8);
        Completed = true;
    }

    private void Chunk(IBufferWriter<byte> output, DeltaKind kind, PartStarted? tool, string? text)
    {
        Begin(output);
        _json.WriteStartArray("choices");
        _json.WriteStartObject();
        _json.WriteNumber("index", 0);
        _json.WriteStartObject("delta");
        switch (kind)
        {
            case DeltaKind.Role:
                _json.WriteString("role", "assistant");
                _json.WriteString("content", "");
                break;
            case DeltaKind.Content:
                _json.WriteString("content", text);
                break;
            case DeltaKind.Reasoning:
                _json.WriteString("reasoning_content", text);
                break;
            case DeltaKind.ToolStart:
                _json.WriteStartArray("tool_calls");
                ChatJsonWrite.ToolCall(_json, new ToolCallPart(tool!.ToolCallId ?? "", tool.ToolName ?? "", ""), _toolOrdinals[tool.Index]);
                _json.WriteEndArray();
                break;
            case DeltaKind.ToolArguments:
                _json.WriteStartArray("tool_calls");
                _json.WriteStartObject();
                _json.WriteNumber("index", tool!.Index);
                _json.WriteStartObject("function");
                _json.WriteString("arguments", text);
                _json.WriteEndObject();
                _json.WriteEndObject();
                _json.WriteEndArray();
                break;
        }

        _json.WriteEndObject();
        _json.WriteNull("logprobs");
        if (kind == DeltaKind.Finish)
        {
            _json.WriteString("finish_reason", text);
        }
        else
        {
            _json.WriteNull("finish_reason");
        }

        _json.WriteEndObject();
        _json.WriteEndArray();
        End(output);
    }

    private void Begin(IBufferWriter<byte> output)
    {
        SseFrame.Begin(output);
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteString("id", _id);
        _json.WriteString("object", "chat.completion.chunk");
        _json.WriteNumber("created", _created);
        _json.WriteString("model", _model);
    }

    private void End(IBufferWriter<byte> output)
    {
        _json.WriteEndObject();
        _json.Flush();
        SseFrame.End(output);
    }

    private enum DeltaKind
    {
        Role,
        Content,
        Reasoning,
        ToolStart,
        ToolArguments,
        Finish,
    }
}
