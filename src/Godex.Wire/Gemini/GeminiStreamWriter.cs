using System.Buffers;
using System.Text;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// Writes canonical events as Gemini streams them: every chunk a whole GenerateContentResponse, either
/// as `data: {...}` events separated by CRLF CRLF (`alt=sse`) or as the elements of one JSON array.
/// Text and thoughts go out as they arrive; function calls go out whole when their part is done (Gemini
/// does not stream arguments); the last chunk carries finishReason and usageMetadata; a failure ends
/// the stream with a chunk holding an `error` object. Reasoning Gemini clients drop on replay rides on
/// the next unsigned call (<see cref="GeminiCarriedReasoning"/>). One instance per response.
/// </summary>
public sealed class GeminiStreamWriter(bool sse) : ProtocolStreamWriter
{
    private readonly Dictionary<int, PartState> _parts = [];
    private readonly Utf8JsonWriter _json = new(Stream.Null, WireJson.WriterOptions);
    private string _id = "";
    private string _model = "";
    private string? _pendingSignature;
    private List<ReasoningPart>? _carried;
    private bool _wroteChunk;

    protected override void WriteEvent(IBufferWriter<byte> output, StreamEvent streamEvent)
    {
        switch (streamEvent)
        {
            case ResponseStarted started:
                (_id, _model) = (started.Id, started.Model);
                break;
            case PartStarted started:
                if (started.Kind != PartKind.Text)
                {
                    FlushSignature(output);
                }

                _parts[started.Index] = new PartState(started.Kind, started.ToolCallId, started.ToolName);
                break;
            case TextDelta delta when delta.Text.Length > 0:
                Chunk(output, delta.Text, thought: false, TakeSignature());
                break;
            case ReasoningDelta delta when delta.Text.Length > 0:
                Part(delta.Index).Text.Append(delta.Text);
                Chunk(output, delta.Text, thought: true, null);
                break;
            case ReasoningSignature signed:
                Part(signed.Index).Encrypted ??= signed.EncryptedContent;
                if (signed.Signature is { } signature)
                {
                    Sign(output, signed.Index, signature);
                }

                break;
            case ToolArgumentsDelta delta:
                Part(delta.Index).Arguments.Append(delta.Json);
                break;
            case PartDone done:
                Close(output, done.Index);
                break;
            case ResponseFinished finished:
                Finish(output, finished.Reason);
                break;
            case ResponseFailed failed:
                Begin(output);
                GeminiErrors.WriteObject(_json, failed.Error);
                _json.Flush();
                End(output);
                CloseArray(output);
                Completed = true;
                break;
        }
    }

    public override void Dispose() => _json.Dispose();

    private PartState Part(int index)
    {
        if (!_parts.TryGetValue(index, out var part))
        {
            part = new PartState(PartKind.Text, null, null); // a delta without PartStarted: keep the content
            _parts[index] = part;
        }

        return part;
    }

    private void Sign(IBufferWriter<byte> output, int index, string signature)
    {
        var part = Part(index);
        part.Signature = signature;
        switch (part.Kind)
        {
            case PartKind.ToolCall:
                break;
            case PartKind.Reasoning when !part.HasText:
                break; // a signature-only part: it goes onto the text that follows
            default:
                Chunk(output, "", thought: part.Kind == PartKind.Reasoning, signature);
                break;
        }
    }

    private void Close(IBufferWriter<byte> output, int index)
    {
        if (!_parts.Remove(index, out var part))
        {
            return;
        }

        if (part.Kind == PartKind.ToolCall)
        {
            FlushSignature(output);
            WriteCallChunk(output, part);
        }
        else if (part.Kind == PartKind.Reasoning)
        {
            var thought = new ReasoningPart { Text = part.Text.ToString(), Signature = part.Signature, EncryptedContent = part.Encrypted };
            if (GeminiCarriedReasoning.NeedsCarrying(thought))
            {
                (_carried ??= []).Add(thought);
            }
            else if (thought.Signature is { } signature)
            {
                FlushSignature(output);
                _pendingSignature = signature;
            }
        }
    }

    private void Finish(IBufferWriter<byte> output, FinishReason reason)
    {
        foreach (var index in _parts.Keys.Order().ToList())
        {
            Close(output, index);
        }

        if (Completed)
        {
            return; // a part could not be written and ended the stream
        }

        BeginChunk(output);
        WriteCandidate(TakeSignature(), reason);
        if (ReportedUsage is not null)
        {
            GeminiUsage.Write(_json, ReportedUsage);
        }

        EndChunk(output);
        CloseArray(output);
        Completed = true;
    }

