using System.Buffers;
using System.Text;
using System.Text.Json;

using Godex.Wire.Json;
using Godex.Wire.OpenAIChat;
using Godex.Wire.Sse;

namespace Godex.Wire.Responses;

/// <summary>
/// Writes canonical events as the event stream the Responses API emits: response.created and
/// response.in_progress; per output item output_item.added, its content or summary parts and deltas,
/// output_item.done; then response.completed (or response.incomplete) carrying the whole response with
/// usage, or `error` + response.failed. Every event has an `event:` line equal to its type and a
/// sequence_number counting from 0; item ids (msg_, rs_, fc_, ...) stay the same across an item's events.
/// One instance per response.
/// </summary>
public sealed class ResponsesStreamWriter(ResponsesReply reply) : ProtocolStreamWriter
{
    private readonly Utf8JsonWriter _json = new(Stream.Null, WireJson.WriterOptions);
    private readonly Dictionary<int, Part> _parts = [];
    private readonly SortedDictionary<int, OutputItem> _output = [];
    private ResponsesIds _ids = ResponsesIds.For("");
    private string _model = "";
    private DateTimeOffset _created;
    private long _sequence;
    private int _outputCount;
    private bool _started;
    private Message? _message;

    protected override void WriteEvent(IBufferWriter<byte> output, StreamEvent streamEvent)
    {
        if (!_started && streamEvent is not ResponseStarted)
        {
            Start(output, new ResponseStarted("", "", DateTimeOffset.UnixEpoch));
        }

        switch (streamEvent)
        {
            case ResponseStarted started when !_started:
                Start(output, started);
                break;
            case PartStarted started:
                Open(output, started);
                break;
            case TextDelta delta when _parts.GetValueOrDefault(delta.Index) is TextState text:
                text.Text.Append(delta.Text);
                Begin(output, text.Refusal ? "response.refusal.delta" : "response.output_text.delta");
                ContentFields(text);
                _json.WriteString("delta", delta.Text);
                if (!text.Refusal)
                {
                    EmptyLogprobs();
                }

                End(output);
                break;
            case ReasoningDelta delta when _parts.GetValueOrDefault(delta.Index) is ReasoningState reasoning:
                if (!reasoning.SummaryOpen)
                {
                    reasoning.SummaryOpen = true;
                    Begin(output, "response.reasoning_summary_part.added");
                    SummaryFields(reasoning);
                    _json.WritePropertyName("part");
                    ResponsesItems.WriteSummaryPart(_json, "");
                    End(output);
                }

                reasoning.Text.Append(delta.Text);
                Begin(output, "response.reasoning_summary_text.delta");
                SummaryFields(reasoning);
                _json.WriteString("delta", delta.Text);
                End(output);
                break;
            case ReasoningSignature signature when _parts.GetValueOrDefault(signature.Index) is ReasoningState reasoning:
                // encrypted_content is what Responses clients replay; another protocol's signature has no field here.
                reasoning.Encrypted = signature.EncryptedContent ?? reasoning.Encrypted;
                break;
            case ToolArgumentsDelta delta when _parts.GetValueOrDefault(delta.Index) is CallState call:
                call.Arguments.Append(delta.Json);
                if (call.Type == ResponsesCalls.Function)
                {
                    CallInputEvent(output, call, "response.function_call_arguments.delta", "delta", delta.Json);
                }

                break;
            case PartDone done when _parts.Remove(done.Index, out var part):
                Close(output, part);
                break;
            case ResponseFinished finished:
                Finish(output, finished.Reason);
                break;
            case ResponseFailed failed:
                Fail(output, failed.Error);
                break;
        }
    }

    public override void Dispose() => _json.Dispose();

    private void Start(IBufferWriter<byte> output, ResponseStarted started)
    {
        _started = true;
        _ids = ResponsesIds.For(started.Id);
        (_model, _created) = (started.Model, started.Created);
        ResponseEvent(output, "response.created", "in_progress");
        ResponseEvent(output, "response.in_progress", "in_progress");
    }

    private void Open(IBufferWriter<byte> output, PartStarted started)
    {
        switch (started.Kind)
        {
            case PartKind.Text when ResponsesJson.BagValue(started.Extensions, ResponsesProtocol.OpaqueItem) is { } item:
                CloseMessage(output, "completed");
                var opaque = new OpaqueState(new OpaqueOutput(item), _outputCount++);
                _parts[started.Index] = opaque;
                ItemEvent(output, "response.output_item.added", opaque.OutputIndex, opaque.Item, done: false);
                break;
            case PartKind.Text:
                var key = ResponsesResponseWriter.MessageKey(started.Extensions);
                if (_message is null || _message.Key != key)
                {
                    CloseMessage(output, "completed");
                    _message = new Message(ResponsesResponseWriter.MessageId(started.Extensions) ?? _ids.Next("msg"), _outputCount++, key);
                    ItemEvent(output, "response.output_item.added", _message.OutputIndex, _message.Item, done: false);
                }

                var text = new TextState(_message, _message.NextContent++, new TextPart("") { Extensions = started.Extensions });
                _parts[started.Index] = text;
                Begin(output, "response.content_part.added");
                ContentFields(text);
                _json.WritePropertyName("part");
                ResponsesItems.WriteTextPart(_json, text.Template, "");
                End(output);
                break;
            case PartKind.Reasoning:
                CloseMessage(output, "completed");
                var reasoning = new ReasoningState(ResponsesJson.BagString(started.Extensions, "id") ?? _ids.Next("rs"), _outputCount++, started.Extensions);
                _parts[started.Index] = reasoning;
                ItemEvent(output, "response.output_item.added", reasoning.OutputIndex, reasoning.ToItem(), done: false);
                break;
            case PartKind.ToolCall:
                CloseMessage(output, "completed");
                var name = started.ToolName ?? "";
                var type = reply.Tools.CallType(name, started.Extensions);
                var call = new CallState(ResponsesJson.BagString(started.Extensions, "id") ?? _ids.Next(ResponsesIds.PrefixFor(type)), _outputCount++, type, started.ToolCallId ?? "", name, started.Extensions);
                _parts[started.Index] = call;

                // Calls whose input streams as text are announced now; the others once their input is whole.
                if (type is ResponsesCalls.Function or ResponsesCalls.Custom)
                {
                    ItemEvent(output, "response.output_item.added", call.OutputIndex, call.ToItem(), done: false);
                }

                break;
        }
    }

    private void Close(IBufferWriter<byte> output, Part part)
    {
        switch (part)
        {
            case OpaqueState opaque:
                ItemEvent(output, "response.output_item.done", opaque.OutputIndex, opaque.Item, done: true);
                _output[opaque.OutputIndex] = opaque.Item;
                break;
            case TextState text:
                var value = text.Text.ToString();
                Begin(output, text.Refusal ? "response.refusal.done" : "response.output_text.done");
                ContentFields(text);
                _json.WriteString(text.Refusal ? "refusal" : "text", value);
                if (!text.Refusal)
                {
                    EmptyLogprobs();
                }

                End(output);
                var finished = text.Template with { Text = value };
                Begin(output, "response.content_part.done");
                ContentFields(text);
                _json.WritePropertyName("part");
                ResponsesItems.WriteTextPart(_json, finished, value);
                End(output);
                text.Message.Texts.Add(finished);
                break;
            case ReasoningState reasoning:
                if (reasoning.SummaryOpen)
                {
                    var summary = reasoning.Text.ToString();
                    Begin(output, "response.reasoning_summary_text.done");
                    SummaryFields(reasoning);
                    _json.WriteString("text", summary);
                    End(output);
                    Begin(output, "response.reasoning_summary_part.done");
                    SummaryFields(reasoning);
                    _json.WritePropertyName("part");
                    ResponsesItems.WriteSummaryPart(_json, summary);
                    End(output);
                }

                var item = reasoning.ToItem();
                ItemEvent(output, "response.output_item.done", reasoning.OutputIndex, item, done: true);
                _output[reasoning.OutputIndex] = item;
                break;
            case CallState call:
                CloseCall(output, call);
                break;
        }
    }