    private void WriteCandidate(string? signature, FinishReason reason)
    {
        // The real API's last chunk holds an empty text part (carrying any signature) beside finishReason.
        StartCandidate();
        _json.WriteStartObject();
        _json.WriteString("text", "");
        if (signature is not null)
        {
            _json.WriteString("thoughtSignature", signature);
        }

        _json.WriteEndObject();
        EndCandidate(reason);
    }

    private void FlushSignature(IBufferWriter<byte> output)
    {
        if (TakeSignature() is { } signature)
        {
            Chunk(output, "", thought: false, signature);
        }
    }

    private string? TakeSignature()
    {
        var signature = _pendingSignature;
        _pendingSignature = null;
        return signature;
    }

    private void Chunk(IBufferWriter<byte> output, string text, bool thought, string? signature)
    {
        BeginChunk(output);
        StartCandidate();
        _json.WriteStartObject();
        _json.WriteString("text", text);
        if (thought)
        {
            _json.WriteBoolean("thought", true);
        }

        if (signature is not null)
        {
            _json.WriteString("thoughtSignature", signature);
        }

        _json.WriteEndObject();
        EndCandidate(null);
        EndChunk(output);
    }

    private void WriteCallChunk(IBufferWriter<byte> output, PartState call)
    {
        var arguments = ToolArguments.Normalize(call.Arguments.ToString());
        if (!IsJsonObject(arguments))
        {
            // Gemini's args is an object: arguments that are not one (cut off by a length limit, say) cannot be passed on.
            Write(output, new ResponseFailed(new GodexError(502, "provider.invalid_response",
                $"The upstream's arguments for tool call '{call.ToolCallId}' ({call.ToolName}) are not a JSON object, which a Gemini client needs.")));
            return;
        }

        BeginChunk(output);
        StartCandidate();
        _json.WriteStartObject();
        _json.WriteStartObject("functionCall");
        if (!GeminiProtocol.IsSyntheticCallId(call.ToolCallId) && !string.IsNullOrEmpty(call.ToolCallId))
        {
            _json.WriteString("id", call.ToolCallId);
        }

        _json.WriteString("name", call.ToolName ?? "");
        _json.WritePropertyName("args");
        _json.WriteRawValue(arguments);
        _json.WriteEndObject();

        // The reasoning before this call, for the client to send back; a call Gemini signed needs none.
        var signature = call.Signature ?? (_carried is null ? null : GeminiCarriedReasoning.Pack(_carried));
        _carried = null;
        if (signature is not null)
        {
            _json.WriteString("thoughtSignature", signature);
        }

        _json.WriteEndObject();
        EndCandidate(null);
        EndChunk(output);
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void StartCandidate()
    {
        _json.WriteStartArray("candidates");
        _json.WriteStartObject();
        _json.WriteStartObject("content");
        _json.WriteStartArray("parts");
    }

    private void EndCandidate(FinishReason? reason)
    {
        _json.WriteEndArray();
        _json.WriteString("role", "model");
        _json.WriteEndObject();
        if (reason is { } finish)
        {
            _json.WriteString("finishReason", GeminiProtocol.FormatFinishReason(finish));
        }

        _json.WriteNumber("index", 0);
        _json.WriteEndObject();
        _json.WriteEndArray();
    }

    private void BeginChunk(IBufferWriter<byte> output)
    {
        Begin(output);
        _json.WriteStartObject();
    }

    /// <summary>Starts a chunk: the SSE prefix or the array separator; the caller writes the object.</summary>
    private void Begin(IBufferWriter<byte> output)
    {
        if (sse)
        {
            output.Write("data: "u8);
        }
        else
        {
            output.Write(_wroteChunk ? ",\r\n"u8 : "["u8);
        }

        _wroteChunk = true;
        _json.Reset(output);
    }

    private void EndChunk(IBufferWriter<byte> output)
    {
        _json.WriteString("modelVersion", _model);
        _json.WriteString("responseId", _id);
        _json.WriteEndObject();
        _json.Flush();
        End(output);
    }

    private void End(IBufferWriter<byte> output)
    {
        if (sse)
        {
            output.Write("\r\n\r\n"u8);
        }
    }

    private void CloseArray(IBufferWriter<byte> output)
    {
        if (!sse)
        {
            output.Write("]"u8);
        }
    }

    private sealed class PartState(PartKind kind, string? toolCallId, string? toolName)
    {
        public PartKind Kind { get; } = kind;
        public string? ToolCallId { get; } = toolCallId;
        public string? ToolName { get; } = toolName;
        public bool HasText => Text.Length > 0;
        public string? Signature { get; set; }
        public string? Encrypted { get; set; }
        public StringBuilder Text { get; } = new();
        public StringBuilder Arguments { get; } = new();
    }
}