    private void CloseCall(IBufferWriter<byte> output, CallState call)
    {
        if (call.Type == ResponsesCalls.Function && call.Arguments.Length == 0)
        {
            // Calls without arguments still show `{}`, as the folded (non-streamed) answer does.
            call.Arguments.Append("{}");
            CallInputEvent(output, call, "response.function_call_arguments.delta", "delta", "{}");
        }

        var arguments = call.Arguments.ToString();
        var item = call.ToItem(arguments);
        switch (call.Type)
        {
            case ResponsesCalls.Function:
                CallInputEvent(output, call, "response.function_call_arguments.done", "arguments", arguments);
                break;
            case ResponsesCalls.Custom:
                WholeCallInput(output, call, "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done", "input", ResponsesCalls.CustomInput(arguments));
                break;
            case ResponsesCalls.ApplyPatch:
                ItemEvent(output, "response.output_item.added", call.OutputIndex, item, done: false);
                var diff = ToolArguments.IsValidJson(arguments) && ResponsesJson.Parse(arguments) is { ValueKind: JsonValueKind.Object } operation
                    ? ResponsesJson.String(operation, "diff")
                    : null;
                if (diff is not null)
                {
                    WholeCallInput(output, call, "response.apply_patch_call_operation_diff.delta", "response.apply_patch_call_operation_diff.done", "diff", diff);
                }

                break;
            default:
                ItemEvent(output, "response.output_item.added", call.OutputIndex, item, done: false);
                break;
        }

        ItemEvent(output, "response.output_item.done", call.OutputIndex, item, done: true);
        _output[call.OutputIndex] = item;
    }

    /// <summary>An input that is whole when its call closes: all of it in one delta event (none when empty), then the done event.</summary>
    private void WholeCallInput(IBufferWriter<byte> output, CallState call, string deltaType, string doneType, string field, string value)
    {
        if (value.Length > 0)
        {
            CallInputEvent(output, call, deltaType, "delta", value);
        }

        CallInputEvent(output, call, doneType, field, value);
    }

    /// <summary>One event about a call's input: the item's id and index, then the text under its field.</summary>
    private void CallInputEvent(IBufferWriter<byte> output, CallState call, string type, string field, string value)
    {
        Begin(output, type);
        ItemFields(call.Id, call.OutputIndex);
        _json.WriteString(field, value);
        End(output);
    }

    private void CloseMessage(IBufferWriter<byte> output, string status)
    {
        if (_message is not { } message)
        {
            return;
        }

        _message = null;
        ItemEvent(output, "response.output_item.done", message.OutputIndex, message.Item, done: true, status);
        _output[message.OutputIndex] = message.Item;
    }

    private void Finish(IBufferWriter<byte> output, FinishReason reason)
    {
        foreach (var index in _parts.Keys.Order().ToList())
        {
            _parts.Remove(index, out var part);
            Close(output, part!);
        }

        var incomplete = ResponsesProtocol.IncompleteReasonFor(reason);
        CloseMessage(output, incomplete is null ? "completed" : "incomplete");
        if (incomplete is null)
        {
            ResponseEvent(output, "response.completed", "completed");
        }
        else
        {
            ResponseEvent(output, "response.incomplete", "incomplete", incompleteReason: incomplete);
        }

        Completed = true;
    }

    private void Fail(IBufferWriter<byte> output, GodexError error)
    {
        // The `error` event: its fields at the top level (API reference) and under `error` (as recorded from the API).
        Begin(output, "error");
        var code = ResponsesReplyWriter.ErrorCode(error);
        _json.WriteString("code", code);
        _json.WriteString("message", error.Message);
        WriteParam(error.Param);
        _json.WriteStartObject("error");
        _json.WriteString("type", ErrorTypes.ForOpenAI(error).Type);
        _json.WriteString("code", code);
        _json.WriteString("message", error.Message);
        WriteParam(error.Param);
        _json.WriteEndObject();
        End(output);
        ResponseEvent(output, "response.failed", "failed", error);
        Completed = true;
    }

    private void ResponseEvent(IBufferWriter<byte> output, string type, string status, GodexError? error = null, string? incompleteReason = null)
    {
        Begin(output, type);
        _json.WritePropertyName("response");
        var final = status != "in_progress";
        ResponsesReplyWriter.WriteObject(_json, reply, new ResponsesReplyWriter.Snapshot(_ids.ResponseId, _created, _model, status)
        {
            Output = final ? [.. _output.Values] : [],
            Usage = final && error is null ? ReportedUsage : null, // a failed answer's figures are partial: the gateway's trace keeps them
            Error = error,
            IncompleteReason = incompleteReason,
            ItemStatus = status == "incomplete" ? "incomplete" : "completed",
        });
        End(output);
    }

    private void ItemEvent(IBufferWriter<byte> output, string type, int outputIndex, OutputItem item, bool done, string status = "completed")
    {
        Begin(output, type);
        _json.WriteNumber("output_index", outputIndex);
        _json.WritePropertyName("item");
        ResponsesItems.WriteItem(_json, item, done, status, reply.Tools);
        End(output);
    }

    private void ItemFields(string itemId, int outputIndex)
    {
        _json.WriteString("item_id", itemId);
        _json.WriteNumber("output_index", outputIndex);
    }

    private void ContentFields(TextState text)
    {
        ItemFields(text.Message.Id, text.Message.OutputIndex);
        _json.WriteNumber("content_index", text.ContentIndex);
    }

    private void SummaryFields(ReasoningState reasoning)
    {
        ItemFields(reasoning.Id, reasoning.OutputIndex);
        _json.WriteNumber("summary_index", 0);
    }

    private void EmptyLogprobs()
    {
        _json.WriteStartArray("logprobs");
        _json.WriteEndArray();
    }

    private void WriteParam(string? param)
    {
        if (param is null)
        {
            _json.WriteNull("param");
        }
        else
        {
            _json.WriteString("param", param);
        }
    }

    private void Begin(IBufferWriter<byte> output, string type)
    {
        SseFrame.Begin(output, type);
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteString("type", type);
        _json.WriteNumber("sequence_number", _sequence++);
    }

    private void End(IBufferWriter<byte> output)
    {
        _json.WriteEndObject();
        _json.Flush();
        SseFrame.End(output);
    }

    private abstract class Part;

    private sealed class OpaqueState(OpaqueOutput item, int outputIndex) : Part
    {
        public OpaqueOutput Item { get; } = item;
        public int OutputIndex { get; } = outputIndex;
    }

    /// <summary>An assistant message item, open while its text parts stream.</summary>
    private sealed class Message(string id, int outputIndex, string key)
    {
        public string Id { get; } = id;
        public int OutputIndex { get; } = outputIndex;
        public string Key { get; } = key;
        public int NextContent { get; set; }
        public List<TextPart> Texts { get; } = [];
        public MessageOutput Item => new(Id, Texts);
    }

    private sealed class TextState(Message message, int contentIndex, TextPart template) : Part
    {
        public Message Message { get; } = message;
        public int ContentIndex { get; } = contentIndex;
        public TextPart Template { get; } = template;
        public bool Refusal { get; } = ResponsesJson.BagString(template.Extensions, "type") == "refusal";
        public StringBuilder Text { get; } = new();
    }

    private sealed class ReasoningState(string id, int outputIndex, ExtensionBag? bag) : Part
    {
        public string Id { get; } = id;
        public int OutputIndex { get; } = outputIndex;
        public StringBuilder Text { get; } = new();
        public string? Encrypted { get; set; }
        public bool SummaryOpen { get; set; }

        public ReasoningOutput ToItem() => new(Id, new ReasoningPart { Text = Text.ToString(), EncryptedContent = Encrypted, Extensions = bag });
    }

    private sealed class CallState(string id, int outputIndex, string type, string callId, string name, ExtensionBag? bag) : Part
    {
        public string Id { get; } = id;
        public int OutputIndex { get; } = outputIndex;
        public string Type { get; } = type;
        public StringBuilder Arguments { get; } = new();

        public CallOutput ToItem(string arguments = "") => new(Id, Type, new ToolCallPart(callId, name, arguments) { Extensions = bag });
    }
}
